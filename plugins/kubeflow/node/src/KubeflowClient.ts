import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { runParameterProblems } from '@mlops-portal/plugin-kubeflow-common';
import {
  encodePath,
  prefetchPages,
  ReadCache,
} from '@mlops-portal/plugin-mlops-node';
import type { promises as fs } from 'node:fs';
import {
  CreateKubeflowRunOptions,
  KubeflowApi,
  KubeflowExperiment,
  KubeflowHealth,
  KubeflowInstanceConfig,
  KubeflowListOptions,
  KubeflowPage,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowPredicate,
  KubeflowRecurringRun,
  KubeflowRun,
  KubeflowRunListOptions,
  UploadKubeflowPipelineOptions,
  UploadKubeflowPipelineVersionOptions,
} from './KubeflowApi';
import { KubeflowTransport } from './KubeflowTransport';
import { AnswerDecoders, createAnswerDecoders } from './read/answers';
import {
  checkRunParameters,
  optionalText,
  pipelineFileForm,
  requireId,
} from './request/input';
import { defaultExperimentId } from './request/defaultExperiment';
import { listQuery } from './request/listQuery';

/**
 * Options for {@link KubeflowClient}.
 *
 * @public
 */
export interface KubeflowClientOptions {
  /** The instance, from `readKubeflowInstanceConfigs`. */
  instance: KubeflowInstanceConfig;
  /** The plugin's `coreServices.logger`. */
  logger: LoggerService;
  /** The plugin's read cache (`readCacheServiceRef`); without it reads are only coalesced. */
  readCache?: ReadCache;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock of `Retry-After` dates; injectable for tests. */
  now?: () => number;
  /** How the service account token file is read; injectable for tests. */
  files?: Pick<typeof fs, 'stat' | 'readFile'>;
}

/**
 * The REST client of one Kubeflow Pipelines instance (API v2beta1), on `UpstreamHttpClient`.
 *
 * @remarks
 * Create one per instance and keep it: identical concurrent reads share one upstream call and
 * reads are cached in the plugin's read cache for the instance's `cacheTtl`. On multi-user
 * Kubeflow every request carries the configured user-id header, and every call that takes a
 * namespace (pipelines, experiments, runs, recurring runs, a pipeline by name, an upload) is
 * sent the configured one. Bad input is refused before anything is sent (InputError); a run's
 * parameters are checked against the version's declared inputs first. Every answer is read
 * field by field: one the portal cannot use is a ServiceUnavailableError naming the call and
 * the field.
 *
 * @public
 */
export class KubeflowClient implements KubeflowApi {
  /** {@inheritDoc KubeflowApi."instance"} */
  readonly instance: KubeflowInstanceConfig;
  private readonly transport: KubeflowTransport;
  private readonly decoders: AnswerDecoders;

  constructor(options: KubeflowClientOptions) {
    this.instance = options.instance;
    this.transport = new KubeflowTransport(options);
    this.decoders = createAnswerDecoders(options.instance.name);
  }

  /** {@inheritDoc KubeflowApi.health} */
  async health(): Promise<KubeflowHealth> {
    return this.transport.get('/healthz', {}, this.decoders.health, {
      cache: false,
    });
  }

  /** {@inheritDoc KubeflowApi.listPipelines} */
  async listPipelines(
    options: KubeflowListOptions = {},
  ): Promise<KubeflowPage<KubeflowPipeline>> {
    return this.transport.get(
      '/pipelines',
      { ...this.listQuery(options), namespace: this.namespace },
      this.decoders.pipelines,
      { cache: options.cache },
    );
  }

  /** {@inheritDoc KubeflowApi.listPipelinePages} */
  listPipelinePages(
    options: Omit<KubeflowListOptions, 'pageToken'> = {},
  ): AsyncGenerator<KubeflowPipeline[], void, undefined> {
    return prefetchPages(pageToken =>
      this.listPipelines({ ...options, pageToken }),
    );
  }

  /** {@inheritDoc KubeflowApi.getPipeline} */
  async getPipeline(pipelineId: string): Promise<KubeflowPipeline> {
    return this.transport.get(
      encodePath`/pipelines/${requireId(pipelineId, 'pipeline id')}`,
      {},
      this.decoders.pipeline,
    );
  }

