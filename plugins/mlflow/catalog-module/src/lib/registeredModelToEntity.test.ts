import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  MlflowInstanceConfig,
  mlflowModelLocator,
} from '@mlops-portal/plugin-mlflow-node';
import {
  mlflowInstanceConfig,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  ModelEntityContext,
  registeredModelToEntity,
} from './registeredModelToEntity';

const instance = (overrides: Partial<MlflowInstanceConfig> = {}) =>
  mlflowInstanceConfig({ uiUrl: 'https://mlflow.example.com', ...overrides });
const prod = instance();
const staging = instance({
  name: 'staging',
  uiUrl: 'https://mlflow-staging.example.com',
});

/** A model of `prod`, the default instance, unless overridden. */
const context = (
  overrides: Partial<ModelEntityContext> = {},
): ModelEntityContext => ({
  instances: [prod, staging],
  instance: prod,
  ownerTag: 'owner',
  defaultOwner: 'group:default/ml-platform',
  ...overrides,
});

const fraudDetector = registeredModel('fraud-detector', {
  description: 'Scores card transactions. ',
  tags: { owner: 'fraud-detection', framework: 'xgboost' },
  aliases: { champion: '4', challenger: '5' },
});
const stages = ['Archived', 'Archived', 'Archived', 'Production', 'Staging'];
const fraudVersions = [5, 3, 1, 4, 2].map(v =>
  modelVersion('fraud-detector', v, { current_stage: stages[v - 1] }),
);

