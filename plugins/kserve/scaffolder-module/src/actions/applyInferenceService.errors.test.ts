import { ConflictError, InputError } from '@backstage/errors';
import { buildInferenceServiceObject } from '@mlops-portal/plugin-kserve-node/testUtils';
import {
  FRAUD_DETECTOR,
  callsOf,
  createFakeActions,
  createTestContext,
  newManifest,
  pruneOnApply,
} from '../__testUtils__/testActions';

const credit = { namespace: 'risk-models', name: 'credit-scorer' };

describe('kserve:inferenceservice:apply when the server says no', () => {
  it('refuses a manifest with fields the CRD does not know, naming them, and applies nothing', async () => {
    const { apply, prod, audit } = createFakeActions();
    pruneOnApply(prod, [
      'spec.predictor.model.storageURI',
      'spec.predictor.foo',
    ]);
    const { ctx } = createTestContext({ manifest: newManifest() });

    await expect(apply.handler(ctx)).rejects.toThrow(
      new InputError(
        "InferenceService 'risk-models/credit-scorer' on cluster 'prod' was not applied: the CRD does not know spec.predictor.model.storageURI, spec.predictor.foo; the server would drop them. Fix the manifest (a misspelt field?), or set allowPrunedFields: true to apply it without those fields",
      ),
    );
    expect(callsOf(prod)).toEqual([
      'getInferenceService',
      'applyInferenceService(dryRun)',
    ]);
    expect(prod.peek(credit)).toBeUndefined();
    expect(audit.map(a => a.status)).toEqual(['initiated', 'failed']);
  });

  it('with allowPrunedFields applies without them, warns, and says which were dropped', async () => {
    const { apply, prod } = createFakeActions();
    pruneOnApply(prod, ['spec.predictor.foo']);
    const { ctx, outputs, logger } = createTestContext({
      manifest: newManifest(),
      allowPrunedFields: true,
    });

    await apply.handler(ctx);

    expect(prod.peek(credit)).toBeDefined();
    expect(outputs.prunedFields).toEqual(['spec.predictor.foo']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'The CRD does not know spec.predictor.foo; applying',
      ),
    );
  });

  it("surfaces the server's validation error with its causes, and applies nothing", async () => {
    const { apply, prod } = createFakeActions();
    prod.failNext(
      'applyInferenceService',
      new InputError(
        'InferenceService.serving.kserve.io "credit-scorer" is invalid: spec.predictor.canaryTrafficPercent: Invalid value: "string": spec.predictor.canaryTrafficPercent in body must be of type integer: "string"',
      ),
    );
    const { ctx } = createTestContext({ manifest: newManifest() });

    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /^The API server refuses InferenceService 'risk-models\/credit-scorer' on cluster 'prod': .*canaryTrafficPercent in body must be of type integer/,
      ),
    });
    expect(callsOf(prod)).toEqual([
      'getInferenceService',
      'applyInferenceService(dryRun)',
    ]);
  });

  it('says how to take over fields another field manager owns', async () => {
    const { apply, prod } = createFakeActions();
    prod.failNext(
      'applyInferenceService',
      new ConflictError(
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using serving.kserve.io/v1beta1: .spec.predictor.minReplicas',
      ),
    );
    const { ctx } = createTestContext({
      manifest: newManifest(FRAUD_DETECTOR),
    });
    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(
        /has fields another field manager owns .*minReplicas.*set force: true to take them over/,
      ),
    });
  });

  it('refuses to apply when the object appeared since it was looked up: the create authority no longer holds', async () => {
    const { apply, prod } = createFakeActions();
    const get = prod.getInferenceService.bind(prod);
    jest
      .spyOn(prod, 'getInferenceService')
      .mockImplementationOnce(async ref => {
        const answer = get(ref);
        // Someone else creates it right after the look-up.
        prod.put(buildInferenceServiceObject(credit));
        return answer;
      });
    const { ctx } = createTestContext({ manifest: newManifest() });
    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'was created meanwhile; run the step again',
      ),
    });
    expect(callsOf(prod)).not.toContain('applyInferenceService');
  });

  it('says so when the object appeared between the dry run and the apply, and audits the update it became', async () => {
    const { apply, prod, audit } = createFakeActions();
    const original = prod.applyInferenceService.bind(prod);
    jest
      .spyOn(prod, 'applyInferenceService')
      .mockImplementation(async (manifest, applyOptions) => {
        if (!applyOptions.dryRun) prod.put(buildInferenceServiceObject(credit));
        return original(manifest, applyOptions);
      });
    const { ctx, logger, outputs } = createTestContext({
      manifest: newManifest(),
    });

    await apply.handler(ctx);

    expect(logger.warn).toHaveBeenCalledWith(
      "InferenceService 'risk-models/credit-scorer' on cluster 'prod' was created by someone else just before the apply, which updated it",
    );
    expect(outputs.created).toBe(false);
    expect(audit[1].meta).toMatchObject({
      operation: 'create',
      created: false,
    });
  });

  it('fails with the cluster named when it cannot be reached', async () => {
    const { apply, prod } = createFakeActions();
    prod.down = true;
    const { ctx } = createTestContext({ manifest: newManifest() });
    await expect(apply.handler(ctx)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining("'prod'"),
    });
  });
});
