import type { ValidateFunction } from 'ajv';
import { createAjv, formatErrors } from './ajv';
import { readContractDocument } from './contracts';
import { LazyCrdValidator, validateCustomResource } from './crd';
import type { ValidationResult } from './types';

// Files a generated project carries that no HTTP API reads: GitOps and CI manifests.

/** apiVersion every Argo CD Application must carry. */
export const ARGOCD_APPLICATION_API_VERSION = 'argoproj.io/v1alpha1';

let applications: LazyCrdValidator | undefined;

/** Validates an Argo CD Application against its CRD's v1alpha1 schema (plus apiVersion, kind, ObjectMeta and pruning). */
export function validateArgoApplication(obj: unknown): ValidationResult {
  applications ??= new LazyCrdValidator(
    readContractDocument('argocd-application'),
    'v1alpha1',
  );
  const errors = validateCustomResource(
    applications,
    obj,
    { apiVersion: ARGOCD_APPLICATION_API_VERSION, kind: 'Application' },
    p => (p ? `object ${p}` : 'object'),
  );
  return { valid: errors.length === 0, operation: 'Application', errors };
}

let workflows: ValidateFunction | undefined;

/** Validates a GitHub Actions workflow (parsed YAML) against SchemaStore's workflow schema. */
export function validateGithubWorkflow(workflow: unknown): ValidationResult {
  workflows ??= createAjv('draft07').compile(
    readContractDocument('github-workflow') as object,
  );
  const valid = workflows(workflow) as boolean;
  return {
    valid,
    operation: 'workflow',
    errors: valid
      ? []
      : formatErrors(workflows.errors, p => (p ? `workflow ${p}` : 'workflow')),
  };
}
