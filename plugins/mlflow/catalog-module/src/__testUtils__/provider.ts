import { ConfigReader } from '@backstage/config';
import { MlflowClients } from '@mlops-portal/plugin-mlflow-node';
import { FakeMlflow } from '@mlops-portal/plugin-mlflow-node/testUtils';
import {
  LogRecord,
  ManualTaskRunner,
  RecordingConnection,
  recordingConnection,
  recordingLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { MlflowEntityProvider } from '../providers/MlflowEntityProvider';

/**
 * One provider per instance of `clients`, with `mlflow.catalog` as given, each connected to a
 * recording connection; nothing has run yet (`runner.runAll()` runs every provider once).
 */
export async function connectedProviders(
  clients: MlflowClients,
  catalog: object = { defaultOwner: 'group:default/ml-platform' },
): Promise<{
  providers: MlflowEntityProvider[];
  connections: RecordingConnection[];
  runner: ManualTaskRunner;
  records: LogRecord[];
}> {
  const { logger, records } = recordingLogger();
  const runner = new ManualTaskRunner();
  const providers = MlflowEntityProvider.fromConfig(
    new ConfigReader({ mlflow: { catalog } }),
    { clients, logger, schedule: runner },
  );
  const connections = await Promise.all(
    providers.map(async provider => {
      const connection = recordingConnection();
      await provider.connect(connection);
      return connection;
    }),
  );
  return { providers, connections, runner, records };
}

/** Makes the n-th call (1-based) of a search reject with `error`, as one broken page would. */
export function failCall(
  fake: FakeMlflow,
  method: 'searchRegisteredModels' | 'searchModelVersions',
  call: number,
  error: Error,
): void {
  const search = fake[method].bind(fake) as (
    request: object,
  ) => Promise<unknown>;
  let calls = 0;
  // Only the one page fails: the calls before and after it are served (and logged) as usual.
  Object.assign(fake, {
    [method]: async (request: object) => {
      calls++;
      if (calls === call) {
        throw error;
      }
      return search(request);
    },
  });
}
