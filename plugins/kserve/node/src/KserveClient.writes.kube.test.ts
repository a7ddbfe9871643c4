import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { InferenceServiceObject } from './KserveApi';
import { KserveClient } from './KserveClient';
import {
  buildInferenceServiceObject,
  describeWithKubeApiServer,
  inferenceServiceManifest,
} from './testUtils';

jest.setTimeout(30_000);

const logger = mockServices.logger.mock();

describeWithKubeApiServer(
  'KserveClient writing to a real kube-apiserver',
  server => {
    const client = (name = 'kube', overrides = {}) =>
      new KserveClient({
        instance: server().clusterConfig(name, overrides),
        logger,
      });
    const create = async (
      kserve: KserveClient,
      object: InferenceServiceObject,
    ) =>
      (
        await kserve.applyInferenceService(inferenceServiceManifest(object), {
          fieldManager: 'kserve-tests',
        })
      ).object;

    it('patches the canary percentage, and refuses a stale resourceVersion with ConflictError', async () => {
      const namespace = await server().createNamespace('canary');
      const kserve = client();
      const ref = { namespace, name: 'fraud' };
      const created = await create(
        kserve,
        buildInferenceServiceObject({ ...ref, state: 'canary' }),
      );
      const patched = await kserve.patchCanaryTrafficPercent(
        ref,
        50,
        created.metadata.resourceVersion!,
      );
      expect(patched.spec).toMatchObject({
        predictor: { canaryTrafficPercent: 50 },
      });
      expect(patched.metadata.generation).toBe(
        (created.metadata.generation ?? 0) + 1,
      );
      expect(patched.metadata.resourceVersion).not.toBe(
        created.metadata.resourceVersion,
      );

      const stale = kserve.patchCanaryTrafficPercent(
        ref,
        0,
        created.metadata.resourceVersion!,
      );
      await expect(stale).rejects.toThrow(ConflictError);
      await expect(stale).rejects.toThrow(
        /changed meanwhile .*reload it and try again/,
      );
      const after = await kserve.getInferenceService(ref, { fresh: true });
      expect(after.spec).toMatchObject({
        predictor: { canaryTrafficPercent: 50 },
      });

      await expect(
        kserve.patchCanaryTrafficPercent(
          ref,
          101,
          patched.metadata.resourceVersion!,
        ),
      ).rejects.toThrow(InputError);
      await expect(
        kserve.patchCanaryTrafficPercent(
          { namespace, name: 'missing' },
          10,
          '1',
        ),
      ).rejects.toThrow(NotFoundError);
    });

    it('applies: creates, then updates, and a dry run changes nothing', async () => {
      const namespace = await server().createNamespace('apply');
      const kserve = client();
      const manifest = inferenceServiceManifest(
        buildInferenceServiceObject({
          namespace,
          name: 'churn',
          storageUri: 's3://m/1',
        }),
      );
      const options = { fieldManager: 'kserve-tests' };

      const dryCreate = await kserve.applyInferenceService(manifest, {
        ...options,
        dryRun: true,
      });
      expect(dryCreate.created).toBe(true);
      await expect(
        kserve.getInferenceService(
          { namespace, name: 'churn' },
          { fresh: true },
        ),
      ).rejects.toThrow(NotFoundError);

      const first = await kserve.applyInferenceService(manifest, options);
      expect(first).toMatchObject({ created: true, prunedFields: [] });
      expect(first.object.metadata.uid).toEqual(expect.any(String));

      const changed = structuredClone(manifest);
      (changed.spec as any).predictor.model.storageUri = 's3://m/2';
      const dryUpdate = await kserve.applyInferenceService(changed, {
        ...options,
        dryRun: true,
      });
      expect(dryUpdate.created).toBe(false);
      expect((dryUpdate.object.spec as any).predictor.model.storageUri).toBe(
        's3://m/2',
      );
      const untouched = await kserve.getInferenceService(
        { namespace, name: 'churn' },
        { fresh: true },
      );
      expect(untouched.metadata.resourceVersion).toBe(
        first.object.metadata.resourceVersion,
      );

      const second = await kserve.applyInferenceService(changed, options);
      expect(second.created).toBe(false);
      expect(second.object.metadata.uid).toBe(first.object.metadata.uid);
      expect((second.object.spec as any).predictor.model.storageUri).toBe(
        's3://m/2',
      );
    });

    it('reports the fields the CRD does not know, which the server pruned', async () => {
      const namespace = await server().createNamespace('pruned');
      const result = await client().applyInferenceService(
        {
          apiVersion: 'serving.kserve.io/v1beta1',
          kind: 'InferenceService',
          metadata: { namespace, name: 'typo' },
          spec: {
            predictor: {
              model: {
                modelFormat: { name: 'sklearn' },
                storageURI: 's3://models/typo',
              },
              replicaCount: 2,
            },
          },
        },
        { fieldManager: 'kserve-tests' },
      );
      expect(result.prunedFields).toEqual([
        'spec.predictor.model.storageURI',
        'spec.predictor.replicaCount',
      ]);
      expect(result.object.spec).toEqual({
        predictor: { model: { modelFormat: { name: 'sklearn' } } },
      });
    });

    it('applies the upstream KServe samples cleanly', async () => {
      const namespace = await server().createNamespace('samples');
      const examples = resolve(
        __dirname,
        '../../../../../shared/contracts/kserve/examples',
      );
      const files = readdirSync(examples).filter(f => f.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const manifest = parseYaml(readFileSync(join(examples, file), 'utf8'));
        manifest.metadata.namespace = namespace;
        const result = await client().applyInferenceService(manifest, {
          fieldManager: 'kserve-tests',
        });
        expect({
          file,
          created: result.created,
          pruned: result.prunedFields,
        }).toEqual({
          file,
          created: true,
          pruned: [],
        });
        expect(result.object.spec).toEqual(manifest.spec);
      }
    });
  },
);
