import {
  mlflowInstanceConfig,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { RegistryEntityCollector } from './RegistryEntityCollector';

const prod = mlflowInstanceConfig();
const context = {
  instances: [prod],
  instance: prod,
  ownerTag: 'owner',
  defaultOwner: 'group:default/ml-platform',
};

describe('RegistryEntityCollector', () => {
  it('maps every model with its own versions and reports invalid owner tags', () => {
    const collector = new RegistryEntityCollector(context);
    collector.add(registeredModel('a', { tags: { owner: 'team-a' } }));
    collector.add(registeredModel('b', { tags: { owner: 'Team B!' } }));
    collector.add(registeredModel('c'));

    const result = collector.result(
      new Map([
        ['a', [modelVersion('a', 1), modelVersion('a', 2)]],
        ['c', [modelVersion('c', 1)]],
        // Versions of a model that was not added are no entity's.
        ['d', [modelVersion('d', 1)]],
      ]),
    );
    expect(
      result.entities.map(e => [
        e.metadata.name,
        e.spec.owner,
        e.spec.mlflow.versionCount,
      ]),
    ).toEqual([
      ['a', 'group:default/team-a', 2],
      ['b', 'group:default/ml-platform', 0],
      ['c', 'group:default/ml-platform', 1],
    ]);
    expect(result.versionCount).toBe(3);
    expect(result.invalidOwners).toEqual([{ model: 'b', value: 'Team B!' }]);
    expect(result.nameClashes).toEqual([]);
  });

  it('keeps a model listed twice once, silently', () => {
    const collector = new RegistryEntityCollector(context);
    collector.add(registeredModel('a'));
    collector.add(registeredModel('a'));
    expect(
      collector.result(new Map([['a', [modelVersion('a', 1)]]])),
    ).toMatchObject({
      entities: [{ metadata: { name: 'a' } }],
      versionCount: 1,
      nameClashes: [],
    });
  });

  it('leaves out, and reports, a different model whose entity name is taken', () => {
    const probe = new RegistryEntityCollector(context);
    probe.add(registeredModel('Fraud Model'));
    // A valid name equal to another model's hashed name: what a hash collision would do.
    const hashed = probe.result(new Map()).entities[0].metadata.name;

    const collector = new RegistryEntityCollector(context);
    collector.add(registeredModel('Fraud Model'));
    collector.add(registeredModel(hashed, { tags: { owner: 'Not Valid' } }));
    const result = collector.result(new Map());
    expect(result.entities.map(e => e.metadata.title)).toEqual(['Fraud Model']);
    expect(result.nameClashes).toEqual([
      {
        upstream: hashed,
        entityRef: `resource:default/${hashed}`,
        kept: 'Fraud Model',
      },
    ]);
    // What was left out is not reported for its owner as well.
    expect(result.invalidOwners).toEqual([]);
  });
});
