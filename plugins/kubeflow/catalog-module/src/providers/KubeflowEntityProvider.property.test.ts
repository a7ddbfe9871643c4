import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  describeWithContracts,
  responseSchema,
} from '@mlops-portal/contract-testing';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import {
  KubeflowApi,
  KubeflowClient,
  KubeflowInstanceConfig,
  kubeflowPipelineLocator,
} from '@mlops-portal/plugin-kubeflow-node';
import { kubeflowInstanceConfig } from '@mlops-portal/plugin-kubeflow-node/testUtils';
import {
  appliedEntities,
  arbitraryFromSchema,
  expectValidEntity,
  LogRecord,
  malformedBodies,
  mockInstanceClients,
  silentLogger,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import fc from 'fast-check';
import { connectedProviders } from '../__testUtils__/provider';

const BASE = 'http://kfp.property.test';
const PIPELINES = '/apis/v2beta1/pipelines';
const VERSIONS = /^\/apis\/v2beta1\/pipelines\/[^/]+\/versions$/;

/**
 * A Kubeflow Pipelines API at the fetch level: the drawn answer to the first `GET /pipelines`
 * (the list ends after it) and to every versions request; 404 to anything else.
 */
function kfpDouble(pipelinesBody: unknown, versionsBody: unknown) {
  const paths: string[] = [];
  const answer = (body: unknown) =>
    body === undefined
      ? new Response(null, { status: 200 })
      : Response.json(body);
  const fetch: typeof globalThis.fetch = async input => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    paths.push(url.pathname);
    if (url.pathname === PIPELINES) {
      return url.searchParams.get('page_token')
        ? Response.json({})
        : answer(pipelinesBody);
    }
    if (VERSIONS.test(url.pathname)) {
      return answer(versionsBody);
    }
    return Response.json({ code: 5, message: 'Not Found' }, { status: 404 });
  };
  return {
    fetch,
    versionRequests: () => paths.filter(path => VERSIONS.test(path)).length,
  };
}

/** The errors a run logged: for which instance, and whether the line says which one. */
function outcome(records: LogRecord[]) {
  return {
    errors: records
      .filter(r => r.level === 'error')
      .map(r => ({
        instance: r.fields.instance,
        namesInstance:
          r.message ===
            'kubeflow-provider:prod refresh failed; no entities were changed' &&
          /kubeflow instance 'prod'|must not be empty/.test(
            r.error?.message ?? '',
          ),
      })),
  };
}

