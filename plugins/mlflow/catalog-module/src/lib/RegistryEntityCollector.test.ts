import {
  modelVersion,
  registeredModel,
  testInstance,
} from '../__testUtils__/fakeMlflow';
import { RegistryEntityCollector } from './RegistryEntityCollector';

const context = {
  instance: testInstance(),
  ownerTag: 'owner',
  defaultOwner: 'group:default/ml-platform',
};

describe('RegistryEntityCollector', () => {
  it('maps every model with its own versions and reports invalid owner tags', () => {
    const collector = new RegistryEntityCollector(context);
    collector.add(registeredModel('a', { tags: { owner: 'team-a' } }), [
      modelVersion('a', 1),
      modelVersion('a', 2),
    ]);
    collector.add(registeredModel('b', { tags: { owner: 'Team B!' } }));
    collector.add(registeredModel('c'), [modelVersion('c', 1)]);

    const result = collector.result();
    expect(
      result.entities.map(e => [
        e.metadata.name,
        e.spec?.owner,
        (e.spec?.mlflow as { versionCount: number }).versionCount,
      ]),
    ).toEqual([
      ['a', 'group:default/team-a', 2],
      ['b', 'group:default/ml-platform', 0],
      ['c', 'group:default/ml-platform', 1],
    ]);
    expect(result.invalidOwners).toEqual([{ model: 'b', value: 'Team B!' }]);
    expect(result.nameClashes).toEqual([]);
  });

  it('keeps a model listed twice once, silently', () => {
    const collector = new RegistryEntityCollector(context);
    collector.add(registeredModel('a'));
    collector.add(registeredModel('a'));
    expect(collector.result().entities).toHaveLength(1);
    expect(collector.result().nameClashes).toEqual([]);
  });

  it('leaves out, and reports, a different model whose entity name is taken', () => {
    const probe = new RegistryEntityCollector(context);
    probe.add(registeredModel('Fraud Model'));
    // A valid name equal to another model's hashed name: what a hash collision would do.
    const hashed = probe.result().entities[0].metadata.name;

    const collector = new RegistryEntityCollector(context);
    collector.add(registeredModel('Fraud Model'));
    collector.add(registeredModel(hashed));
    expect(collector.result().entities.map(e => e.metadata.title)).toEqual([
      'Fraud Model',
    ]);
    expect(collector.result().nameClashes).toEqual([
      { model: hashed, entityName: hashed, keptModel: 'Fraud Model' },
    ]);
  });
});
