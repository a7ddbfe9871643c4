import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  AirflowDag,
  airflowDagLocator,
} from '@mlops-portal/plugin-airflow-node';
import { airflowInstanceConfig } from '@mlops-portal/plugin-airflow-node/testUtils';
import { CatalogOwnerDirectory } from '@mlops-portal/plugin-mlops-node';
import { expectValidEntity } from '@mlops-portal/plugin-mlops-node/testUtils';
import { testOrganisation } from '../__testUtils__/catalog';
import { DagEntityContext, dagToEntity } from './dagToEntity';

const prod = airflowInstanceConfig({ uiUrl: 'https://airflow.example.com/' });
const staging = airflowInstanceConfig({
  name: 'staging',
  uiUrl: 'https://airflow-staging.example.com',
});

/** A DAG of `prod`, the default instance, unless overridden. */
const context = (
  overrides: Partial<DagEntityContext> = {},
): DagEntityContext => ({
  instances: [prod, staging],
  instance: prod,
  apiVersion: 'v2',
  owners: new CatalogOwnerDirectory(testOrganisation),
  defaultOwner: 'group:default/ml-platform',
  ...overrides,
});

/** A DAG as the client hands it out, with only what Airflow must send. */
const bareDag = (dagId: string, overrides: Partial<AirflowDag> = {}) => ({
  dagId,
  displayName: dagId,
  isPaused: false,
  owners: [],
  tags: [],
  ...overrides,
});

const fraudTraining: AirflowDag = {
  dagId: 'fraud_detection_training',
  displayName: 'Fraud detection training',
  description: ' Daily retraining of fraud-detector. ',
  isPaused: true,
  owners: ['airflow', 'fraud-detection'],
  tags: ['Fraud Detection', 'training', 'ML.Ops/XGBoost'],
  fileloc: '/opt/airflow/dags/fraud/training.py',
  schedule: '0 2 * * *',
  scheduleDescription: 'At 02:00',
  nextRunAfter: '2026-12-03T02:00:00+00:00',
  hasImportErrors: false,
};