describeWithContracts(
  'KubeflowEntityProvider over every answer the KFP contract allows',
  () => {
    const pipelinesSchema = responseSchema('kfp-v2beta1', 'GET', PIPELINES);
    const versionsSchema = responseSchema(
      'kfp-v2beta1',
      'GET',
      '/apis/v2beta1/pipelines/{pipeline_id}/versions',
    );
    const validPipelines = arbitraryFromSchema(pipelinesSchema);
    const validVersions = arbitraryFromSchema(versionsSchema);
    const instance = kubeflowInstanceConfig({ baseUrl: BASE, pageSize: 50 });

    /** Runs the provider once on the real client over the double. */
    async function ingest(pipelinesBody: unknown, versionsBody: unknown) {
      const double = kfpDouble(pipelinesBody, versionsBody);
      const client = new KubeflowClient({
        instance,
        logger: silentLogger,
        fetch: double.fetch,
      });
      const clients = mockInstanceClients<KubeflowApi, KubeflowInstanceConfig>(
        KUBEFLOW_SYSTEM,
        [client],
      );
      const provider = await connectedProviders(clients);
      await provider.runner.runAll();
      return { ...provider, clients, double };
    }

    it('applies valid entities, where the authority looks for them, one versions request each', async () => {
      await fc.assert(
        fc.asyncProperty(
          validPipelines,
          validVersions,
          async (pipelinesBody, versionsBody) => {
            const { connections, records, clients, double } = await ingest(
              pipelinesBody,
              versionsBody,
            );
            // Applied with no error, or (a contract-valid answer the portal cannot use: no id,
            // no name) nothing applied and one error for the instance. A blank-but-not-empty id
            // is the client's InputError when it is used, which does not name the instance.
            const applied = connections[0].applyMutation.mock.calls.length > 0;
            expect(outcome(records)).toEqual(
              applied
                ? { errors: [] }
                : { errors: [{ instance: 'prod', namesInstance: true }] },
            );
            const entities = applied ? appliedEntities(connections[0]) : [];
            for (const entity of entities) {
              await expectValidEntity(entity);
              const annotations = entity.metadata.annotations!;
              const locator = kubeflowPipelineLocator(
                clients.instances,
                'prod',
                {
                  pipelineId: annotations['kubeflow.org/pipeline-id'],
                  displayName: entity.metadata.title!,
                },
              );
              expect(stringifyEntityRef(entity)).toBe(locator.entityRef);
              expect(annotations).toMatchObject(locator.annotations);
            }
            // One versions request per entity (a failed run may have sent some).
            expect(applied ? double.versionRequests() : 0).toBe(
              entities.length,
            );
          },
        ),
        { numRuns: 60 },
      );
    });

    it('applies every pipeline of any answer that has the ids and names the portal needs', async () => {
      const name = fc.string({ minLength: 1, unit: 'grapheme' });
      const usablePipelines = arbitraryFromSchema(pipelinesSchema, {
        overrides: {
          '/pipelines': 'present',
          '/pipelines/*/pipeline_id': fc.uuid(),
          '/pipelines/*/display_name': name,
        },
      });
      const usableVersions = arbitraryFromSchema(versionsSchema, {
        overrides: {
          '/pipeline_versions/*/pipeline_id': fc.uuid(),
          '/pipeline_versions/*/pipeline_version_id': fc.uuid(),
          '/pipeline_versions/*/display_name': name,
          // What a spec declares is the client's to read (its own tests); not the provider's.
          '/pipeline_versions/*/pipeline_spec': 'absent',
        },
      });
      await fc.assert(
        fc.asyncProperty(
          usablePipelines,
          usableVersions,
          async (pipelinesBody, versionsBody) => {
            const { connections, records, double } = await ingest(
              pipelinesBody,
              versionsBody,
            );
            expect(records.filter(r => r.level === 'error')).toEqual([]);
            const entities = appliedEntities(connections[0]);
            const listed = (pipelinesBody as { pipelines: object[] }).pipelines;
            const ids = new Set(
              listed.map(p => (p as { pipeline_id: string }).pipeline_id),
            );
            // Every pipeline but those whose entity name an earlier one took.
            const leftOut = records
              .map(r => /^(\d+) pipelines were left out/.exec(r.message))
              .reduce((sum, match) => sum + Number(match?.[1] ?? 0), 0);
            expect(entities).toHaveLength(ids.size - leftOut);
            expect(double.versionRequests()).toBe(entities.length);
            for (const entity of entities) {
              await expectValidEntity(entity);
              const count = entity.spec?.kubeflow as { versionCount?: number };
              expect(count.versionCount ?? 0).toBeGreaterThanOrEqual(0);
            }
          },
        ),
        { numRuns: 60 },
      );
    });

    it('applies nothing, and says which instance, for any malformed answer', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.tuple(
              malformedBodies(validPipelines, { schema: pipelinesSchema }),
              validVersions,
            ),
            fc.tuple(
              validPipelines.filter(
                body =>
                  Array.isArray(
                    (body as { pipelines?: unknown[] }).pipelines,
                  ) && (body as { pipelines: unknown[] }).pipelines.length > 0,
              ),
              malformedBodies(validVersions, { schema: versionsSchema }),
            ),
          ),
          async ([pipelinesBody, versionsBody]) => {
            const { connections, records } = await ingest(
              pipelinesBody,
              versionsBody,
            );
            // Applied only when the malformed field is one the portal does not read.
            const applied = connections[0].applyMutation.mock.calls.length > 0;
            expect(outcome(records)).toEqual(
              applied
                ? { errors: [] }
                : { errors: [{ instance: 'prod', namesInstance: true }] },
            );
          },
        ),
        { numRuns: 60 },
      );
    });
  },
);
