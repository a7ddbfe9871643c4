import { buildUpstreamUrl, encodePath } from './url';

describe('encodePath', () => {
  it('encodes every interpolated value as one path segment', () => {
    expect(
      encodePath`/api/v1/dags/${'etl/daily run'}/dagRuns/${'manual__2025-01-01T00:00:00+00:00'}`,
    ).toBe(
      '/api/v1/dags/etl%2Fdaily%20run/dagRuns/manual__2025-01-01T00%3A00%3A00%2B00%3A00',
    );
    expect(encodePath`/apis/v2beta1/pipelines/${42}`).toBe(
      '/apis/v2beta1/pipelines/42',
    );
  });

  it.each([[''], ['.'], ['..']])(
    'refuses %j as a segment with an InputError (a 400, not a 500)',
    value => {
      expect(() => encodePath`/api/${value}/x`).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining(
            `Cannot use ${JSON.stringify(value)} as a URL path segment`,
          ),
        }),
      );
    },
  );
});

describe('buildUpstreamUrl', () => {
  it.each([
    [
      'https://mlflow.example.com',
      '/api/x',
      'https://mlflow.example.com/api/x',
    ],
    [
      'https://mlflow.example.com/',
      '/api/x',
      'https://mlflow.example.com/api/x',
    ],
    [
      'http://127.0.0.1:7100/mlflow',
      '/api/x',
      'http://127.0.0.1:7100/mlflow/api/x',
    ],
    [
      'http://127.0.0.1:7100/mlflow/',
      '/api/x',
      'http://127.0.0.1:7100/mlflow/api/x',
    ],
  ])('joins %j and %j', (base, path, expected) => {
    expect(buildUpstreamUrl(base, path)).toBe(expected);
  });

  it('repeats array keys and leaves undefined values out', () => {
    expect(
      buildUpstreamUrl('https://kfp.example.com', '/apis', {
        labelSelector: 'app=x,tier in (a,b)',
        id: [1, 2],
        dry: false,
        missing: undefined,
        none: [],
      }),
    ).toBe(
      'https://kfp.example.com/apis?labelSelector=app%3Dx%2Ctier+in+%28a%2Cb%29&id=1&id=2&dry=false',
    );
  });

  it.each([
    ['api'],
    ['//evil.example.com/x'],
    ['/a/../b'],
    ['/a/./b'],
    ['/a/%2E%2e/b'],
    ['/..'],
  ])('refuses the path %j', path => {
    expect(() =>
      buildUpstreamUrl('https://mlflow.example.com/prefix', path),
    ).toThrow(TypeError);
  });

  it('allows dots inside a segment', () => {
    expect(buildUpstreamUrl('https://a.example.com', '/v1/model.v2/..x')).toBe(
      'https://a.example.com/v1/model.v2/..x',
    );
  });
});
