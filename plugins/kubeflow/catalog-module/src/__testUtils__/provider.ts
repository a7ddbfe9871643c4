import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubeflowClients } from '@mlops-portal/plugin-kubeflow-node';
import {
  LogRecord,
  ManualTaskRunner,
  RecordingConnection,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { KubeflowEntityProvider } from '../providers/KubeflowEntityProvider';
import { testOrganisation } from './catalog';

/** What the tests configure unless they say otherwise. */
export const DEFAULT_CATALOG_CONFIG = { defaultOwner: 'ml-platform' };

/**
 * One provider per instance of `clients`, with `kubeflow.catalog` as given and a catalog holding
 * `organisation`, each connected to a recording connection; nothing has run yet
 * (`runner.runAll()` runs every provider once).
 */
export async function connectedProviders(
  clients: KubeflowClients,
  options: { catalog?: object; organisation?: Entity[] } = {},
) {
  const { catalog = DEFAULT_CATALOG_CONFIG, organisation = testOrganisation } =
    options;
  const { logger, records } = recordingLogger();
  const runner = new ManualTaskRunner();
  const catalogApi = catalogServiceMock({ entities: organisation });
  const streamEntities = jest.spyOn(catalogApi, 'streamEntities');
  const providers = KubeflowEntityProvider.fromConfig(
    new ConfigReader({ kubeflow: { catalog } }),
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
