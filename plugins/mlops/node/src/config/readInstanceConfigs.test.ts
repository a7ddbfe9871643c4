import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
  readInstanceConfigs,
} from './readInstanceConfigs';
import { testSystems } from '../__testUtils__/systems';

const prod = { name: 'prod', baseUrl: 'https://mlflow.example.com' };

function read(instances: JsonValue[], system: 'mlflow' | 'airflow' = 'mlflow') {
  return readInstanceConfigs(
    new ConfigReader({ [system]: { instances } }),
    testSystems[system],
  );
}

/** The InputError reading these instances throws. */
function errorFor(instances: JsonValue[]): Error {
  try {
    read(instances);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as Error;
  }
  throw new Error('expected readInstanceConfigs to throw');
}

describe('readInstanceConfigs', () => {
  it('returns an empty list when the system is not configured', () => {
    expect(
      readInstanceConfigs(new ConfigReader({}), testSystems.kubeflow),
    ).toEqual([]);
  });

  it('fills in defaults for a minimal instance', () => {
    expect(read([prod])).toEqual([
      {
        name: 'prod',
        baseUrl: 'https://mlflow.example.com',
        uiUrl: 'https://mlflow.example.com',
        auth: { type: 'none' },
        timeoutMs: DEFAULT_TIMEOUT_MS,
        retries: DEFAULT_RETRIES,
        cacheTtlMs: DEFAULT_CACHE_TTL_MS,
      },
    ]);
  });

  it('reads every key, in all the duration forms', () => {
    const [first, second, third] = read([
      {
        name: 'prod',
        baseUrl: 'http://127.0.0.1:7100/mlflow/',
        uiUrl: 'https://mlflow-ui.example.com/',
        auth: { type: 'basic', username: 'svc', password: 's3cret' },
        timeout: { seconds: 3 },
        retries: 0,
        cacheTtl: { seconds: 0 },
      },
      {
        name: 'staging-2',
        baseUrl: 'https://staging.example.com',
        auth: { type: 'bearer', token: 't0ken' },
        timeout: '1.5s',
        cacheTtl: 'PT1M',
      },
      {
        name: 'dev',
        baseUrl: 'https://dev.example.com',
        auth: { type: 'none' },
      },
    ]);
    expect(first).toMatchObject({
      baseUrl: 'http://127.0.0.1:7100/mlflow',
      uiUrl: 'https://mlflow-ui.example.com',
      auth: { type: 'basic', username: 'svc', password: 's3cret' },
      timeoutMs: 3000,
      retries: 0,
      cacheTtlMs: 0,
    });
    expect(second).toMatchObject({
      name: 'staging-2',
      auth: { type: 'bearer', token: 't0ken' },
      timeoutMs: 1500,
      cacheTtlMs: 60_000,
    });
    expect(third.auth).toEqual({ type: 'none' });
  });

  it('reads system-specific keys through readExtra, with the key path', () => {
    const config = new ConfigReader({
      airflow: {
        instances: [
          { ...prod, apiVersion: 'v2' },
          { ...prod, name: 'old' },
        ],
      },
    });
    const instances = readInstanceConfigs<{ apiVersion: string }>(
      config,
      testSystems.airflow,
      {
        readExtra: (instanceConfig, keyPath) => {
          const apiVersion =
            instanceConfig.getOptionalString('apiVersion') ?? 'v1';
          if (apiVersion !== 'v1' && apiVersion !== 'v2') {
            throw new InputError(`${keyPath}.apiVersion is invalid`);
          }
          return { apiVersion };
        },
      },
    );
    expect(instances.map(i => [i.name, i.apiVersion])).toEqual([
      ['prod', 'v2'],
      ['old', 'v1'],
    ]);
  });

  describe('reports problems with the exact key path', () => {
    it('missing baseUrl', () => {
      expect(errorFor([prod, { name: 'staging' }]).message).toContain(
        'mlflow.instances[1].baseUrl is required',
      );
    });

    it('missing name', () => {
      expect(errorFor([{ baseUrl: prod.baseUrl }]).message).toContain(
        'mlflow.instances[0].name is required',
      );
    });

    it('duplicate instance names', () => {
      expect(
        errorFor([prod, { ...prod, name: 'staging' }, prod]).message,
      ).toContain(
        "mlflow.instances[2].name 'prod' is a duplicate of mlflow.instances[0].name",
      );
    });

    it.each([['Prod'], ['prod_1'], ['-prod'], ['prod-'], ['p'.repeat(33)]])(
      'invalid name %j',
      name => {
        expect(errorFor([{ ...prod, name }]).message).toContain(
          `mlflow.instances[0].name '${name}' is invalid`,
        );
      },
    );

    it('a baseUrl that is not a URL', () => {
      expect(
        errorFor([{ ...prod, baseUrl: 'mlflow.example.com' }]).message,
      ).toContain(
        "mlflow.instances[0].baseUrl 'mlflow.example.com' is not a valid URL",
      );
    });

    it('a baseUrl that is not http(s)', () => {
      expect(
        errorFor([{ ...prod, baseUrl: 'ftp://mlflow.example.com' }]).message,
      ).toContain(
        "mlflow.instances[0].baseUrl 'ftp://mlflow.example.com' must be an http or https URL",
      );
    });

    it('an invalid uiUrl', () => {
      expect(errorFor([{ ...prod, uiUrl: 'not a url' }]).message).toContain(
        "mlflow.instances[0].uiUrl 'not a url' is not a valid URL",
      );
    });

    it('credentials in the URL, without echoing them', () => {
      const instances = [
        { ...prod, baseUrl: 'https://svc:hunter2@mlflow.example.com' },
      ];
      expect(errorFor(instances).message).toContain(
        'mlflow.instances[0].baseUrl must not contain credentials; use mlflow.instances[0].auth instead',
      );
      expect(errorFor(instances).message).not.toContain('hunter2');
    });

    it('an unknown auth type', () => {
      expect(
        errorFor([{ ...prod, auth: { type: 'oauth' } }]).message,
      ).toContain(
        "mlflow.instances[0].auth.type 'oauth' is not supported; expected one of none, basic, bearer",
      );
    });

    it('auth without a type', () => {
      expect(errorFor([{ ...prod, auth: { token: 'x' } }]).message).toContain(
        'mlflow.instances[0].auth.type is required',
      );
    });

    it('basic auth without a password (e.g. an unset environment variable)', () => {
      expect(
        errorFor([
          prod,
          { ...prod, name: 'b', auth: { type: 'basic', username: 'svc' } },
        ]).message,
      ).toContain('mlflow.instances[1].auth.password is required');
    });

    it('bearer auth without a token', () => {
      expect(
        errorFor([{ ...prod, auth: { type: 'bearer' } }]).message,
      ).toContain('mlflow.instances[0].auth.token is required');
    });

    it.each([[-1], [1.5], [11]])('retries %j', retries => {
      expect(errorFor([{ ...prod, retries }]).message).toContain(
        `mlflow.instances[0].retries must be a whole number from 0 to 10, got ${retries}`,
      );
    });

    it('an invalid timeout', () => {
      expect(
        errorFor([{ ...prod, timeout: { sekonds: 3 } }]).message,
      ).toContain('mlflow.instances[0].timeout is not a valid duration');
      expect(errorFor([{ ...prod, timeout: '10' }]).message).toContain(
        'mlflow.instances[0].timeout is not a valid duration',
      );
      expect(
        errorFor([{ ...prod, timeout: { seconds: 0 } }]).message,
      ).toContain('mlflow.instances[0].timeout must be longer than zero');
    });

    it('a negative cacheTtl', () => {
      expect(
        errorFor([{ ...prod, cacheTtl: { seconds: -1 } }]).message,
      ).toContain('mlflow.instances[0].cacheTtl must not be negative');
    });

    it('a value of the wrong type (Backstage names the full key)', () => {
      expect(() => read([{ ...prod, baseUrl: 42 }])).toThrow(
        "'mlflow.instances[0].baseUrl'",
      );
    });
  });
});
