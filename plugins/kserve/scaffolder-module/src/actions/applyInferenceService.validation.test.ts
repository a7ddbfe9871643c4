import { JsonObject } from '@backstage/types';
import fc from 'fast-check';
import {
  callsOf,
  createFakeActions,
  createTestContext,
  newManifest,
} from '../__testUtils__/testActions';

const predictor = newManifest().spec as JsonObject;

// The rules as KServe's webhook and Kubernetes write them.
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('kserve:inferenceservice:apply checks its input before anything is sent', () => {
  it.each<[string, JsonObject, RegExp]>([
    [
      'neither manifest nor manifestPath',
      {},
      /No InferenceService given: set manifest .* or manifestPath/,
    ],
    [
      'both manifest and manifestPath',
      { manifest: newManifest(), manifestPath: 'isvc.yaml' },
      /either as manifest or as manifestPath, not both/,
    ],
    [
      'text that is not YAML',
      { manifest: 'metadata: [1, 2' },
      /^manifest is not YAML or JSON: /,
    ],
    [
      'two YAML documents',
      { manifest: 'kind: InferenceService\n---\nkind: InferenceService\n' },
      /manifest holds 2 YAML documents; it must hold exactly one InferenceService/,
    ],
    [
      'a list',
      { manifest: '- kind: InferenceService\n' },
      /manifest is a list; it must be one InferenceService/,
    ],
    [
      'another API version',
      {
        manifest: {
          ...newManifest(),
          apiVersion: 'serving.kserve.io/v1alpha1',
        },
      },
      /apiVersion is the string "serving.kserve.io\/v1alpha1"; this action applies serving.kserve.io\/v1beta1 InferenceServices only/,
    ],
    [
      'another kind',
      { manifest: { ...newManifest(), kind: 'ServingRuntime' } },
      /kind is the string "ServingRuntime"; this action applies InferenceServices only/,
    ],
    [
      'no metadata',
      { manifest: { ...newManifest(), metadata: undefined } as JsonObject },
      /metadata is missing/,
    ],
    [
      'no name, only generateName',
      { manifest: newManifest({ name: undefined, generateName: 'scorer-' }) },
      /metadata.name is missing; server-side apply needs the InferenceService's name \(metadata.generateName is not enough\)/,
    ],
    [
      'a name with upper-case letters',
      { manifest: newManifest({ name: 'Credit-Scorer' }) },
      /metadata.name "Credit-Scorer" is not a name KServe accepts \(a DNS-1035 label: .*\): it has upper-case letters$/,
    ],
    [
      'a name starting with a digit',
      { manifest: newManifest({ name: '1-scorer' }) },
      /metadata.name "1-scorer" is not a name KServe accepts .*: it does not start with a letter$/,
    ],
    [
      'a name with a dot, which Kubernetes would take but KServe does not',
      { manifest: newManifest({ name: 'credit.scorer' }) },
      /it contains ".", but only lower-case letters, digits and '-' are allowed \(Kubernetes allows '.' in names; KServe does not\)$/,
    ],
    [
      'a name ending with a dash',
      { manifest: newManifest({ name: 'scorer-' }) },
      /: it does not end with a letter or a digit$/,
    ],
    [
      'a name longer than 63 characters',
      { manifest: newManifest({ name: `s${'x'.repeat(63)}` }) },
      /: it is 64 characters long, more than 63$/,
    ],
    [
      'a name that is not a string',
      { manifest: newManifest({ name: 42 }) },
      /metadata.name is the number 42/,
    ],
    [
      'no namespace',
      { manifest: newManifest({ namespace: undefined }) },
      /The InferenceService 'credit-scorer' has no namespace: set metadata.namespace or the namespace input/,
    ],
    [
      'a namespace with an underscore',
      { manifest: newManifest({ namespace: 'risk_models' }) },
      /metadata.namespace "risk_models" is not a Kubernetes namespace \(a DNS-1123 label: .*\): it contains "_"/,
    ],
    [
      'a namespace input that is not a DNS label',
      { manifest: newManifest(), namespace: '-risk' },
      /^namespace "-risk" is not a Kubernetes namespace .*: it does not start with a letter or a digit$/,
    ],
    [
      'a label value that YAML read as a number',
      {
        manifest:
          'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: s\n  namespace: n\n  labels:\n    version: 1\nspec:\n  predictor: {}\n',
      },
      /metadata.labels\["version"\] is the number 1; label values must be strings \(quote it in YAML\)/,
    ],
    [
      'a status',
      { manifest: { ...newManifest(), status: { url: 'http://x' } } },
      /status is written by KServe's controller, not applied/,
    ],
    [
      'managed fields',
      { manifest: newManifest({ managedFields: [] }) },
      /metadata.managedFields is written by the API server/,
    ],
    [
      'no predictor',
      {
        manifest: {
          ...newManifest(),
          spec: { transformer: predictor.predictor },
        },
      },
      /spec.predictor is missing; an InferenceService needs a predictor/,
    ],
    [
      'a predictor that is not an object',
      { manifest: { ...newManifest(), spec: { predictor: 'sklearn' } } },
      /spec.predictor is the string "sklearn"/,
    ],
    [
      'an unknown cluster',
      { manifest: newManifest(), cluster: 'nope' },
      /Unknown kserve cluster 'nope'; configured clusters are 'prod', 'staging'/,
    ],
    [
      'a field manager with a space',
      { manifest: newManifest(), fieldManager: 'release bot' },
      /fieldManager "release bot" is not one Kubernetes accepts/,
    ],
    [
      'a manifest file outside the workspace',
      { manifestPath: '../etc/isvc.yaml' },
      /manifestPath '\.\.\/etc\/isvc.yaml' cannot be read from the workspace: .*outside/,
    ],
    [
      'a manifest file that is not there',
      { manifestPath: 'deploy/none.yaml' },
      /manifestPath 'deploy\/none.yaml' cannot be read from the workspace/,
    ],
  ])(
    'refuses %s, naming the field, and sends nothing',
    async (_, input, why) => {
      const { apply, fakes, audit, permissions } = createFakeActions();
      const { ctx } = createTestContext(input);
      const failure = apply.handler(ctx);
      await expect(failure).rejects.toThrow(why);
      await expect(failure).rejects.toMatchObject({ name: 'InputError' });
      expect(callsOf(...fakes)).toEqual([]);
      expect(permissions.authorize).not.toHaveBeenCalled();
      expect(audit).toEqual([]);
    },
  );

  it('in a dry run too', async () => {
    const { apply, fakes } = createFakeActions();
    const { ctx } = createTestContext(
      { manifest: newManifest({ name: 'Credit' }) },
      { isDryRun: true },
    );
    await expect(apply.handler(ctx)).rejects.toThrow(/upper-case/);
    expect(callsOf(...fakes)).toEqual([]);
  });
});

