import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AirflowClients } from '@mlops-portal/plugin-airflow-node';
import {
  LogRecord,
  ManualTaskRunner,
  RecordingConnection,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { AirflowEntityProvider } from '../providers/AirflowEntityProvider';
import { testOrganisation } from './catalog';

/**
 * One provider per instance of `clients`, with `airflow.catalog` as given and a catalog holding
 * `organisation`, each connected to a recording connection; nothing has run yet
 * (`runner.runAll()` runs every provider once).
 */
export async function connectedProviders(
  clients: AirflowClients,
  options: { catalog?: object; organisation?: Entity[] } = {},
) {
  const {
    catalog = { defaultOwner: 'group:default/ml-platform' },
    organisation = testOrganisation,
  } = options;
  const { logger, records } = recordingLogger();
  const runner = new ManualTaskRunner();
  const catalogApi = catalogServiceMock({ entities: organisation });
  const streamEntities = jest.spyOn(catalogApi, 'streamEntities');
  const providers = AirflowEntityProvider.fromConfig(
    new ConfigReader({ airflow: { catalog } }),
    {
      clients,
      catalog: catalogApi,
      auth: mockServices.auth(),
      logger,
      schedule: runner,
    },
  );
  const connections: RecordingConnection[] = await Promise.all(
    providers.map(async provider => {
      const connection = recordingConnection();
      await provider.connect(connection);
      return connection;
    }),
  );
  return {
    providers,
    connections,
    runner,
    records: records as LogRecord[],
    /** The catalog's `streamEntities`, to count the reads of users and groups. */
    streamEntities,
  };
}
