import { createCheckpointStore } from '@mlops-portal/plugin-mlops-node/testUtils';
import {
  FRAUD_DETECTOR,
  callsOf,
  createFakeActions,
  createTestContext,
  ingestedModelServer,
  newManifest,
} from '../__testUtils__/testActions';

const credit = { namespace: 'risk-models', name: 'credit-scorer' };

describe('kserve:inferenceservice:apply', () => {
  it('creates a new InferenceService under the create permission: server dry-run first, then the apply, audited', async () => {
    const { apply, prod, audit, permissions } = createFakeActions();
    const { ctx, outputs } = createTestContext({ manifest: newManifest() });

    await apply.handler(ctx);

    expect(callsOf(prod)).toEqual([
      'getInferenceService',
      'applyInferenceService(dryRun)',
      'applyInferenceService',
    ]);
    expect(prod.calls[2].arg).toMatchObject({
      fieldManager: 'backstage-mlops-portal',
      force: false,
      dryRun: false,
    });
    const stored = prod.peek(credit)!;
    expect(stored.spec).toEqual(newManifest().spec);
    expect(outputs).toEqual({
      cluster: 'prod',
      namespace: 'risk-models',
      name: 'credit-scorer',
      created: true,
      resourceVersion: stored.metadata.resourceVersion,
      uid: stored.metadata.uid,
      prunedFields: [],
      entityRef: 'component:risk-models/credit-scorer',
    });
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'kserve.inferenceService.create',
          }),
        },
      ],
      expect.anything(),
    );
    expect(audit.map(a => [a.eventId, a.status])).toEqual([
      ['kserve-inferenceservice-apply', 'initiated'],
      ['kserve-inferenceservice-apply', 'succeeded'],
    ]);
    expect(audit[1].meta).toMatchObject({
      actor: { userEntityRef: 'user:default/mock' },
      cluster: 'prod',
      namespace: 'risk-models',
      name: 'credit-scorer',
      operation: 'create',
      fieldManager: 'backstage-mlops-portal',
      authority: 'kserve.inferenceService.create',
      before: null,
      after: {
        resourceVersion: stored.metadata.resourceVersion,
        generation: null,
      },
      created: true,
      task: 'mock-task-id',
    });
  });

  it('updates an existing one, authorized against its ingested model-server Component, with before → after in the audit event', async () => {
    const { apply, prod, audit, permissions } = createFakeActions();
    const before = prod.peek(FRAUD_DETECTOR)!;
    const { ctx, outputs } = createTestContext({
      manifest: newManifest(FRAUD_DETECTOR, {}),
    });

    await apply.handler(ctx);

    const after = prod.peek(FRAUD_DETECTOR)!;
    expect(after.metadata.resourceVersion).not.toBe(
      before.metadata.resourceVersion,
    );
    expect(outputs).toMatchObject({
      created: false,
      resourceVersion: after.metadata.resourceVersion,
      uid: before.metadata.uid,
      // The object had a status: its URL is known.
      url: 'http://fraud-detector.fraud-detection.example.com',
      entityRef: 'component:fraud-detection/fraud-detector',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'kserve.inferenceService.apply',
          }),
          resourceRef: 'component:fraud-detection/fraud-detector',
        },
      ],
      expect.anything(),
    );
    expect(audit[1].meta).toMatchObject({
      operation: 'update',
      authority: 'component:fraud-detection/fraud-detector',
      before: {
        resourceVersion: before.metadata.resourceVersion,
        generation: 5,
      },
      after: { resourceVersion: after.metadata.resourceVersion, generation: 5 },
      created: false,
    });
  });

  it('is refused without the apply permission on the existing one, and applies nothing', async () => {
    const { apply, prod, audit } = createFakeActions({
      deny: ['kserve.inferenceService.apply'],
    });
    const before = prod.peek(FRAUD_DETECTOR)!;
    const { ctx } = createTestContext({
      manifest: newManifest(FRAUD_DETECTOR),
    });

    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        "owned by 'group:default/fraud-detection'",
      ),
    });
    expect(callsOf(prod)).toEqual(['getInferenceService']);
    expect(prod.peek(FRAUD_DETECTOR)).toEqual(before);
    expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
  });

  it('is refused without the create permission for a new one, however the existing ones are owned', async () => {
    const { apply, prod } = createFakeActions({
      deny: ['kserve.inferenceService.create'],
    });
    const { ctx } = createTestContext({ manifest: newManifest() });
    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('kserve.inferenceService.create'),
    });
    expect(prod.peek(credit)).toBeUndefined();
  });

  it('gives a look-alike Component someone registered no authority: only admins may update the InferenceService', async () => {
    const { apply, prod, permissions } = createFakeActions({
      deny: ['mlops.unmanaged-object.write'],
      entities: clients => [
        ingestedModelServer(clients, 'prod', FRAUD_DETECTOR, {
          owner: 'user:default/mock',
          location: 'url:https://github.com/someone/else/catalog-info.yaml',
        }),
      ],
    });
    const { ctx } = createTestContext({
      manifest: newManifest(FRAUD_DETECTOR),
    });

    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /only admins may change it.*was not ingested by the KServe catalog provider/,
      ),
    });
    expect(callsOf(prod)).toEqual(['getInferenceService']);
    // The look-alike's owner was never asked about.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'mlops.unmanaged-object.write',
          }),
        },
      ],
      expect.anything(),
    );
  });

  it('in a template dry run authorizes and runs only the server dry-run, and logs what it would apply', async () => {
    const { apply, prod, audit } = createFakeActions();
    const { ctx, outputs, logger } = createTestContext(
      { manifest: newManifest() },
      { isDryRun: true },
    );

    await apply.handler(ctx);

    expect(callsOf(prod)).toEqual([
      'getInferenceService',
      'applyInferenceService(dryRun)',
    ]);
    expect(prod.peek(credit)).toBeUndefined();
    expect(audit).toEqual([]);
    expect(outputs).toMatchObject({
      created: true,
      resourceVersion: '(dry run: assigned when applied)',
      entityRef: 'component:risk-models/credit-scorer',
    });
    expect(outputs.uid).toBeUndefined();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Dry run: would create InferenceService 'risk-models\/credit-scorer' on cluster 'prod' as field manager 'backstage-mlops-portal' \(allowed: kserve\.inferenceService\.create\)[^]*storageUri: models:\/credit-scorer@champion/,
      ),
    );
  });

  it('in a dry run is refused as the real run would be', async () => {
    const { apply, prod } = createFakeActions({
      deny: ['kserve.inferenceService.apply'],
    });
    const { ctx } = createTestContext(
      { manifest: newManifest(FRAUD_DETECTOR) },
      { isDryRun: true },
    );
    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    expect(callsOf(prod)).toEqual(['getInferenceService']);
  });

  it('applies with force, under a chosen field manager, when asked', async () => {
    const { apply, prod } = createFakeActions();
    const { ctx } = createTestContext({
      manifest: newManifest(FRAUD_DETECTOR),
      fieldManager: 'release-bot',
      force: true,
    });
    await apply.handler(ctx);
    expect(prod.calls.slice(1).map(call => call.arg)).toEqual([
      expect.objectContaining({
        fieldManager: 'release-bot',
        force: true,
        dryRun: true,
      }),
      expect.objectContaining({
        fieldManager: 'release-bot',
        force: true,
        dryRun: false,
      }),
    ]);
  });

  it('applies to a named cluster, the entity ref prefixed with the cluster name as the provider names it', async () => {
    const { apply, prod, staging } = createFakeActions();
    const { ctx, outputs } = createTestContext({
      manifest: newManifest(),
      cluster: 'staging',
    });
    await apply.handler(ctx);
    expect(prod.calls).toEqual([]);
    expect(staging.peek(credit)).toBeDefined();
    expect(outputs).toMatchObject({
      cluster: 'staging',
      // Its name on a cluster other than the first carries the cluster's name and a hash.
      entityRef: expect.stringMatching(
        /^component:risk-models\/staging-credit-scorer-[0-9a-f]{8}$/,
      ),
    });
  });

  it('warns when the namespace is outside those the portal reads on the cluster', async () => {
    const { apply } = createFakeActions({
      staging: { namespaces: ['models'] },
    });
    const { ctx, logger } = createTestContext({
      manifest: newManifest(),
      cluster: 'staging',
    });
    await apply.handler(ctx);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "Namespace 'risk-models' is not among the namespaces the portal reads on cluster 'staging' (models)",
      ),
    );
  });

  it('takes the manifest as YAML text or from a workspace file, the namespace input filling metadata.namespace', async () => {
    const { apply, prod } = createFakeActions();
    const text = [
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata:',
      '  name: credit-scorer',
      'spec:',
      '  predictor:',
      '    sklearn:',
      '      storageUri: gs://models/credit',
      '',
    ].join('\n');
    await apply.handler(
      createTestContext({ manifest: text, namespace: 'risk-models' }).ctx,
    );
    expect(prod.peek(credit)?.spec).toEqual({
      predictor: { sklearn: { storageUri: 'gs://models/credit' } },
    });

    const other = { namespace: 'risk-staging', name: 'credit-scorer' };
    await apply.handler(
      createTestContext(
        { manifestPath: 'deploy/isvc.yaml', namespace: 'risk-staging' },
        { files: { 'deploy/isvc.yaml': text } },
      ).ctx,
    );
    expect(prod.peek(other)?.metadata.namespace).toBe('risk-staging');
  });

  it('replays its checkpoint when the task is retried, applying once', async () => {
    const { apply, prod } = createFakeActions();
    const checkpoints = createCheckpointStore();
    const runs = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const { ctx, outputs } = createTestContext(
        { manifest: newManifest() },
        { checkpoints },
      );
      await apply.handler(ctx);
      runs.push(outputs);
    }
    expect(
      callsOf(prod).filter(call => call === 'applyInferenceService'),
    ).toHaveLength(1);
    // The retry answers what the first try did: it created the InferenceService.
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[1].created).toBe(true);
  });
});
