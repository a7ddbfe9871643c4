import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CanaryChange,
  KSERVE_SYSTEM,
} from '@mlops-portal/plugin-kserve-common';
import {
  actionEntityContexts,
  defineMlopsAction,
  EntityResolver,
  listInstancesAction,
  MlopsAction,
} from '@mlops-portal/plugin-mlops-node';
import { actionInputSchemas } from '../schemas';
import { KserveReadService } from '../service/KserveReadService';
import { KserveWriteService } from '../service/KserveWriteService';
import { actionOutputSchemas } from './outputSchemas';

/**
 * What the actions need: the same services as the routes.
 *
 * @internal
 */
export interface KserveActionsOptions {
  entities: EntityResolver;
  reads: KserveReadService;
  writes: KserveWriteService;
}

const CHANGE_RULES =
  'Decided on the resourceVersion you read (get-serving): a newer object is refused with a 409 (reload and decide again). Refused with the reason in RawDeployment/Standard and ModelMesh mode, where KServe has no canary. Audited.';
const UPDATERS =
  'Allowed to holders of kserve.canary.update on the model-server Component the KServe provider ingested for the InferenceService (its owners and admins with the MLOps policy).';
const writeAttributes = {
  readOnly: false,
  destructive: true,
  idempotent: true,
};

/**
 * Every KServe read and write as an action of the actions registry (agents call them over MCP):
 * each resolves its `entityRef` as the caller sees it (the cluster list names no entity) and
 * calls the same service method as its route, so permission, authority and audit are the
 * route's.
 *
 * @internal
 */
export function createKserveActions(
  options: KserveActionsOptions,
): MlopsAction[] {
  const { entities, reads, writes } = options;
  const { read: readContext, write: writeContext } =
    actionEntityContexts(entities);
  const change = async (
    entityRef: string,
    credentials: BackstageCredentials,
    canary: CanaryChange,
    resourceVersion: string,
  ) => ({
    output: await writes.changeTraffic(
      await writeContext(entityRef, credentials),
      { change: canary, resourceVersion },
    ),
  });

  const clusters = listInstancesAction({
    system: KSERVE_SYSTEM,
    listInstances: () => reads.listClusters(),
  });
  return [
    {
      ...clusters,
      name: 'list-clusters',
      title: 'List KServe clusters',
      description:
        'The Kubernetes clusters KServe InferenceServices are read from (the config-located clusters of kubernetes.clusterLocatorMethods in app-config) in config order: each one’s name and dashboard URL, and which is the default (the first, used when an entity’s kserve.io/cluster names none). Never an API server URL or credentials.',
    },
    defineMlopsAction({
      name: 'get-serving',
      title: 'Get the serving state of a KServe InferenceService',
      description:
        'The InferenceService an entity names (kserve.io/inference-service, namespace/name; kserve.io/cluster): one verdict (Ready, Progressing, Canary n %, Degraded, Failed, Stopped — never Ready while a condition is False) with its cause, URL, deployment mode, predictor (model format, runtime, protocol, storageUri), traffic split (latest vs previous revision), conditions with reasons and messages, model status, recent Kubernetes events, its resourceVersion, and whether you may change the traffic. A cluster that cannot answer is reported in error.',
      attributes: { readOnly: true, destructive: false, idempotent: true },
      schema: {
        input: () => actionInputSchemas.serving,
        output: () => actionOutputSchemas.servingRoute,
      },
      action: async ({ input, credentials }) => ({
        output: await reads.getServing(
          await readContext(input.entityRef, credentials),
        ),
      }),
    }),
    defineMlopsAction({
      name: 'set-canary',
      title: 'Set the canary traffic of a KServe InferenceService',
      description: `Sets spec.predictor.canaryTrafficPercent of the InferenceService an entity names: the share (0–100) of traffic its latest revision gets, the rest staying on the previous rolled-out revision. ${CHANGE_RULES} ${UPDATERS}`,
      attributes: writeAttributes,
      schema: {
        input: () => actionInputSchemas.setCanary,
        output: () => actionOutputSchemas.serving,
      },
      action: async ({ input, credentials }) =>
        change(
          input.entityRef,
          credentials,
          { kind: 'set', percent: input.percent },
          input.resourceVersion,
        ),
    }),
    defineMlopsAction({
      name: 'promote-canary',
      title: 'Promote the canary of a KServe InferenceService',
      description: `Promotes the canary of the InferenceService an entity names: its latest revision gets 100 % of traffic (canaryTrafficPercent 100). Refused when no canary is in the traffic split. ${CHANGE_RULES} ${UPDATERS}`,
      attributes: writeAttributes,
      schema: {
        input: () => actionInputSchemas.promoteCanary,
        output: () => actionOutputSchemas.serving,
      },
      action: async ({ input, credentials }) =>
        change(
          input.entityRef,
          credentials,
          { kind: 'promote' },
          input.resourceVersion,
        ),
    }),
    defineMlopsAction({
      name: 'rollback-canary',
      title: 'Roll back the canary of a KServe InferenceService',
      description: `Rolls back the canary of the InferenceService an entity names: its latest revision gets 0 % of traffic, all of it going to the previous rolled-out revision (canaryTrafficPercent 0). Refused when no canary is in the traffic split. ${CHANGE_RULES} Allowed to holders of kserve.canary.rollback on the model-server Component the KServe provider ingested for the InferenceService.`,
      attributes: writeAttributes,
      schema: {
        input: () => actionInputSchemas.rollbackCanary,
        output: () => actionOutputSchemas.serving,
      },
      action: async ({ input, credentials }) =>
        change(
          input.entityRef,
          credentials,
          { kind: 'rollback' },
          input.resourceVersion,
        ),
    }),
  ];
}
