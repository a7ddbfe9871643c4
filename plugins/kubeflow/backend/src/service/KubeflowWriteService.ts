import { InputError, NotFoundError } from '@backstage/errors';
import {
  KubeflowCreateRunRequest,
  kubeflowRecurringRunTogglePermission,
  KubeflowRecurringRunView,
  kubeflowRunCreatePermission,
  KubeflowRunView,
  runParameterProblems,
} from '@mlops-portal/plugin-kubeflow-common';
import type {
  KubeflowClients,
  KubeflowPipeline,
  KubeflowPipelineVersion,
  KubeflowRecurringRun,
  KubeflowRun,
} from '@mlops-portal/plugin-kubeflow-node';
import { mlopsUnmanagedObjectWritePermission } from '@mlops-portal/plugin-mlops-common';
import type {
  EntityWriteContext,
  WriteAuthority,
  WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
import { asInstanceFailure } from './instanceFailure';
import {
  describeEntityObjects,
  isEntityObject,
  requirePipeline,
  requirePipelineAnnotation,
  ResolvedEntity,
  resolveEntity,
  resolveObjects,
  ResolvedTarget,
} from './resolveTarget';
import { NEWEST_FIRST } from './runPages';
import { toRecurringRunView, toRunView } from './viewModels';

/**
 * Options of {@link KubeflowWriteService}.
 *
 * @internal
 */
export interface KubeflowWriteServiceOptions {
  clients: KubeflowClients;
  /** The kit's write pipeline: authority from the ingested entity, audit, instance failures. */
  pipeline: WritePipeline;
}

/**
 * Who asks, through which entity, and (for routes) the HTTP request the audit log reads.
 *
 * @internal
 */
export type WriteContext = EntityWriteContext;

/**
 * Audit event ids of the writes (the scaffolder's run step records the same `kubeflow-run-create`).
 *
 * @internal
 */
export const KUBEFLOW_AUDIT_EVENTS = {
  createRun: 'kubeflow-run-create',
  setRecurringRunEnabled: 'kubeflow-recurring-run-toggle',
} as const;

// KFP's display names are free text; a dated default keeps runs started from the page apart.
const MAX_DEFAULT_NAME_PREFIX = 100;

/**
 * Starts runs of an entity's pipeline and enables or disables its recurring runs — each under its
 * own permission and recorded as an audit event, through the kit's write pipeline.
 *
 * @remarks
 * The entity that names the pipeline only leads to it: the permission is checked against the
 * pipeline's `kubeflow-pipeline` Resource as the Kubeflow provider ingested it (found by the
 * pipeline's name and id, see `kubeflowPipelineLocator`), or — without one — held by admins only.
 * Order of a write: annotations and request checked, the pipeline, version and parameters looked
 * up and checked (400/404, nothing recorded, nothing created) → audit event initiated →
 * authorized (403, no upstream write) → the write → audit event succeeded with before → after.
 * The client's writes drop the instance's cached reads.
 *
 * @internal
 */
export class KubeflowWriteService {
  private readonly clients: KubeflowClients;
  private readonly pipeline: WritePipeline;

  constructor(options: KubeflowWriteServiceOptions) {
    this.clients = options.clients;
    this.pipeline = options.pipeline;
  }

  /** Starts a run of the entity's pipeline: the given version, else the newest. */
  async createRun(
    ctx: WriteContext,
    request: KubeflowCreateRunRequest,
  ): Promise<KubeflowRunView> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    requirePipelineAnnotation(resolved, 'start a run');
    const parameters = request.parameters ?? {};
    const { target, pipeline, version } = await this.before(
      resolved,
      async () => {
        const found = await resolveObjects(resolved);
        const annotated = requirePipeline(found, 'start a run');
        const chosen = await this.versionToRun(
          found,
          annotated,
          request.pipelineVersionId,
        );
        const problems = runParameterProblems(chosen.parameters, parameters);
        if (problems.length > 0) {
          throw new InputError(
            `Kubeflow pipeline '${annotated.displayName}' version '${
              chosen.displayName
            }' refuses these parameters: ${problems.join('; ')}`,
          );
        }
        return { target: found, pipeline: annotated, version: chosen };
      },
    );
    const experimentId =
      request.experimentId ?? target.experiment?.experimentId;
    const runName = request.name ?? defaultRunName(pipeline);
    const { client } = target;
    let created: KubeflowRun | undefined;
    return this.pipeline.run({
      eventId: KUBEFLOW_AUDIT_EVENTS.createRun,
      instance: target.base.instance,
      authority: {
        kind: 'ingested-entity',
        permission: kubeflowRunCreatePermission,
        locator: target.locator(pipeline),
      },
      credentials: ctx.credentials,
      request: ctx.request,
      // Parameters in full, as the scaffolder's run step records them: KFP shows them on the run
      // to anyone who may read it, and so does the run view.
      meta: {
        entityRef: target.entityRef,
        instance: target.base.instance,
        pipelineId: pipeline.pipelineId,
        pipelineName: pipeline.displayName,
        pipelineVersionId: version.pipelineVersionId,
        pipelineVersionName: version.displayName,
        runName,
        // Only the parameter names: their values may be anything a pipeline takes, secrets too.
        parameterNames: Object.keys(parameters),
        experimentId: experimentId ?? null,
      },
      change: async () => {
        // The client checks the parameters once more before it sends anything (InputError).
        created = await client.createRun({
          pipelineId: pipeline.pipelineId,
          pipelineVersionId: version.pipelineVersionId,
          displayName: runName,
          experimentId,
          parameters,
        });
        return {
          before: null,
          after: { runId: created.runId, state: created.state ?? null },
        };
      },
      // KFP answers a create with the run as stored; reading it again could fail a write that
      // happened.
      reload: async () => toRunView(created!, target.base.uiUrl),
    });
  }

  /** Enables or disables a recurring run of the entity's pipeline or experiment. */
  async setRecurringRunEnabled(
    ctx: WriteContext,
    recurringRunId: string,
    request: { enabled: boolean },
  ): Promise<KubeflowRecurringRunView> {
    const resolved = resolveEntity(ctx.entity, this.clients);
    const { target, recurringRun, authority } = await this.before(
      resolved,
      async () => {
        const found = await resolveObjects(resolved);
        const entityRecurringRun = await this.entityRecurringRun(
          found,
          recurringRunId,
        );
        return {
          target: found,
          recurringRun: entityRecurringRun,
          authority: await this.recurringRunAuthority(
            found,
            entityRecurringRun,
          ),
        };
      },
    );
    let after: KubeflowRecurringRun | undefined;
    return this.pipeline.run({
      eventId: KUBEFLOW_AUDIT_EVENTS.setRecurringRunEnabled,
      instance: target.base.instance,
      authority,
      credentials: ctx.credentials,
      request: ctx.request,
      meta: {
        entityRef: target.entityRef,
        instance: target.base.instance,
        recurringRunId,
        recurringRunName: recurringRun.displayName,
        pipelineId: recurringRun.pipelineId ?? null,
        enabled: request.enabled,
      },
      change: async () => {
        after = await target.client.setRecurringRunEnabled(
          recurringRunId,
          request.enabled,
        );
        return {
          before: { enabled: recurringRun.enabled },
          after: { enabled: after.enabled },
        };
      },
      reload: async () => toRecurringRunView(after!, target.base.uiUrl),
    });
  }

  /** The version named (one of the pipeline's), else the newest, with its declared parameters. */
  private async versionToRun(
    target: ResolvedTarget,
    pipeline: KubeflowPipeline,
    pipelineVersionId: string | undefined,
  ): Promise<KubeflowPipelineVersion> {
    const { client } = target;
    if (pipelineVersionId !== undefined) {
      try {
        return await client.getPipelineVersion(
          pipeline.pipelineId,
          pipelineVersionId,
        );
      } catch (error) {
        throw (error as Error | undefined)?.name === 'NotFoundError'
          ? new NotFoundError(
              `Kubeflow pipeline '${pipeline.displayName}' has no version '${pipelineVersionId}'`,
            )
          : error;
      }
    }
    const newest = await client.listPipelineVersions(pipeline.pipelineId, {
      sortBy: NEWEST_FIRST,
      pageSize: 1,
    });
    const [version] = newest.items;
    if (!version) {
      throw new NotFoundError(
        `Kubeflow pipeline '${pipeline.displayName}' has no version to run`,
      );
    }
    // The version itself, as a run would be checked against it.
    return client.getPipelineVersion(
      pipeline.pipelineId,
      version.pipelineVersionId,
    );
  }

  /** A recurring run, when it is one of the entity's pipeline or experiment. */
  private async entityRecurringRun(
    target: ResolvedTarget,
    recurringRunId: string,
  ): Promise<KubeflowRecurringRun> {
    const notFound = () =>
      new NotFoundError(
        `Entity '${
          target.entityRef
        }' has no Kubeflow recurring run '${recurringRunId}' (it shows the recurring runs of ${describeEntityObjects(
          target,
        )})`,
      );
    let recurringRun: KubeflowRecurringRun;
    try {
      recurringRun = await target.client.getRecurringRun(recurringRunId);
    } catch (error) {
      throw (error as Error | undefined)?.name === 'NotFoundError'
        ? notFound()
        : error;
    }
    if (!isEntityObject(target, recurringRun)) {
      throw notFound();
    }
    return recurringRun;
  }

  /**
   * Whose permission toggling a recurring run needs: the ingested entity of the pipeline it runs
   * (not necessarily the entity's, when it is found through the experiment), else admins'.
   */
  private async recurringRunAuthority(
    target: ResolvedTarget,
    recurringRun: KubeflowRecurringRun,
  ): Promise<WriteAuthority> {
    const { pipelineId } = recurringRun;
    let pipeline: KubeflowPipeline | undefined;
    if (pipelineId && pipelineId === target.pipeline?.pipelineId) {
      pipeline = target.pipeline;
    } else if (pipelineId) {
      pipeline = await target.client.getPipeline(pipelineId).catch(error => {
        if ((error as Error | undefined)?.name === 'NotFoundError') {
          return undefined;
        }
        throw error;
      });
    }
    if (pipeline) {
      return {
        kind: 'ingested-entity',
        permission: kubeflowRecurringRunTogglePermission,
        locator: target.locator(pipeline),
      };
    }
    // A v1 recurring run, or one whose pipeline is gone: no provider entity can own it.
    return {
      kind: 'basic',
      permission: mlopsUnmanagedObjectWritePermission,
      description: `toggle Kubeflow recurring run '${recurringRun.displayName}' on instance '${target.base.instance}', which runs no pipeline the Kubeflow provider ingests (only admins may)`,
    };
  }

  /** The look-ups before a write: an instance failure is a 503 naming it, as in the write itself. */
  private async before<T>(
    resolved: ResolvedEntity,
    read: () => Promise<T>,
  ): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw asInstanceFailure(error, resolved.base.instance);
    }
  }
}

function defaultRunName(pipeline: KubeflowPipeline): string {
  const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${pipeline.displayName.slice(0, MAX_DEFAULT_NAME_PREFIX)} ${at}`;
}
