import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { testSystems } from '../__testUtils__/systems';
import { recordingLogger } from '../testUtils/logger';
import {
  appliedMutation,
  ManualTaskRunner,
  recordingConnection,
} from '../testUtils/provider';
import {
  InstanceEntitiesRead,
  InstanceEntityProvider,
  providerTaskRunner,
} from './InstanceEntityProvider';

const resource = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name },
  spec: { type: 'thing', owner: 'group:default/team' },
});

/** A provider whose read returns what the test says, or throws it. */
class TestProvider extends InstanceEntityProvider {
  constructor(
    private readonly result: () => Promise<InstanceEntitiesRead>,
    logger: LoggerService,
    taskRunner = new ManualTaskRunner(),
  ) {
    super({
      system: testSystems.airflow,
      instance: 'prod',
      logger,
      taskRunner,
    });
  }

  protected read(logger: LoggerService): Promise<InstanceEntitiesRead> {
    this.warnWithExamples(
      logger,
      '30 things were odd',
      Array.from({ length: 30 }, (_, i) => i),
    );
    return this.result();
  }
}

async function connected(result: () => Promise<InstanceEntitiesRead>) {
  const { logger, records } = recordingLogger();
  const runner = new ManualTaskRunner();
  const provider = new TestProvider(result, logger, runner);
  const connection = recordingConnection();
  await provider.connect(connection);
  return { provider, connection, runner, records };
}

describe('InstanceEntityProvider', () => {
  it('is named after the system and instance, and schedules one refresh task on connect', async () => {
    const { provider, runner } = await connected(async () => ({
      entities: [],
      message: 'done',
      fields: {},
    }));
    expect(provider.getProviderName()).toBe('airflow-provider:prod');
    expect(runner.tasks.map(t => t.id)).toEqual([
      'airflow-provider:prod:refresh',
    ]);
  });

  it('refuses to refresh before it is connected', async () => {
    const provider = new TestProvider(
      async () => ({ entities: [], message: '', fields: {} }),
      recordingLogger().logger,
    );
    const refreshing = provider.refresh(recordingLogger().logger);
    await expect(refreshing).rejects.toThrow(ServiceUnavailableError);
    await expect(refreshing).rejects.toThrow(
      'airflow-provider:prod is not connected to the catalog yet',
    );
  });

  it('applies one full mutation keyed by the provider name, then logs the summary with the run fields', async () => {
    const { connection, runner, records } = await connected(async () => ({
      entities: [resource('a'), resource('b')],
      message: 'Read 2 things',
      fields: { things: 2 },
    }));
    await runner.runAll();

    expect(appliedMutation(connection)).toEqual([
      { entity: resource('a'), locationKey: 'airflow-provider:prod' },
      { entity: resource('b'), locationKey: 'airflow-provider:prod' },
    ]);
    const info = records.filter(r => r.level === 'info');
    expect(info).toEqual([
      {
        level: 'info',
        message: 'Read 2 things',
        fields: {
          target: 'airflow-provider:prod',
          taskId: 'airflow-provider:prod:refresh',
          taskInstanceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          instance: 'prod',
          things: 2,
          durationMs: expect.any(Number),
        },
      },
    ]);
  });

  it('applies nothing and logs the error when the read fails', async () => {
    const failure = new ServiceUnavailableError('page 3 failed');
    const { connection, runner, records } = await connected(async () => {
      throw failure;
    });
    await runner.runAll();

    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(records.filter(r => r.level === 'error')).toEqual([
      {
        level: 'error',
        message:
          'airflow-provider:prod refresh failed; no entities were changed',
        fields: expect.objectContaining({ instance: 'prod' }),
        error: failure,
      },
    ]);
    expect(records.some(r => r.level === 'info')).toBe(false);
  });

  it('names at most 20 examples in a warning', async () => {
    const { runner, records } = await connected(async () => ({
      entities: [],
      message: 'none',
      fields: {},
    }));
    await runner.runAll();
    const [warning] = records.filter(r => r.level === 'warn');
    expect(warning.message).toBe('30 things were odd');
    expect(warning.fields.examples).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });
});