  /** {@inheritDoc KubeflowApi.getPipelineByName} */
  async getPipelineByName(name: string): Promise<KubeflowPipeline> {
    return this.transport.get(
      encodePath`/pipelines/names/${requireId(name, 'pipeline name')}`,
      { namespace: this.namespace },
      this.decoders.pipelineByName,
    );
  }

  /** {@inheritDoc KubeflowApi.listPipelineVersions} */
  async listPipelineVersions(
    pipelineId: string,
    options: KubeflowListOptions = {},
  ): Promise<KubeflowPage<KubeflowPipelineVersion>> {
    return this.transport.get(
      encodePath`/pipelines/${requireId(pipelineId, 'pipeline id')}/versions`,
      this.listQuery(options),
      this.decoders.versions,
      { cache: options.cache },
    );
  }

  /** {@inheritDoc KubeflowApi.getPipelineVersion} */
  async getPipelineVersion(
    pipelineId: string,
    pipelineVersionId: string,
  ): Promise<KubeflowPipelineVersion> {
    return this.transport.get(
      encodePath`/pipelines/${requireId(
        pipelineId,
        'pipeline id',
      )}/versions/${requireId(pipelineVersionId, 'pipeline version id')}`,
      {},
      this.decoders.version,
    );
  }

  /** {@inheritDoc KubeflowApi.listRuns} */
  async listRuns(
    options: KubeflowRunListOptions = {},
  ): Promise<KubeflowPage<KubeflowRun>> {
    const byVersion: KubeflowPredicate[] =
      options.pipelineVersionId === undefined
        ? []
        : [
            {
              key: 'pipeline_version_id',
              operation: 'EQUALS',
              value: requireId(options.pipelineVersionId, 'pipelineVersionId'),
            },
          ];
    return this.transport.get(
      '/runs',
      {
        ...this.listQuery(options, byVersion),
        experiment_id: this.experimentParameter(options.experimentId),
        namespace: this.namespace,
      },
      this.decoders.runs,
      { cache: options.cache },
    );
  }

  /** {@inheritDoc KubeflowApi.getRun} */
  async getRun(
    runId: string,
    options: { cache?: boolean } = {},
  ): Promise<KubeflowRun> {
    return this.transport.get(
      encodePath`/runs/${requireId(runId, 'run id')}`,
      {},
      this.decoders.run,
      options,
    );
  }

  /** {@inheritDoc KubeflowApi.createRun} */
  async createRun(options: CreateKubeflowRunOptions): Promise<KubeflowRun> {
    if (typeof options !== 'object' || options === null) {
      throw new InputError('createRun needs its options');
    }
    const pipelineId = requireId(options.pipelineId, 'pipeline id');
    const versionId = requireId(
      options.pipelineVersionId,
      'pipeline version id',
    );
    const displayName = requireId(options.displayName, 'run name');
    const description = optionalText(options.description, 'description');
    const parameters = checkRunParameters(options.parameters);
    const experimentId =
      options.experimentId === undefined
        ? undefined
        : requireId(options.experimentId, 'experiment id');

    // The version's declared inputs, read first: nothing is sent when a parameter is wrong.
    const version = await this.getPipelineVersion(pipelineId, versionId);
    const problems = runParameterProblems(version.parameters, parameters);
    if (problems.length > 0) {
      throw new InputError(
        `Cannot start a run of pipeline version '${version.displayName}' (${versionId}) on ` +
          `kubeflow instance '${this.instance.name}': ${problems.join('; ')}`,
      );
    }
    const body = {
      display_name: displayName,
      description,
      experiment_id:
        experimentId ??
        (await defaultExperimentId(this.instance, filter =>
          this.listExperiments({ filter, pageSize: 1 }),
        )),
      pipeline_version_reference: {
        pipeline_id: pipelineId,
        pipeline_version_id: versionId,
      },
      runtime_config: { parameters },
    };
    return this.transport.write(
      'POST',
      '/runs',
      { body },
      this.decoders.createdRun,
    );
  }

