import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readMlflowInstanceConfigs } from './readMlflowInstanceConfigs';

function read(instances: unknown[]) {
  return readMlflowInstanceConfigs(
    new ConfigReader({ mlflow: { instances } } as any),
  );
}

describe('readMlflowInstanceConfigs', () => {
  it('defaults majorVersion to 3 and keeps the shared keys', () => {
    const [instance] = read([
      {
        name: 'prod',
        baseUrl: 'https://mlflow.example.com/',
        auth: { type: 'bearer', token: 't' },
      },
    ]);
    expect(instance).toEqual({
      name: 'prod',
      baseUrl: 'https://mlflow.example.com',
      uiUrl: 'https://mlflow.example.com',
      auth: { type: 'bearer', token: 't' },
      timeoutMs: 10_000,
      retries: 2,
      cacheTtlMs: 5_000,
      majorVersion: 3,
    });
  });

  it('reads majorVersion 2 and 3, as numbers or env-substituted strings', () => {
    const instances = read([
      { name: 'a', baseUrl: 'http://a.example.com', majorVersion: 2 },
      { name: 'b', baseUrl: 'http://b.example.com', majorVersion: 3 },
      { name: 'c', baseUrl: 'http://c.example.com', majorVersion: '2' },
    ]);
    expect(instances.map(i => [i.name, i.majorVersion])).toEqual([
      ['a', 2],
      ['b', 3],
      ['c', 2],
    ]);
  });

  it.each([[4], [1], ['3.x'], [true], [2.5]])(
    'rejects majorVersion %p with the key path',
    value => {
      expect(() =>
        read([
          { name: 'a', baseUrl: 'http://a.example.com' },
          { name: 'b', baseUrl: 'http://b.example.com', majorVersion: value },
        ]),
      ).toThrow(
        new InputError(
          `mlflow.instances[1].majorVersion must be 2 or 3, got ${JSON.stringify(
            value,
          )}`,
        ),
      );
    },
  );

  it('keeps the shared validation (errors name the key path)', () => {
    expect(() => read([{ name: 'prod' }])).toThrow(
      'mlflow.instances[0].baseUrl is required',
    );
  });

  it('is empty when MLflow is not configured', () => {
    expect(readMlflowInstanceConfigs(new ConfigReader({}))).toEqual([]);
  });
});
