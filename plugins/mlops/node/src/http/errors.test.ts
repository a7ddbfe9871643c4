import { NotFoundError } from '@backstage/errors';
import {
  createUpstreamError,
  getUpstreamErrorDetails,
  readCommonErrorBody,
} from './errors';

describe('readCommonErrorBody', () => {
  it.each([
    [
      'problem+json',
      '{"detail":"DAG with dag_id: \'x\' not found","status":404,"title":"DAG not found","type":"about:blank"}',
      { message: "DAG with dag_id: 'x' not found" },
    ],
    [
      'problem+json without detail',
      '{"detail":null,"title":"Unauthorized"}',
      { message: 'Unauthorized' },
    ],
    [
      'FastAPI validation',
      '{"detail":[{"loc":["query","limit"],"msg":"Input should be a valid integer"},{"msg":"second"}]}',
      { message: 'Input should be a valid integer; second' },
    ],
    [
      'gRPC gateway (numeric code is not kept)',
      '{"error":"Failed to get pipeline","code":5,"message":"Pipeline abc not found","details":[]}',
      { message: 'Pipeline abc not found' },
    ],
    [
      'Kubernetes Status',
      '{"kind":"Status","message":"inferenceservices.serving.kserve.io \\"x\\" not found","reason":"NotFound","code":404}',
      {
        code: 'NotFound',
        message: 'inferenceservices.serving.kserve.io "x" not found',
      },
    ],
    [
      'nested error object',
      '{"error":{"message":"quota exceeded"}}',
      { message: 'quota exceeded' },
    ],
    [
      'plain text',
      'upstream connect error',
      { message: 'upstream connect error' },
    ],
    [
      'HTML error page',
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      {},
    ],
    ['empty body', '  ', {}],
    ['JSON without a message', '{"ok":false}', {}],
    ['a JSON array', '[1,2]', {}],
  ])('%s', (_name, body, expected) => {
    const read = readCommonErrorBody(body);
    expect(
      Object.fromEntries(
        Object.entries(read).filter(([, v]) => v !== undefined),
      ),
    ).toEqual(expected);
  });
});

describe('createUpstreamError', () => {
  it('keeps the details on the error for per-instance error data', () => {
    const error = createUpstreamError(
      {
        system: 'kubeflow',
        instance: 'prod',
        method: 'GET',
        path: '/apis/v2beta1/pipelines',
        attempts: 1,
      },
      { kind: 'http', status: 404, statusText: '', body: '' },
    );
    expect(error).toBeInstanceOf(NotFoundError);
    // empty statusText (HTTP/2) falls back to the standard reason phrase
    expect(error.message).toBe(
      "kubeflow instance 'prod': GET /apis/v2beta1/pipelines failed with 404 Not Found",
    );
    expect(getUpstreamErrorDetails(error)?.status).toBe(404);
  });

  it('keeps what the body says as fields: code, message and an excerpt', () => {
    const body = JSON.stringify({ message: 'x'.repeat(2000) });
    const error = createUpstreamError(
      {
        system: 'mlflow',
        instance: 'prod',
        method: 'POST',
        path: '/api/2.0/mlflow/registered-models/create',
        attempts: 1,
      },
      {
        kind: 'http',
        status: 400,
        statusText: 'Bad Request',
        body,
        described: {
          code: 'RESOURCE_ALREADY_EXISTS',
          message: 'x'.repeat(2000),
        },
      },
    );
    const details = getUpstreamErrorDetails(error)!;
    expect(details.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(details.upstreamMessage).toHaveLength(501);
    expect(details.upstreamMessage?.endsWith('…')).toBe(true);
    expect(details.bodyExcerpt).toBe(`${body.slice(0, 500)}…`);
    expect(error.message).toMatch(
      /failed with 400 Bad Request: RESOURCE_ALREADY_EXISTS: x{10}/,
    );
  });

  it('finds no details on other errors', () => {
    expect(getUpstreamErrorDetails(new Error('x'))).toBeUndefined();
    expect(getUpstreamErrorDetails('x')).toBeUndefined();
    expect(getUpstreamErrorDetails(undefined)).toBeUndefined();
  });
});
