import { CommonValidatorFunctions } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * A namespaced Kubernetes object name, e.g. the target of `kserve.io/inference-service`.
 *
 * @public
 */
export interface NamespacedName {
  /** The Kubernetes namespace (a DNS-1123 label). */
  namespace: string;
  /** The object name (a DNS-1123 subdomain). */
  name: string;
}

const EXPECTED =
  "expected '<namespace>/<name>', a DNS-1123 label (lower-case letters, digits " +
  "and '-', at most 63 characters) and a DNS-1123 subdomain (the same, plus '.', " +
  'at most 253 characters)';

/**
 * Parses `namespace/name` the way Kubernetes would accept it; throws `InputError` otherwise.
 *
 * @remarks
 * KServe's admission webhook is stricter than Kubernetes for InferenceService
 * names (no dots, must start with a letter). This parser follows Kubernetes, so
 * an annotation that names an object the cluster could hold is never rejected here.
 *
 * @public
 */
export function parseNamespacedName(value: string): NamespacedName {
  const parts = value.split('/');
  if (
    parts.length !== 2 ||
    !CommonValidatorFunctions.isValidDnsLabel(parts[0]) ||
    !CommonValidatorFunctions.isValidDnsSubdomain(parts[1])
  ) {
    throw new InputError(
      `${JSON.stringify(value)} is not a namespaced name; ${EXPECTED}`,
    );
  }
  return { namespace: parts[0], name: parts[1] };
}