describe('registeredModelToEntity', () => {
  it('maps a registered model and its versions to an ml-model Resource', async () => {
    const { entity, invalidOwner } = registeredModelToEntity(
      fraudDetector,
      fraudVersions,
      context({ instance: { ...prod, majorVersion: 2 } }),
    );

    expect(invalidOwner).toBeUndefined();
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'fraud-detector',
        title: 'fraud-detector',
        description: 'Scores card transactions.',
        annotations: {
          'backstage.io/managed-by-location': 'mlops:mlflow/prod',
          'backstage.io/managed-by-origin-location': 'mlops:mlflow/prod',
          'mlflow.org/registered-model': 'fraud-detector',
          'mlflow.org/instance': 'prod',
        },
        links: [
          {
            url: 'https://mlflow.example.com/#/models/fraud-detector',
            title: 'MLflow model',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: 'ml-model',
        owner: 'group:default/fraud-detection',
        mlflow: {
          instance: 'prod',
          tags: [
            { key: 'framework', value: 'xgboost' },
            { key: 'owner', value: 'fraud-detection' },
          ],
          aliases: [
            {
              alias: 'challenger',
              version: '5',
              stage: 'Staging',
              status: 'READY',
              runId: 'run-fraud-detector-5',
            },
            {
              alias: 'champion',
              version: '4',
              stage: 'Production',
              status: 'READY',
              runId: 'run-fraud-detector-4',
            },
          ],
          latestVersions: [
            {
              version: '5',
              stage: 'Staging',
              status: 'READY',
              runId: 'run-fraud-detector-5',
            },
            {
              version: '4',
              stage: 'Production',
              status: 'READY',
              runId: 'run-fraud-detector-4',
            },
            {
              version: '3',
              stage: 'Archived',
              status: 'READY',
              runId: 'run-fraud-detector-3',
            },
          ],
          versionCount: 5,
        },
      },
    });
    await expectValidEntity(entity);
  });

  it('lists only the newest version, without stages, on MLflow 3', () => {
    const { entity } = registeredModelToEntity(
      fraudDetector,
      fraudVersions,
      context(),
    );
    expect(entity.spec.mlflow).toMatchObject({
      aliases: [
        { alias: 'challenger', version: '5', status: 'READY' },
        { alias: 'champion', version: '4', status: 'READY' },
      ],
      latestVersions: [
        { version: '5', status: 'READY', runId: 'run-fraud-detector-5' },
      ],
      versionCount: 5,
    });
    expect(JSON.stringify(entity.spec)).not.toContain('stage');
  });

  it('orders versions numerically and counts each version once', () => {
    const versions = [2, 10, 9, 10].map(v => modelVersion('m', v));
    const { entity } = registeredModelToEntity(
      registeredModel('m'),
      versions,
      context(),
    );
    expect(entity.spec.mlflow).toMatchObject({
      latestVersions: [{ version: '10' }],
      versionCount: 3,
    });
  });

  it('takes aliases from versions too, and keeps an alias whose version was not read', () => {
    const { entity } = registeredModelToEntity(
      registeredModel('m', { aliases: { champion: '7' } }),
      [modelVersion('m', 1, { aliases: ['baseline'] })],
      context(),
    );
    expect(entity.spec.mlflow.aliases).toEqual([
      { alias: 'baseline', version: '1', status: 'READY', runId: 'run-m-1' },
      { alias: 'champion', version: '7' },
    ]);
  });

  it('maps aliases named like object-prototype keys like any other alias', () => {
    const model = registeredModel('m', {
      aliases: { constructor: '1', toString: '2' },
    });
    // Not in the builder's map: an object-literal `__proto__` key sets the prototype instead.
    model.aliases!.push({ alias: '__proto__', version: '2' });
    const versions = [
      modelVersion('m', 2, { aliases: ['__proto__', 'hasOwnProperty'] }),
      modelVersion('m', 1, { aliases: ['constructor', 'valueOf'] }),
    ];

    const { aliases } = registeredModelToEntity(model, versions, context())
      .entity.spec.mlflow;

    const v1 = { version: '1', status: 'READY', runId: 'run-m-1' };
    const v2 = { version: '2', status: 'READY', runId: 'run-m-2' };
    const expected = [
      { alias: '__proto__', ...v2 },
      { alias: 'constructor', ...v1 },
      { alias: 'hasOwnProperty', ...v2 },
      { alias: 'toString', ...v2 },
      { alias: 'valueOf', ...v1 },
    ];
    expect(aliases).toEqual(expected);
    // What the catalog stores and serves: JSON.
    expect(JSON.parse(JSON.stringify(aliases))).toEqual(expected);
  });

  it('maps a model without versions, tags or description', async () => {
    const { entity } = registeredModelToEntity(
      registeredModel('empty'),
      [],
      context(),
    );
    expect(entity.metadata.description).toBeUndefined();
    expect(entity.spec).toEqual({
      type: 'ml-model',
      owner: 'group:default/ml-platform',
      mlflow: {
        instance: 'prod',
        tags: [],
        aliases: [],
        latestVersions: [],
        versionCount: 0,
      },
    });
    await expectValidEntity(entity);
  });

  describe('owner', () => {
    const ownerOf = (
      tags: Record<string, string> | undefined,
      overrides: Partial<ModelEntityContext> = {},
    ) =>
      registeredModelToEntity(
        registeredModel('m', { tags }),
        [],
        context(overrides),
      );

    it('comes from the owner tag, a bare value meaning a group', () => {
      expect(ownerOf({ owner: 'churn' }).entity.spec.owner).toBe(
        'group:default/churn',
      );
      // The README's table.
      for (const [value, owner] of [
        ['user:default/jane', 'user:default/jane'],
        ['ml/fraud-detection', 'group:ml/fraud-detection'],
        ['user:jane.doe', 'user:default/jane.doe'],
        [' User:default/jane ', 'user:default/jane'],
      ]) {
        expect(ownerOf({ owner: value }).entity.spec.owner).toBe(owner);
      }
    });

    it('comes from the configured tag', () => {
      const result = ownerOf(
        { owner: 'ignored', team: 'group:ml/search' },
        { ownerTag: 'team' },
      );
      expect(result.entity.spec.owner).toBe('group:ml/search');
      expect(result.invalidOwner).toBeUndefined();
    });

    it('falls back to the default owner without a tag, silently', () => {
      const result = ownerOf({ framework: 'sklearn' });
      expect(result.entity.spec.owner).toBe('group:default/ml-platform');
      expect(result.invalidOwner).toBeUndefined();
    });

    it('ignores prototype keys when the owner tag is absent', () => {
      for (const ownerTag of ['constructor', '__proto__', 'toString']) {
        const result = ownerOf({ framework: 'sklearn' }, { ownerTag });
        expect(result.entity.spec.owner).toBe('group:default/ml-platform');
        expect(result.invalidOwner).toBeUndefined();
      }
    });

    it('falls back to the default owner for an invalid value, reporting it', () => {
      for (const value of [
        'Fraud Team',
        'Fraud Team!',
        'component:x',
        '',
        'fraud@detection',
        'a:b:c',
        `group:${'x'.repeat(64)}`,
      ]) {
        const result = ownerOf({ owner: value });
        expect(result.entity.spec.owner).toBe('group:default/ml-platform');
        expect(result.invalidOwner).toBe(value);
      }
    });
  });

  describe('names', () => {
    const awkward = [
      'Produkt Empfehlung – β',
      'team/fraud model',
      'fraud model',
      'Fraud-Model',
      'fraud_model ',
      '日本語モデル',
      `very-long-${'x'.repeat(120)}`,
      '--',
    ];

    it('are valid, stable and distinct for names with spaces, slashes or unicode', async () => {
      const names = new Set<string>();
      for (const name of awkward) {
        const first = registeredModelToEntity(
          registeredModel(name),
          [],
          context(),
        ).entity;
        const again = registeredModelToEntity(
          registeredModel(name),
          [],
          context(),
        ).entity;
        expect(again.metadata.name).toBe(first.metadata.name);
        expect(first.metadata.title).toBe(name);
        expect(
          first.metadata.annotations?.['mlflow.org/registered-model'],
        ).toBe(name);
        await expectValidEntity(first);
        names.add(first.metadata.name);
      }
      expect(names.size).toBe(awkward.length);
    });

    it('keep the readable part and percent-encode the UI link', () => {
      const { entity } = registeredModelToEntity(
        registeredModel('Produkt Empfehlung – β'),
        [],
        context(),
      );
      expect(entity.metadata.name).toMatch(/^produkt-empfehlung-[0-9a-f]{8}$/);
      expect(entity.metadata.links?.[0].url).toBe(
        'https://mlflow.example.com/#/models/Produkt%20Empfehlung%20%E2%80%93%20%CE%B2',
      );
    });

    it('carry the instance prefix for a non-default instance, and its location', async () => {
      const { entity } = registeredModelToEntity(
        registeredModel('fraud-detector'),
        [],
        context({ instance: staging }),
      );
      expect(entity.metadata.name).toMatch(
        /^staging-fraud-detector-[0-9a-f]{8}$/,
      );
      expect(entity.metadata.annotations).toEqual({
        'backstage.io/managed-by-location': 'mlops:mlflow/staging',
        'backstage.io/managed-by-origin-location': 'mlops:mlflow/staging',
        'mlflow.org/registered-model': 'fraud-detector',
        'mlflow.org/instance': 'staging',
      });
      expect(entity.metadata.links?.[0].url).toBe(
        'https://mlflow-staging.example.com/#/models/fraud-detector',
      );
      await expectValidEntity(entity);
    });

    it('are those of the locator the backend authorizes writes against', () => {
      for (const [model, from] of [
        ['fraud-detector', prod],
        ['Produkt Empfehlung – β', prod],
        ['fraud-detector', staging],
      ] as const) {
        const { entity } = registeredModelToEntity(
          registeredModel(model),
          [],
          context({ instance: from }),
        );
        const locator = mlflowModelLocator([prod, staging], from.name, model);
        expect(stringifyEntityRef(entity)).toBe(locator.entityRef);
        expect(entity.metadata.annotations).toEqual({
          'backstage.io/managed-by-location': locator.managedByLocation,
          'backstage.io/managed-by-origin-location': locator.managedByLocation,
          ...locator.annotations,
        });
      }
    });
  });
});
