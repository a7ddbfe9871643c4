import { NotFoundError } from '@backstage/errors';
import {
  createUpstreamError,
  extractUpstreamMessage,
  getUpstreamErrorDetails,
} from './errors';

describe('extractUpstreamMessage', () => {
  it.each([
    [
      'MLflow',
      '{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Model x not found"}',
      'RESOURCE_DOES_NOT_EXIST: Model x not found',
    ],
    [
      'Airflow 2 (problem+json)',
      '{"detail":"DAG with dag_id: \'x\' not found","status":404,"title":"DAG not found","type":"about:blank"}',
      "DAG with dag_id: 'x' not found",
    ],
    [
      'Airflow 2 without detail',
      '{"detail":null,"title":"Unauthorized"}',
      'Unauthorized',
    ],
    [
      'Airflow 3 validation',
      '{"detail":[{"loc":["query","limit"],"msg":"Input should be a valid integer"},{"msg":"second"}]}',
      'Input should be a valid integer; second',
    ],
    [
      'KFP',
      '{"error":"Failed to get pipeline","code":5,"message":"Pipeline abc not found","details":[]}',
      'Pipeline abc not found',
    ],
    [
      'Kubernetes Status',
      '{"kind":"Status","message":"inferenceservices.serving.kserve.io \\"x\\" not found","reason":"NotFound","code":404}',
      'inferenceservices.serving.kserve.io "x" not found',
    ],
    [
      'nested error object',
      '{"error":{"message":"quota exceeded"}}',
      'quota exceeded',
    ],
    [
      'plain text',
      'upstream connect error\n  or disconnect',
      'upstream connect error or disconnect',
    ],
    [
      'HTML error page',
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      undefined,
    ],
    ['empty body', '  ', undefined],
    ['JSON without a message', '{"ok":false}', undefined],
  ])('%s', (_name, body, expected) => {
    expect(extractUpstreamMessage(body)).toBe(expected);
  });

  it('truncates very long messages', () => {
    const message = extractUpstreamMessage(
      JSON.stringify({ message: 'x'.repeat(2000) }),
    );
    expect(message).toHaveLength(501);
    expect(message?.endsWith('…')).toBe(true);
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

  it('finds no details on other errors', () => {
    expect(getUpstreamErrorDetails(new Error('x'))).toBeUndefined();
    expect(getUpstreamErrorDetails('x')).toBeUndefined();
    expect(getUpstreamErrorDetails(undefined)).toBeUndefined();
  });
});
