import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  annotatingComponent,
  authorizeWith,
  recordingAuditor,
  useTestSandbox,
} from '@mlops-portal/plugin-mlops-node/testUtils';
import { DEFAULT_K8S_TOKEN, INFERENCE_SERVICES } from '@mlops-portal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { kservePlugin } from './plugin';

// Each case starts a test backend, which takes seconds on a loaded CI runner.
jest.setTimeout(60_000);

// The plugin with the real Kubernetes client (plugin-kserve-node, from Backstage's kubernetes:
// config) against the sandbox's API server, which serves the story's InferenceServices with the
// statuses a KServe controller writes: the fraud detector on a canary, the demand forecaster Degraded.

const { fraudDetector: FRAUD, demandForecaster: DEMAND } = INFERENCE_SERVICES;
const serving = (entity: string, rest = '') =>
  `/api/kserve/entity/default/component/${entity}/serving${rest}`;

describe('kserve backend plugin on the sandbox', () => {
  const sandbox = useTestSandbox();

  async function start(): Promise<{ server: Server }> {
    const { auditor } = recordingAuditor();
    const { server } = await startTestBackend({
      features: [
        kservePlugin,
        catalogServiceMock.factory({
          entities: [
            annotatingComponent('fraud-detection-model', {
              'kserve.io/inference-service': `${FRAUD.namespace}/${FRAUD.name}`,
            }),
            annotatingComponent('demand-forecast-model', {
              'kserve.io/inference-service': `${DEMAND.namespace}/${DEMAND.name}`,
            }),
          ],
        }),
        auditor.factory,
        mockServices.permissions.mock({ authorize: authorizeWith() }).factory,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'sandbox',
                      url: sandbox().baseUrl('kubernetes'),
                      authProvider: 'serviceAccount',
                      serviceAccountToken: DEFAULT_K8S_TOKEN,
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    return { server };
  }

  it('reads the canary, promotes it on the version read, and refuses the stale version after', async () => {
    const { server } = await start();
    const read = await request(server).get(serving('fraud-detection-model'));
    expect(read.status).toBe(200);
    expect(read.body.error).toBeUndefined();
    const { inferenceService, events } = read.body.serving;
    expect(inferenceService).toMatchObject({
      cluster: 'sandbox',
      ...FRAUD,
      verdict: { kind: 'Canary', canaryPercent: 20 },
    });
    expect(events.length).toBeGreaterThan(0);
    const loaded = inferenceService.resourceVersion;

    const promoted = await request(server)
      .post(serving('fraud-detection-model', '/traffic'))
      .send({ change: { kind: 'promote' }, resourceVersion: loaded });
    expect(promoted.status).toBe(200);
    expect(promoted.body.inferenceService.predictor.canaryTrafficPercent).toBe(
      100,
    );
    expect(promoted.body.inferenceService.resourceVersion).not.toBe(loaded);

    const stale = await request(server)
      .post(serving('fraud-detection-model', '/traffic'))
      .send({ change: { kind: 'rollback' }, resourceVersion: loaded });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      new RegExp(
        `^InferenceService ${FRAUD.namespace}/${FRAUD.name} changed since you loaded it \\(resourceVersion ${loaded}, now \\d+\\); reload and try again$`,
      ),
    );
  });

  it('shows the Degraded InferenceService with its cause', async () => {
    const { server } = await start();
    const read = await request(server).get(serving('demand-forecast-model'));
    expect(read.status).toBe(200);
    expect(read.body.serving.inferenceService.verdict).toMatchObject({
      kind: 'Degraded',
      cause: expect.any(String),
    });
  });
});
