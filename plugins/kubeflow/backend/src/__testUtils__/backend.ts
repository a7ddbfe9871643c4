import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_KUBEFLOW_EXPERIMENT,
  ANNOTATION_KUBEFLOW_INSTANCE,
  ANNOTATION_KUBEFLOW_PIPELINE,
  KUBEFLOW_SYSTEM,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  kubeflowClientsServiceRef,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import {
  FakeKubeflow,
  FakeKubeflowMethod,
  KUBEFLOW_STORY,
} from '@mlops-portal/plugin-kubeflow-node/testUtils';
import {
  annotatingComponent,
  AuditRecord,
  authorizeWith,
  Decide,
  ingestedEntity,
  mockInstanceClients,
  mockInstanceClientsFactory,
  mockUpstreamError,
  recordingAuditor,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import type { Server } from 'node:http';
import { kubeflowPlugin } from '../plugin';

/** The instances of the tests: the story's Kubeflow, and one nothing answers. */
export const INSTANCES = ['sandbox', 'down'];
const instances = INSTANCES.map(name => ({ name }));

/** The story's pipelines, experiments and runs. */
export const STORY = KUBEFLOW_STORY;
const { fraudPipeline: FRAUD, demandPipeline: DEMAND } = STORY;

/** The `kubeflow-pipeline` Resource the Kubeflow provider ingests for a pipeline of an instance. */
export const ingestedPipeline = (
  pipeline: { id: string; name: string },
  owner: string,
  options: { instance?: string; location?: string } = {},
) =>
  ingestedEntity(
    kubeflowPipelineLocator(instances, options.instance ?? 'sandbox', {
      pipelineId: pipeline.id,
      displayName: pipeline.name,
    }),
    { type: 'kubeflow-pipeline', owner, location: options.location },
  );

/** The entity ref of that Resource. */
export const pipelineEntityRef = (
  pipeline: { id: string; name: string },
  instance = 'sandbox',
) =>
  kubeflowPipelineLocator(instances, instance, {
    pipelineId: pipeline.id,
    displayName: pipeline.name,
  }).entityRef;

const pipelineOf = (value: string, more: Record<string, string> = {}) => ({
  [ANNOTATION_KUBEFLOW_PIPELINE]: value,
  ...more,
});

/** The catalog of the tests: components naming Kubeflow objects, and what the provider ingested. */
export const ENTITIES: Entity[] = [
  annotatingComponent('fraud-detection-model', pipelineOf(FRAUD.name)),
  annotatingComponent('fraud-by-id', pipelineOf(FRAUD.id)),
  annotatingComponent(
    'demand-forecast-model',
    pipelineOf(DEMAND.name, {
      [ANNOTATION_KUBEFLOW_EXPERIMENT]: DEMAND.experiment.name,
    }),
    'group:default/supply-chain',
  ),
  annotatingComponent('fraud-experiment', {
    [ANNOTATION_KUBEFLOW_EXPERIMENT]: FRAUD.experiment.name,
  }),
  annotatingComponent(
    'fraud-on-a-dead-instance',
    pipelineOf(FRAUD.name, { [ANNOTATION_KUBEFLOW_INSTANCE]: 'down' }),
  ),
  annotatingComponent('missing-pipeline', pipelineOf('no-such-pipeline')),
  annotatingComponent('malformed', pipelineOf('bad\u0007name')),
  annotatingComponent('blank', pipelineOf('   ')),
  annotatingComponent(
    'unknown-instance',
    pipelineOf(FRAUD.name, { [ANNOTATION_KUBEFLOW_INSTANCE]: 'nowhere' }),
  ),
  annotatingComponent('no-kubeflow', {}),
  ingestedPipeline(FRAUD, 'group:default/fraud-detection'),
  ingestedPipeline(DEMAND, 'group:default/supply-chain'),
];

/** Kubeflow routes of an entity (a Component of the default namespace). */
export const api = (entity: string, rest = '') =>
  `/api/kubeflow/entity/default/component/${entity}${rest}`;
const ACTIONS = '/api/kubeflow/.backstage/actions/v1/actions';
/** The actions list. */
export const actionsList = ACTIONS;
/** Where an action is invoked. */
export const invoke = (action: string) =>
  `${ACTIONS}/kubeflow:${action}/invoke`;

// Every method of the client: the dead instance fails them all.
const METHODS: FakeKubeflowMethod[] = [
  'health',
  'listPipelines',
  'listPipelinePages',
  'getPipeline',
  'getPipelineByName',
  'listPipelineVersions',
  'getPipelineVersion',
  'listRuns',
  'getRun',
  'createRun',
  'listRecurringRuns',
  'getRecurringRun',
  'setRecurringRunEnabled',
  'listExperiments',
  'getExperiment',
  'uploadPipeline',
  'uploadPipelineVersion',
];

/** A Kubeflow nothing answers: every call is refused as a connection would be. */
export function deadKubeflow(name = 'down'): FakeKubeflow {
  const fake = new FakeKubeflow({ instance: { name } });
  for (const method of METHODS) {
    fake.failMethod(method, {
      failure: mockUpstreamError({
        system: KUBEFLOW_SYSTEM.id,
        instance: name,
        message: 'connect ECONNREFUSED 127.0.0.1:443',
      }),
    });
  }
  return fake;
}

/**
 * A starter of the Kubeflow backend plugin on the story's Kubeflow (fresh for every start), with
 * a recording auditor and a permission policy answering `decide`.
 */
export function useKubeflowBackend() {
  let kubeflow: FakeKubeflow | undefined;
  async function start(
    options: {
      decide?: Decide;
      entities?: Entity[];
      actions?: boolean;
      restrictReads?: boolean;
      kubeflow?: FakeKubeflow;
    } = {},
  ): Promise<{
    server: Server;
    audit: AuditRecord[];
    kubeflow: FakeKubeflow;
    permissions: {
      authorize: jest.MockedFunction<PermissionsService['authorize']>;
    };
  }> {
    kubeflow =
      options.kubeflow ?? FakeKubeflow.story({ instance: { name: 'sandbox' } });
    const { auditor, audit } = recordingAuditor();
    const permissions = mockServices.permissions.mock({
      authorize: authorizeWith(options.decide),
    });
    const { server } = await startTestBackend({
      features: [
        kubeflowPlugin,
        mockInstanceClientsFactory(
          kubeflowClientsServiceRef,
          mockInstanceClients(KUBEFLOW_SYSTEM, [kubeflow, deadKubeflow()]),
        ),
        catalogServiceMock.factory({ entities: options.entities ?? ENTITIES }),
        auditor.factory,
        permissions.factory,
        ...(options.actions ? [actionsRegistryServiceFactory] : []),
        mockServices.rootConfig.factory({
          data: {
            ...(options.restrictReads && {
              mlops: { authority: { restrictReads: true } },
            }),
          },
        }),
      ],
    });
    return { server, audit, kubeflow, permissions };
  }
  return { start };
}
