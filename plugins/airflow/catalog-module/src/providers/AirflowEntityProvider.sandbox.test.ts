import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  AirflowApiVersion,
  createAirflowClients,
} from '@mlops-portal/plugin-airflow-node';
import {
  appliedEntities,
  expectValidEntity,
  silentLogger,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { catalogGroup, catalogUser } from '../__testUtils__/catalog';
import { connectedProviders } from '../__testUtils__/provider';

// Enough synthetic DAGs for three pages at Airflow's (and the sandbox's) default limit of 100.
const SYNTHETIC_DAGS = 246;
const STORY_DAGS = 4;
const ALL_DAGS = STORY_DAGS + SYNTHETIC_DAGS;
const TOKEN = 'POST /auth/token';
// supply-chain's DAG, and the synthetic DAGs of teams b to e (owners rotate over five teams).
const UNMATCHED = 1 + SYNTHETIC_DAGS - Math.ceil(SYNTHETIC_DAGS / 5);

type Mount = 'airflow' | 'airflow2';

/** The story's teams and one synthetic team; `supply-chain` and the other synthetic teams are not in the catalog. */
const organisation = [
  catalogGroup('fraud-detection'),
  catalogGroup('customer-insights'),
  catalogGroup('synthetic-team-a'),
  catalogUser('jane.doe', 'jane.doe@example.com'),
];

jest.setTimeout(60_000);

describe.each<[string, Mount, AirflowApiVersion]>([
  ['Airflow 3 (API v2)', 'airflow', 'v2'],
  ['Airflow 2 (API v1)', 'airflow2', 'v1'],
])(
  'AirflowEntityProvider against the sandbox: %s (real HTTP, real clients)',
  (_title, mount, version) => {
    const sandbox = useTestSandbox({
      scale: { dags: SYNTHETIC_DAGS, runsPerDag: 0 },
    });
    const DAGS = `GET /api/${version}/dags`;

    /** The provider over a real client of the mount; `fetch` may stand in the way. */
    async function providerOf(
      options: { pageSize?: number; fetch?: typeof fetch } = {},
    ) {
      const clients = createAirflowClients({
        config: new ConfigReader({
          airflow: {
            instances: [
              {
                name: 'sandbox',
                baseUrl: sandbox().baseUrl(mount),
                uiUrl: 'https://airflow.example.com',
                apiVersion: version,
                auth: { type: 'basic', username: 'admin', password: 'admin' },
                ...(options.pageSize && { pageSize: options.pageSize }),
              },
            ],
          },
        }),
        logger: silentLogger,
        fetch: options.fetch,
      });
      return connectedProviders(clients, { organisation });
    }

    it('ingests every story and synthetic DAG, one request per page of 100', async () => {
      const { connections, runner, records, streamEntities } =
        await providerOf();
      await runner.runAll();

      expect(records.filter(r => r.level === 'error')).toEqual([]);
      const entities = appliedEntities(connections[0]);
      expect(entities).toHaveLength(ALL_DAGS);
      const byDagId = new Map<string, Entity>(
        entities.map(e => [
          e.metadata.annotations!['airflow.apache.org/dag-id'],
          e,
        ]),
      );

      const training = byDagId.get('fraud_detection_training')!;
      expect(training).toMatchObject({
        metadata: {
          name: 'fraud_detection_training',
          title: 'fraud_detection_training',
          description: expect.stringMatching(/^Daily retraining of /),
          tags: ['fraud-detection', 'training'],
          annotations: {
            'backstage.io/managed-by-location': 'mlops:airflow/sandbox',
            'backstage.io/managed-by-origin-location': 'mlops:airflow/sandbox',
            'airflow.apache.org/dag-id': 'fraud_detection_training',
            'airflow.apache.org/instance': 'sandbox',
          },
          links: [
            {
              url: `https://airflow.example.com/dags/fraud_detection_training${
                version === 'v1' ? '/grid' : ''
              }`,
              title: 'Airflow DAG',
              icon: 'dashboard',
            },
          ],
        },
        spec: {
          type: 'airflow-dag',
          owner: 'group:default/fraud-detection',
          airflow: {
            instance: 'sandbox',
            dagId: 'fraud_detection_training',
            owners: ['fraud-detection'],
            isPaused: false,
            schedule: '0 2 * * *',
            fileloc: expect.stringMatching(/\.py$/),
          },
        },
      });
      expect(byDagId.get('demand_forecast_batch')?.spec).toMatchObject({
        owner: 'group:default/ml-platform',
        airflow: { isPaused: true },
      });
      expect(byDagId.get('churn_model_retrain')?.spec?.owner).toBe(
        'group:default/customer-insights',
      );
      expect(byDagId.get('synthetic_dag_00001')?.spec?.owner).toBe(
        'group:default/synthetic-team-a',
      );
      expect(byDagId.get('synthetic_dag_00002')?.spec?.owner).toBe(
        'group:default/ml-platform',
      );
      for (const entity of [training, byDagId.get('synthetic_dag_00010')!]) {
        await expectValidEntity(entity);
      }

      // ceil(250 / 100) = 3 pages (plus Airflow 3's token); nothing per DAG.
      expect(sandbox().routeCounts(mount)).toEqual({
        [DAGS]: 3,
        ...(version === 'v2' && { [TOKEN]: 1 }),
      });
      expect(streamEntities).toHaveBeenCalledTimes(1);
      const warning = records.find(r => r.level === 'warn');
      expect(warning?.message).toBe(
        `${UNMATCHED} DAGs have owners that name none of the catalog's 4 users and groups; ` +
          'they are owned by group:default/ml-platform instead',
      );
      expect(records.find(r => r.level === 'info')?.fields).toMatchObject({
        dags: ALL_DAGS,
        entities: ALL_DAGS,
        catalogOwners: 4,
        unmatchedOwners: UNMATCHED,
        pageSize: 100,
      });
    });

    it('pages at the configured page size', async () => {
      const { connections, runner } = await providerOf({ pageSize: 40 });
      await runner.runAll();
      expect(appliedEntities(connections[0])).toHaveLength(ALL_DAGS);
      expect(sandbox().routeCounts(mount)[DAGS]).toBe(7);
    });

    /** Real fetch, but the DAG pages' offsets noted as they are sent, and chosen ones failing. */
    function dagPagesFetch(failOffset?: string) {
      const offsets: string[] = [];
      const send: typeof fetch = async (input, init) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/dags')) {
          const offset = url.searchParams.get('offset') ?? '0';
          offsets.push(offset);
          if (offset === failOffset) {
            return Response.json(
              { detail: 'database is locked' },
              { status: 500 },
            );
          }
        }
        return fetch(input, init);
      };
      return { send, offsets };
    }

    it('applies nothing when page 3 fails', async () => {
      const { send, offsets } = dagPagesFetch('200');
      const { connections, runner, records } = await providerOf({
        fetch: send,
      });
      await runner.runAll();

      expect(connections[0].applyMutation).not.toHaveBeenCalled();
      const errors = records.filter(r => r.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].error?.message).toMatch(/airflow instance 'sandbox'/);
      // Page 3 is the last: it went out with page 2 (two in flight), and nothing beyond the total.
      expect(offsets).toEqual(['0', '100', '200']);
    });

    it('applies nothing when one DAG on page 2 is malformed', async () => {
      // Page 2 of the DAG ids in Airflow's order; owners Airflow would never send.
      Object.assign(
        sandbox().sandbox.state.airflow.dags.get('synthetic_dag_00150')!,
        { owners: [42] },
      );
      const { send, offsets } = dagPagesFetch();
      const { connections, runner, records } = await providerOf({
        fetch: send,
      });
      await runner.runAll();

      expect(connections[0].applyMutation).not.toHaveBeenCalled();
      const errors = records.filter(r => r.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].error?.message).toMatch(
        /^airflow instance 'sandbox': GET \/dags returned an unexpected body: answer\.dags\[\d+\]\.owners\[0\] is a number/,
      );
      // Page 3 was asked for while page 2 was on its way (two in flight), nothing after.
      expect(offsets).toEqual(['0', '100', '200']);
    });
  },
);