/** A provider that hands out its delta and records what follows each refresh. */
class FollowingProvider extends TestProvider {
  readonly followed: string[] = [];
  followFailure?: Error;

  delta(added: Entity[], removed: string[]) {
    return this.applyDelta({ added, removed });
  }

  protected async afterRefresh(logger: LoggerService): Promise<void> {
    if (this.followFailure) {
      throw this.followFailure;
    }
    this.followed.push(`after ${this.getProviderName()}`);
    logger.info('followed');
  }
}

describe('InstanceEntityProvider between full refreshes', () => {
  async function following(read: () => Promise<InstanceEntitiesRead>) {
    const { logger, records } = recordingLogger();
    const runner = new ManualTaskRunner();
    const provider = new FollowingProvider(read, logger, runner);
    const connection = recordingConnection();
    await provider.connect(connection);
    return { provider, connection, runner, records };
  }
  const ok = async () => ({
    entities: [resource('a')],
    message: 'ok',
    fields: {},
  });

  it("applies a delta under the full mutation's location key", async () => {
    const { provider, connection } = await following(ok);
    await provider.delta([resource('b')], ['resource:default/c']);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'delta',
      added: [{ entity: resource('b'), locationKey: 'airflow-provider:prod' }],
      removed: [
        {
          entityRef: 'resource:default/c',
          locationKey: 'airflow-provider:prod',
        },
      ],
    });
  });

  it('refuses a delta before it is connected', async () => {
    const provider = new FollowingProvider(ok, recordingLogger().logger);
    await expect(provider.delta([], [])).rejects.toThrow(
      'airflow-provider:prod is not connected to the catalog yet',
    );
  });

  it('runs afterRefresh once the full mutation is applied, and not after a failed read', async () => {
    let fail = false;
    const { provider, connection, runner, records } = await following(
      async () => {
        if (fail) throw new Error('down');
        return ok();
      },
    );
    connection.applyMutation.mockImplementation(async () => {
      // The hook must not have run before the entities are in.
      expect(provider.followed).toEqual([]);
    });
    await runner.runAll();
    expect(provider.followed).toEqual(['after airflow-provider:prod']);
    expect(records.filter(r => r.level === 'info').map(r => r.message)).toEqual(
      ['ok', 'followed'],
    );

    fail = true;
    await runner.runAll();
    expect(provider.followed).toHaveLength(1);
  });

  it('logs a failing afterRefresh apart from the refresh, which stays applied', async () => {
    const { provider, connection, runner, records } = await following(ok);
    const failure = new Error('watch refused');
    provider.followFailure = failure;
    await runner.runAll();
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(records.filter(r => r.level === 'error')).toEqual([
      {
        level: 'error',
        message:
          'airflow-provider:prod refreshed, but what follows a refresh failed',
        fields: expect.objectContaining({ instance: 'prod' }),
        error: failure,
      },
    ]);
  });
});

describe('providerTaskRunner', () => {
  const schedule = { frequency: { minutes: 5 }, timeout: { minutes: 1 } };

  it('takes the given runner, else one of the scheduler on the schedule', () => {
    const given = new ManualTaskRunner();
    expect(providerTaskRunner({ schedule: given }, schedule, 'P')).toBe(given);

    const created = new ManualTaskRunner();
    const scheduler = mockServices.scheduler.mock({
      createScheduledTaskRunner: jest.fn(() => created),
    });
    expect(providerTaskRunner({ scheduler }, schedule, 'P')).toBe(created);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(schedule);
  });

  it('needs one of them', () => {
    expect(() =>
      providerTaskRunner({}, schedule, 'AirflowEntityProvider'),
    ).toThrow('AirflowEntityProvider needs either a scheduler or a schedule');
  });
});
