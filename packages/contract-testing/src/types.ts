import type { SelfContainedSchema } from './responseSchema';

/** Names of the upstream contracts this package can load. */
export type ContractName =
  | 'airflow-v1' // airflow/v1.yaml (OpenAPI 3.0, paths relative to server /api/v1)
  | 'airflow-v2' // airflow/v2.yaml (OpenAPI 3.1, paths already /api/v2/...)
  | 'airflow-v2-3.0' // airflow/v2-airflow-3.0.2.yaml
  | 'kfp-v2beta1' // kubeflow-pipelines/kfp_api_single_file.swagger.json (Swagger 2.0)
  | 'mlflow-2' // mlflow/rest-api.json (derived format: rpcs + messages + enums)
  | 'mlflow-3' // mlflow/rest-api-3.x.json
  | 'kserve' // kserve/serving.kserve.io_inferenceservices.yaml (CRD v1beta1)
  | 'argocd-application' // argocd/application-crd.yaml (CRD v1alpha1)
  | 'github-workflow'; // github-actions/github-workflow.json (JSON Schema draft-07)

/** Names of the contracts that describe an HTTP API. */
export type HttpContractName = Exclude<
  ContractName,
  'kserve' | 'argocd-application' | 'github-workflow'
>;

/** One way a request, response or object disagrees with its contract. */
export interface ContractViolation {
  /** Where the problem is, e.g. "response body /dags/0/owners" or "query param limit". */
  where: string;
  /** What is wrong, in words a test failure can show as is. */
  message: string;
}

/** Outcome of validating one request, response or object. */
export interface ValidationResult {
  /** True when errors is empty. */
  valid: boolean;
  /** The operation (operationId or MLflow rpc name) the sample was matched to, when one was. */
  operation?: string;
  /** Every violation found (validation does not stop at the first one). */
  errors: ContractViolation[];
}

/** An operation found by {@link HttpContract.findOperation}. */
export interface OperationMatch {
  /** operationId (OpenAPI/Swagger) or rpc name (MLflow). */
  operationId: string;
  /** The path template as written in the contract, e.g. '/dags/{dag_id}'. */
  pathTemplate: string;
}

/** A request as a client sends it. */
export interface HttpRequestSample {
  /** HTTP method, any case. */
  method: string;
  /** Full upstream path without host or mount prefix; may carry a query string. */
  path: string;
  /** Query parameters in addition to those in path; arrays are repeated keys. */
  query?: Record<string, string | string[]>;
  /** Parsed JSON body; undefined, null, '' and {} count as "no body". */
  body?: unknown;
  /** Request headers (names in any case). */
  headers?: Record<string, string>;
}

/** A response as a server (sandbox, fixture, msw handler) sends it. */
export interface HttpResponseSample {
  /** HTTP method of the request this answers. */
  method: string;
  /** Path of the request this answers (same rules as HttpRequestSample.path). */
  path: string;
  /** HTTP status code. */
  status: number;
  /** Parsed JSON body (or a string for text responses). */
  body: unknown;
  /** Content-Type of the response; when omitted, the JSON media type is assumed if declared. */
  contentType?: string;
}

/** Validates requests and responses against one upstream HTTP contract. */
export interface HttpContract {
  /** Finds the operation for method + path; undefined if no operation matches. */
  findOperation(method: string, path: string): OperationMatch | undefined;
  /** Validates path params, query params, headers and JSON body of a request. */
  validateRequest(req: HttpRequestSample): ValidationResult;
  /** Validates a response status and JSON body against the declared response. */
  validateResponse(res: HttpResponseSample): ValidationResult;
  /** The self-contained JSON Schema of the operation's success (200 / 2xx) JSON body. */
  responseSchema(method: string, path: string): SelfContainedSchema;
}
