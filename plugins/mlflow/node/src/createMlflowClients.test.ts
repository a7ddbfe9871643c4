import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { createMlflowClients } from './createMlflowClients';
import { MlflowClient } from './MlflowClient';

function create(instances?: unknown[]) {
  return createMlflowClients({
    config: new ConfigReader(
      instances ? ({ mlflow: { instances } } as any) : {},
    ),
    logger: mockServices.logger.mock(),
  });
}

const TWO_INSTANCES = [
  { name: 'prod', baseUrl: 'https://mlflow.example.com' },
  {
    name: 'legacy',
    baseUrl: 'https://mlflow-legacy.example.com',
    majorVersion: 2,
  },
];

describe('createMlflowClients', () => {
  it('lists the configured instances, the default first', () => {
    const clients = create(TWO_INSTANCES);
    expect(clients.instances.map(i => [i.name, i.majorVersion])).toEqual([
      ['prod', 3],
      ['legacy', 2],
    ]);
  });

  it('gives the default instance when no name is given, and the named one otherwise', () => {
    const clients = create(TWO_INSTANCES);
    expect(clients.forInstance().instance.name).toBe('prod');
    expect(clients.forInstance('legacy').instance.name).toBe('legacy');
    expect(clients.forInstance('legacy')).toBeInstanceOf(MlflowClient);
  });

  it('keeps one client per instance (so coalescing works across callers)', () => {
    const clients = create(TWO_INSTANCES);
    expect(clients.forInstance('prod')).toBe(clients.forInstance());
  });

  it('throws InputError naming the configured instances for an unknown name', () => {
    expect(() => create(TWO_INSTANCES).forInstance('staging')).toThrow(
      new InputError(
        "Unknown mlflow instance 'staging'; configured instances are 'prod', 'legacy'",
      ),
    );
  });

  it('starts without instances and throws NotFoundError when one is asked for', () => {
    const clients = create();
    expect(clients.instances).toEqual([]);
    expect(() => clients.forInstance()).toThrow(NotFoundError);
    expect(() => clients.forInstance()).toThrow(/mlflow\.instances/);
  });

  it('fails at creation on invalid config', () => {
    expect(() =>
      create([{ name: 'prod', baseUrl: 'x', majorVersion: 2 }]),
    ).toThrow(InputError);
    expect(() =>
      create([
        {
          name: 'prod',
          baseUrl: 'https://mlflow.example.com',
          majorVersion: 1,
        },
      ]),
    ).toThrow('mlflow.instances[0].majorVersion must be 2 or 3, got 1');
  });
});