describe('dagToEntity', () => {
  it('maps every field of a DAG to an airflow-dag Resource', async () => {
    const { entity, unmatchedOwners } = dagToEntity(fraudTraining, context());

    expect(unmatchedOwners).toBeUndefined();
    expect(entity).toStrictEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'fraud_detection_training',
        title: 'Fraud detection training',
        description: 'Daily retraining of fraud-detector.',
        tags: ['fraud-detection', 'ml-ops-xgboost', 'training'],
        annotations: {
          'backstage.io/managed-by-location': 'mlops:airflow/prod',
          'backstage.io/managed-by-origin-location': 'mlops:airflow/prod',
          'airflow.apache.org/dag-id': 'fraud_detection_training',
          'airflow.apache.org/instance': 'prod',
        },
        links: [
          {
            url: 'https://airflow.example.com/dags/fraud_detection_training',
            title: 'Airflow DAG',
            icon: 'dashboard',
          },
        ],
      },
      spec: {
        type: 'airflow-dag',
        owner: 'group:default/fraud-detection',
        airflow: {
          instance: 'prod',
          dagId: 'fraud_detection_training',
          owners: ['airflow', 'fraud-detection'],
          isPaused: true,
          schedule: '0 2 * * *',
          scheduleDescription: 'At 02:00',
          fileloc: '/opt/airflow/dags/fraud/training.py',
        },
      },
    });
    await expectValidEntity(entity);
  });

  it('leaves out what the DAG does not say', async () => {
    const { entity, unmatchedOwners } = dagToEntity(
      bareDag('cleanup', { description: '   ', schedule: '', fileloc: '' }),
      context(),
    );
    expect(unmatchedOwners).toBeUndefined();
    expect(entity.metadata).toStrictEqual({
      name: 'cleanup',
      title: 'cleanup',
      annotations: {
        'backstage.io/managed-by-location': 'mlops:airflow/prod',
        'backstage.io/managed-by-origin-location': 'mlops:airflow/prod',
        'airflow.apache.org/dag-id': 'cleanup',
        'airflow.apache.org/instance': 'prod',
      },
      links: [
        {
          url: 'https://airflow.example.com/dags/cleanup',
          title: 'Airflow DAG',
          icon: 'dashboard',
        },
      ],
    });
    expect(entity.spec).toStrictEqual({
      type: 'airflow-dag',
      owner: 'group:default/ml-platform',
      airflow: {
        instance: 'prod',
        dagId: 'cleanup',
        owners: [],
        isPaused: false,
      },
    });
    await expectValidEntity(entity);
  });

  it('drops tags that leave nothing and keeps each tag once', () => {
    const { entity } = dagToEntity(
      bareDag('d', { tags: ['🚀', 'Training', 'training', 'TRAINING '] }),
      context(),
    );
    expect(entity.metadata.tags).toEqual(['training']);
    expect(
      dagToEntity(bareDag('d', { tags: ['日本語'] }), context()).entity
        .metadata,
    ).not.toHaveProperty('tags');
  });

  it("links to the DAG in the UI of the instance's Airflow", () => {
    const link = (apiVersion: 'v1' | 'v2', dagId: string) =>
      dagToEntity(bareDag(dagId), context({ apiVersion })).entity.metadata
        .links;
    expect(link('v2', 'a.b-c_d')).toEqual([
      {
        url: 'https://airflow.example.com/dags/a.b-c_d',
        title: 'Airflow DAG',
        icon: 'dashboard',
      },
    ]);
    // Airflow 2 shows a DAG in its grid view.
    expect(link('v1', 'a.b-c_d')?.[0].url).toBe(
      'https://airflow.example.com/dags/a.b-c_d/grid',
    );
  });

  describe('owner', () => {
    const ownerOf = (owners: string[]) =>
      dagToEntity(bareDag('d', { owners }), context());

    it('is the catalog user or group the first matching owner names', () => {
      expect(ownerOf(['jane.doe@example.com']).entity.spec.owner).toBe(
        'user:default/jane.doe',
      );
      expect(ownerOf(['nobody', 'bob']).entity.spec.owner).toBe(
        'user:default/bob',
      );
      expect(ownerOf(['customer-insights']).entity.spec.owner).toBe(
        'group:default/customer-insights',
      );
    });

    it('is the default owner, silently, for no owners or only Airflow’s default', () => {
      for (const owners of [[], ['airflow'], ['airflow', ' ']]) {
        const result = ownerOf(owners);
        expect(result.entity.spec.owner).toBe('group:default/ml-platform');
        expect(result.unmatchedOwners).toBeUndefined();
      }
    });

    it('is the default owner, reporting them, for owners nobody in the catalog is', () => {
      const result = ownerOf(['Data Team', 'airflow', 'ops@example.com']);
      expect(result.entity.spec.owner).toBe('group:default/ml-platform');
      expect(result.unmatchedOwners).toEqual(['Data Team', 'ops@example.com']);
      // Kept as Airflow lists them, for the DAG card.
      expect(result.entity.spec.airflow.owners).toEqual([
        'Data Team',
        'airflow',
        'ops@example.com',
      ]);
    });
  });

  describe('names', () => {
    it('are those of the locator the backend authorizes writes against', async () => {
      for (const [dagId, from] of [
        ['fraud_detection_training', prod],
        ['Fraud.Detection-Training', prod],
        ['fraud_detection_training', staging],
      ] as const) {
        const { entity } = dagToEntity(
          bareDag(dagId),
          context({ instance: from }),
        );
        const locator = airflowDagLocator([prod, staging], from.name, dagId);
        expect(stringifyEntityRef(entity)).toBe(locator.entityRef);
        expect(entity.metadata.annotations).toEqual({
          'backstage.io/managed-by-location': locator.managedByLocation,
          'backstage.io/managed-by-origin-location': locator.managedByLocation,
          ...locator.annotations,
        });
        await expectValidEntity(entity);
      }
    });

    it('carry the instance prefix and its UI on a non-default instance', () => {
      const { entity } = dagToEntity(
        bareDag('fraud_detection_training'),
        context({ instance: staging }),
      );
      expect(entity.metadata.name).toMatch(
        /^staging-fraud_detection_training-[0-9a-f]{8}$/,
      );
      expect(entity.metadata.links?.[0].url).toBe(
        'https://airflow-staging.example.com/dags/fraud_detection_training',
      );
    });

    it('keep an upper-case DAG id valid and distinct, the id itself in the annotation', () => {
      const upper = dagToEntity(bareDag('Train'), context()).entity;
      const lower = dagToEntity(bareDag('train'), context()).entity;
      expect(upper.metadata.name).toMatch(/^train-[0-9a-f]{8}$/);
      expect(lower.metadata.name).toBe('train');
      expect(upper.metadata.annotations?.['airflow.apache.org/dag-id']).toBe(
        'Train',
      );
    });
  });
});
