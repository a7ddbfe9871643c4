import { SandboxHttpError } from '../http/errors';

/** Error shapes of one Airflow API version. */
export interface AirflowErrors {
  notFound(message: string): SandboxHttpError;
  badRequest(message: string): SandboxHttpError;
  conflict(message: string): SandboxHttpError;
  unauthenticated(message: string): SandboxHttpError;
  /** A query/body parameter failed validation (v2: 422 HTTPValidationError, v1: 400). */
  invalid(
    loc: Array<string | number>,
    type: string,
    msg: string,
    input: unknown,
    ctx?: Record<string, unknown>,
  ): SandboxHttpError;
  internal(message: string): SandboxHttpError;
}

/** Airflow 3 (FastAPI): `{detail}` for HTTPException, `{detail: [...]}` for validation (422). */
export const airflowV2Errors: AirflowErrors = {
  notFound: detail => new SandboxHttpError({ status: 404, json: { detail } }),
  badRequest: detail => new SandboxHttpError({ status: 400, json: { detail } }),
  conflict: detail => new SandboxHttpError({ status: 409, json: { detail } }),
  unauthenticated: detail =>
    new SandboxHttpError({
      status: 401,
      json: { detail },
      headers: { 'WWW-Authenticate': 'Bearer' },
    }),
  invalid: (loc, type, msg, input, ctx) =>
    new SandboxHttpError({
      status: 422,
      json: { detail: [{ type, loc, msg, input, ...(ctx ? { ctx } : {}) }] },
    }),
  internal: detail => new SandboxHttpError({ status: 500, json: { detail } }),
};

const AIRFLOW2_VERSION = '2.10.5';
const problemType = (name: string) =>
  `https://airflow.apache.org/docs/apache-airflow/${AIRFLOW2_VERSION}/stable-rest-api-ref.html#section/Errors/${name}`;

function problem(
  status: number,
  title: string,
  typeName: string,
  detail: string,
  headers?: Record<string, string>,
): SandboxHttpError {
  return new SandboxHttpError({
    status,
    json: { detail, status, title, type: problemType(typeName) },
    // Connexion sends application/problem+json; v1.yaml declares application/json, and
    // the contract wins where the two disagree.
    headers,
  });
}

/** Airflow 2 (connexion): RFC 7807 problem details `{detail, status, title, type}`. */
export const airflowV1Errors: AirflowErrors = {
  notFound: detail => problem(404, 'Not Found', 'NotFound', detail),
  badRequest: detail => problem(400, 'Bad Request', 'BadRequest', detail),
  conflict: detail => problem(409, 'Conflict', 'AlreadyExists', detail),
  unauthenticated: detail =>
    problem(401, 'Unauthorized', 'Unauthenticated', detail, {
      'WWW-Authenticate': 'Basic realm="Airflow"',
    }),
  invalid: (_loc, _type, msg) => problem(400, 'Bad Request', 'BadRequest', msg),
  internal: detail => problem(500, 'Internal Server Error', 'Unknown', detail),
};

/** The Airflow versions the mounts report. */
export const AIRFLOW_VERSIONS = { v1: AIRFLOW2_VERSION, v2: '3.2.1' } as const;
