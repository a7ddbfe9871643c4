import { expectValidEntity } from '../__testUtils__/entities';
import {
  modelVersion,
  registeredModel,
  testInstance,
} from '../__testUtils__/fakeMlflow';
import {
  ModelEntityContext,
  registeredModelToEntity,
} from './registeredModelToEntity';

const context = (
  overrides: Partial<ModelEntityContext> = {},
): ModelEntityContext => ({
  instance: testInstance(),
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
      context({ instance: testInstance({ majorVersion: 2 }) }),
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
          'backstage.io/managed-by-location':
            'url:https://mlflow.example.com/#/models/fraud-detector',
          'backstage.io/managed-by-origin-location':
            'url:https://mlflow.example.com/#/models/fraud-detector',
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
          tags: { owner: 'fraud-detection', framework: 'xgboost' },
          aliases: {
            challenger: {
              version: '5',
              stage: 'Staging',
              status: 'READY',
              runId: 'run-fraud-detector-5',
            },
            champion: {
              version: '4',
              stage: 'Production',
              status: 'READY',
              runId: 'run-fraud-detector-4',
            },
          },
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
    expect(entity.spec?.mlflow).toMatchObject({
      aliases: {
        champion: { version: '4', status: 'READY' },
        challenger: { version: '5', status: 'READY' },
      },
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
    expect(entity.spec?.mlflow).toMatchObject({
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
    expect(entity.spec?.mlflow).toMatchObject({
      aliases: {
        baseline: { version: '1', status: 'READY', runId: 'run-m-1' },
        champion: { version: '7' },
      },
    });
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
        tags: {},
        aliases: {},
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
      expect(ownerOf({ owner: 'churn' }).entity.spec?.owner).toBe(
        'group:default/churn',
      );
      expect(ownerOf({ owner: 'user:default/jane' }).entity.spec?.owner).toBe(
        'user:default/jane',
      );
    });

    it('comes from the configured tag', () => {
      const result = ownerOf(
        { owner: 'ignored', team: 'group:ml/search' },
        { ownerTag: 'team' },
      );
      expect(result.entity.spec?.owner).toBe('group:ml/search');
      expect(result.invalidOwner).toBeUndefined();
    });

    it('falls back to the default owner without a tag, silently', () => {
      const result = ownerOf({ framework: 'sklearn' });
      expect(result.entity.spec?.owner).toBe('group:default/ml-platform');
      expect(result.invalidOwner).toBeUndefined();
    });

    it('falls back to the default owner for an invalid value, reporting it', () => {
      for (const value of ['Fraud Team', 'component:x', '']) {
        const result = ownerOf({ owner: value });
        expect(result.entity.spec?.owner).toBe('group:default/ml-platform');
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

    it('carry the instance prefix for a non-default instance', async () => {
      const staging = context({
        instance: testInstance({
          name: 'staging',
          uiUrl: 'https://mlflow-staging.example.com',
        }),
        entityNamePrefix: 'staging',
      });
      const { entity } = registeredModelToEntity(
        registeredModel('fraud-detector'),
        [],
        staging,
      );
      expect(entity.metadata.name).toMatch(
        /^staging-fraud-detector-[0-9a-f]{8}$/,
      );
      expect(entity.metadata.annotations?.['mlflow.org/instance']).toBe(
        'staging',
      );
      expect(
        entity.metadata.annotations?.['backstage.io/managed-by-location'],
      ).toBe('url:https://mlflow-staging.example.com/#/models/fraud-detector');
      await expectValidEntity(entity);
    });
  });
});
