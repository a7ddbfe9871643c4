import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  KserveClusterApi,
  KserveClusters,
} from '@mlops-portal/plugin-kserve-node';
import { fakeKserveClusters } from '@mlops-portal/plugin-kserve-node/testUtils';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import {
  LogRecord,
  ManualTaskRunner,
  RecordingConnection,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { KserveEntityProvider } from '../providers/KserveEntityProvider';

/** What the tests configure unless they say otherwise. */
export const DEFAULT_CATALOG_CONFIG = { defaultOwner: 'ml-platform' };

/** Retries short enough for a test to wait them out. */
export const TEST_WATCH_BACKOFF = { initialMs: 5, maxMs: 20, maxAttempts: 3 };

/** The clusters service over fakes (or real clients); the first is the default cluster. */
export const testClusters = (...clients: KserveClusterApi[]) =>
  fakeKserveClusters(clients);

const running: KserveEntityProvider[] = [];

/** Stops every provider {@link connectedProviders} made; call it in `afterEach`. */
export async function stopProviders(): Promise<void> {
  const providers = running.splice(0);
  await Promise.all(providers.map(provider => provider.stop()));
}

/**
 * One provider per cluster, with `kserve.catalog` as given, each connected to a recording
 * connection; nothing has run yet (`runner.runAll()` relists every cluster once).
 */
export async function connectedProviders(
  clusters: KserveClusters,
  options: { catalog?: object; mlflow?: MlflowClients } = {},
) {
  const { catalog = DEFAULT_CATALOG_CONFIG, mlflow } = options;
  const { logger, records } = recordingLogger();
  const runner = new ManualTaskRunner();
  const providers = KserveEntityProvider.fromConfig(
    new ConfigReader({ kserve: { catalog } }),
    {
      clusters,
      mlflow,
      logger,
      schedule: runner,
      watchBackoff: TEST_WATCH_BACKOFF,
    },
  );
  running.push(...providers);
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
  };
}

/** Every mutation applied so far, in order. */
export function mutations(
  connection: RecordingConnection,
): EntityProviderMutation[] {
  return connection.applyMutation.mock.calls.map(([mutation]) => mutation);
}

/** The entities of the last full mutation. */
export function lastFullEntities(connection: RecordingConnection): Entity[] {
  const full = mutations(connection).filter(m => m.type === 'full');
  const last = full[full.length - 1];
  if (!last || last.type !== 'full') {
    throw new Error('no full mutation was applied');
  }
  return last.entities.map(e => e.entity);
}

/** The delta mutations applied so far, in order. */
export function deltas(connection: RecordingConnection) {
  return mutations(connection).flatMap(m => (m.type === 'delta' ? [m] : []));
}

/** `kind:namespace/name` of an entity. */
export function refOf(entity: Entity): string {
  return `${entity.kind.toLowerCase()}:${entity.metadata.namespace}/${
    entity.metadata.name
  }`;
}

/** Resolves once `condition` holds, polling; fails after `timeoutMs`. */
export async function eventually(
  condition: () => boolean,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

/** Lets queued promise callbacks (a delta's mutation) run. */
export function settle(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}