  /** {@inheritDoc KubeflowApi.listRecurringRuns} */
  async listRecurringRuns(
    options: KubeflowListOptions & { experimentId?: string } = {},
  ): Promise<KubeflowPage<KubeflowRecurringRun>> {
    return this.transport.get(
      '/recurringruns',
      {
        ...this.listQuery(options),
        experiment_id: this.experimentParameter(options.experimentId),
        namespace: this.namespace,
      },
      this.decoders.recurringRuns,
      { cache: options.cache },
    );
  }

  /** {@inheritDoc KubeflowApi.getRecurringRun} */
  async getRecurringRun(
    recurringRunId: string,
    options: { cache?: boolean } = {},
  ): Promise<KubeflowRecurringRun> {
    return this.transport.get(
      encodePath`/recurringruns/${requireId(
        recurringRunId,
        'recurring run id',
      )}`,
      {},
      this.decoders.recurringRun,
      options,
    );
  }

  /** {@inheritDoc KubeflowApi.setRecurringRunEnabled} */
  async setRecurringRunEnabled(
    recurringRunId: string,
    enabled: boolean,
  ): Promise<KubeflowRecurringRun> {
    const id = requireId(recurringRunId, 'recurring run id');
    if (typeof enabled !== 'boolean') {
      throw new InputError('enabled must be a boolean');
    }
    // The answer is `{}`; what the recurring run is now is read back, past the cache.
    await this.transport.write(
      'POST',
      `${encodePath`/recurringruns/${id}`}:${enabled ? 'enable' : 'disable'}`,
      {},
      () => undefined,
    );
    return this.getRecurringRun(id, { cache: false });
  }

  /** {@inheritDoc KubeflowApi.listExperiments} */
  async listExperiments(
    options: KubeflowListOptions = {},
  ): Promise<KubeflowPage<KubeflowExperiment>> {
    return this.transport.get(
      '/experiments',
      { ...this.listQuery(options), namespace: this.namespace },
      this.decoders.experiments,
      { cache: options.cache },
    );
  }

  /** {@inheritDoc KubeflowApi.getExperiment} */
  async getExperiment(experimentId: string): Promise<KubeflowExperiment> {
    return this.transport.get(
      encodePath`/experiments/${requireId(experimentId, 'experiment id')}`,
      {},
      this.decoders.experiment,
    );
  }

  /** {@inheritDoc KubeflowApi.uploadPipeline} */
  async uploadPipeline(
    options: UploadKubeflowPipelineOptions,
  ): Promise<KubeflowPipeline> {
    const displayName = requireId(options.displayName, 'pipeline name');
    const name =
      options.name === undefined
        ? displayName
        : requireId(options.name, 'pipeline name');
    const form = pipelineFileForm(options);
    return this.transport.write(
      'POST',
      '/pipelines/upload',
      {
        query: {
          name,
          display_name: displayName,
          description: optionalText(options.description, 'description'),
          namespace: this.namespace,
        },
        form,
      },
      this.decoders.uploadedPipeline,
    );
  }

  /** {@inheritDoc KubeflowApi.uploadPipelineVersion} */
  async uploadPipelineVersion(
    options: UploadKubeflowPipelineVersionOptions,
  ): Promise<KubeflowPipelineVersion> {
    const pipelineId = requireId(options.pipelineId, 'pipeline id');
    const displayName = requireId(options.displayName, 'version name');
    const name =
      options.name === undefined
        ? displayName
        : requireId(options.name, 'version name');
    const form = pipelineFileForm(options);
    return this.transport.write(
      'POST',
      '/pipelines/upload_version',
      {
        query: {
          pipelineid: pipelineId,
          name,
          display_name: displayName,
          description: optionalText(options.description, 'description'),
        },
        form,
      },
      this.decoders.uploadedVersion,
    );
  }

  /** The profile namespace of multi-user Kubeflow; undefined (not sent) otherwise. */
  private get namespace(): string | undefined {
    return this.instance.multiUser?.namespace;
  }

  private listQuery(
    options: KubeflowListOptions,
    extraPredicates?: KubeflowPredicate[],
  ) {
    return listQuery(options, this.instance.pageSize, extraPredicates);
  }

  private experimentParameter(experimentId: string | undefined) {
    return experimentId === undefined
      ? undefined
      : requireId(experimentId, 'experiment id');
  }
}
