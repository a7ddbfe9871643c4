/**
 * Test-only helpers that validate requests our clients send and responses our sandbox and
 * fixtures serve against the upstream API contracts in ../shared/contracts (test tier 2).
 *
 * @packageDocumentation
 */

import { isObject } from './ajv';
import { readContractDocument } from './contracts';
import { MlflowContract } from './mlflow';
import { OpenApiContract } from './openapi';
import type { SelfContainedSchema } from './responseSchema';
import type { HttpContract, HttpContractName } from './types';

export type {
  ContractName,
  ContractViolation,
  HttpContract,
  HttpContractName,
  HttpRequestSample,
  HttpResponseSample,
  OperationMatch,
  ValidationResult,
} from './types';
export {
  CONTRACT_FILES,
  contractsSkipReason,
  describeWithContracts,
  findContractsDir,
  readContractDocument,
} from './contracts';
export {
  KSERVE_API_VERSION,
  validateInferenceService,
  validateInferenceServiceList,
} from './kserve';
export {
  ARGOCD_APPLICATION_API_VERSION,
  validateArgoApplication,
  validateGithubWorkflow,
} from './manifests';
export { expectValid, expectViolation, formatViolations } from './expect';
export { schemaValidator, type SelfContainedSchema } from './responseSchema';

const contracts = new Map<HttpContractName, HttpContract>();

/** Loads one HTTP contract (OpenAPI, Swagger or the derived MLflow format); cached per process. */
export function loadHttpContract(name: HttpContractName): HttpContract {
  let contract = contracts.get(name);
  if (!contract) {
    const doc = readContractDocument(name);
    if (!isObject(doc))
      throw new Error(`Contract '${name}' is not a JSON/YAML object`);
    contract = name.startsWith('mlflow-')
      ? new MlflowContract(name, doc)
      : new OpenApiContract(name, doc);
    contracts.set(name, contract);
  }
  return contract;
}

/**
 * The self-contained (draft-07, local refs only) JSON Schema of an operation's success body,
 * e.g. `responseSchema('mlflow-3', 'POST', '/api/2.0/mlflow/runs/search')`.
 *
 * @public
 */
export function responseSchema(
  contract: HttpContractName,
  method: string,
  path: string,
): SelfContainedSchema {
  return loadHttpContract(contract).responseSchema(method, path);
}