/** A value of any JSON shape, or one of the values a manifest field usually has. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, '', 'x'),
);

/** Mostly `valid`, sometimes `broken`: so that whole manifests are valid often enough too. */
const mostly = (valid: fc.Arbitrary<unknown>, broken: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: broken, weight: 1 });

/** Manifests that are valid, or broken in any of the fields the action checks. */
const manifests = fc.record({
  apiVersion: mostly(fc.constant('serving.kserve.io/v1beta1'), anyValue),
  kind: mostly(fc.constant('InferenceService'), anyValue),
  metadata: mostly(
    fc.record({
      name: mostly(
        fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/),
        fc.oneof(fc.string({ maxLength: 70 }), anyValue),
      ),
      namespace: mostly(
        fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/),
        fc.oneof(fc.string({ maxLength: 70 }), anyValue),
      ),
      labels: mostly(
        fc.dictionary(fc.string(), fc.string()),
        fc.oneof(fc.dictionary(fc.string(), anyValue), anyValue),
      ),
      annotations: mostly(fc.dictionary(fc.string(), fc.string()), anyValue),
    }),
    anyValue,
  ),
  spec: mostly(
    fc.record({
      predictor: mostly(fc.constant(predictor.predictor), anyValue),
    }),
    anyValue,
  ),
  status: mostly(fc.constant(undefined), fc.constant({ url: 'http://x' })),
});

describe('kserve:inferenceservice:apply on any manifest', () => {
  it('either applies it or refuses it with an InputError before sending anything, never another error', async () => {
    const seen = { applied: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          manifests,
          manifests.map(m => JSON.stringify(m)),
          fc.string(),
        ),
        async manifest => {
          const { apply, prod } = createFakeActions();
          const { ctx, outputs } = createTestContext({
            manifest: manifest as JsonObject,
          });
          const failure = await apply.handler(ctx).then(
            () => undefined,
            (error: Error) => error,
          );
          if (failure) {
            // Refused: as an InputError, and before any request.
            if (failure.name !== 'InputError') {
              throw new Error(
                `refused with ${failure.name}: ${failure.message}`,
              );
            }
            if (prod.calls.length > 0) {
              throw new Error(`refused after sending ${callsOf(prod)}`);
            }
            seen.refused += 1;
            return;
          }
          // Applied: a name KServe takes, in a namespace, stored where the outputs say.
          const ref = {
            namespace: String(outputs.namespace),
            name: String(outputs.name),
          };
          if (
            !DNS_1035_LABEL.test(ref.name) ||
            ref.name.length > 63 ||
            !DNS_1123_LABEL.test(ref.namespace) ||
            !prod.peek(ref)
          ) {
            throw new Error(`applied as ${JSON.stringify(outputs)}`);
          }
          seen.applied += 1;
        },
      ),
      { numRuns: 200 },
    );
    // The manifests drawn reach both ends.
    expect(seen.applied).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
