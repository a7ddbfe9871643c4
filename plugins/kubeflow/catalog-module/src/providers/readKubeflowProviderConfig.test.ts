import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { matchesNameFilters } from '@mlops-portal/plugin-mlops-node';
import { readKubeflowProviderConfig } from './readKubeflowProviderConfig';

const read = (catalog: object | undefined) =>
  readKubeflowProviderConfig(
    new ConfigReader({
      kubeflow: {
        instances: [{ name: 'prod', baseUrl: 'https://kubeflow.example.com' }],
        ...(catalog && { catalog }),
      },
    }),
  );

describe('readKubeflowProviderConfig', () => {
  it('fills in the defaults and always schedules in global scope', () => {
    expect(read({ defaultOwner: 'ml-platform' })).toEqual({
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
        scope: 'global',
      },
      defaultOwner: 'group:default/ml-platform',
      filters: { include: [], exclude: [] },
      namespaceOwners: new Map(),
    });
  });

  it('reads the owners of namespaces as full refs, and filters over display names', () => {
    const config = read({
      defaultOwner: 'user:default/jane.doe',
      namespaceOwners: {
        'fraud-detection': 'fraud-detection',
        'team-2024': 'group:ml/supply-chain',
        kubeflow: 'user:jane.doe',
      },
      filters: { include: ['fraud-.*', 'demand-.*'], exclude: ['.*-tmp'] },
    });
    expect(config.defaultOwner).toBe('user:default/jane.doe');
    expect([...config.namespaceOwners]).toEqual([
      ['fraud-detection', 'group:default/fraud-detection'],
      ['team-2024', 'group:ml/supply-chain'],
      ['kubeflow', 'user:default/jane.doe'],
    ]);
    expect(matchesNameFilters('fraud-detection-training', config.filters)).toBe(
      true,
    );
    expect(matchesNameFilters('fraud-detection-tmp', config.filters)).toBe(
      false,
    );
    expect(matchesNameFilters('churn-training', config.filters)).toBe(false);
  });

  it('requires a default owner, naming the key and what it owns', () => {
    expect(() => read(undefined)).toThrow(InputError);
    expect(() => read({ namespaceOwners: { a: 'fraud-detection' } })).toThrow(
      "kubeflow.catalog.defaultOwner is required by the Kubeflow Pipelines catalog module: it owns the shared pipelines and those of namespaces kubeflow.catalog.namespaceOwners does not name, e.g. 'group:default/ml-platform'",
    );
  });

  it('rejects an invalid owner of a namespace, or an invalid namespace, with the key path', () => {
    const withOwners = (namespaceOwners: unknown) =>
      read({ defaultOwner: 'ml-platform', namespaceOwners });
    expect(() => withOwners({ 'fraud-detection': 'component:x' })).toThrow(
      /^kubeflow\.catalog\.namespaceOwners\.fraud-detection 'component:x' must refer to a group or a user/,
    );
    expect(() => withOwners({ 'fraud-detection': 'not a ref!' })).toThrow(
      /^kubeflow\.catalog\.namespaceOwners\.fraud-detection /,
    );
    expect(() => withOwners({ Team_A: 'ml-platform' })).toThrow(
      /^kubeflow\.catalog\.namespaceOwners\.Team_A: 'Team_A' is not a Kubernetes namespace name/,
    );
    expect(() => withOwners({ a: 42 })).toThrow(
      'kubeflow.catalog.namespaceOwners.a must be a group or user entity ref, got 42',
    );
    expect(() => withOwners(['fraud-detection'])).toThrow(
      /^kubeflow\.catalog\.namespaceOwners must map namespaces to owners/,
    );
  });

  it('rejects an invalid default owner, filter or schedule with the key path', () => {
    expect(() => read({ defaultOwner: 'component:default/x' })).toThrow(
      /^kubeflow\.catalog\.defaultOwner .*group or a user/,
    );
    expect(() =>
      read({ defaultOwner: 'ml-platform', filters: { include: ['('] } }),
    ).toThrow(/^kubeflow\.catalog\.filters\.include\[0\]/);
    expect(() =>
      read({ defaultOwner: 'ml-platform', schedule: { frequency: 'often' } }),
    ).toThrow(/^kubeflow\.catalog\.schedule is invalid/);
  });
});
