import {
  describeWithContracts,
  expectValid,
  validateInferenceService,
  validateInferenceServiceList,
} from '@mlops-portal/contract-testing';
import request from 'supertest';
import { K8S_AUTH, testSandbox } from '../__testUtils__/sandbox';
import { Sandbox } from '../index';
import { listening, openWatch } from './__testUtils__/watch';

/**
 * What the sandbox writes itself — the controller's traffic status after a canary change, an
 * applied object with managedFields, a terminating object, watch event objects — still
 * validates against the upstream InferenceService CRD.
 */

const P = '/apis/serving.kserve.io/v1beta1';
const G = `/kubernetes${P}`;
const FRAUD = `${G}/namespaces/fraud-detection/inferenceservices/fraud-detector`;
const MERGE = { ...K8S_AUTH, 'Content-Type': 'application/merge-patch+json' };
// The first validation compiles parts of a 1.9 MB schema.
const TIMEOUT = 60_000;

describeWithContracts(
  'sandbox-written InferenceServices follow the CRD',
  () => {
    let sandbox: Sandbox;
    beforeEach(() => {
      sandbox = testSandbox();
    });
    const get = async (url = FRAUD) =>
      (await request(sandbox.app).get(url).set(K8S_AUTH).expect(200)).body;

    it.each<[string, number | null]>([
      ['a canary split', 50],
      ['a promote', 100],
      ['a rollback', 0],
      ['a removed canary', null],
    ])(
      'after %s',
      async (_what, percent) => {
        await request(sandbox.app)
          .patch(FRAUD)
          .set(MERGE)
          .send({ spec: { predictor: { canaryTrafficPercent: percent } } })
          .expect(200);
        const object = await get();
        expectValid(validateInferenceService(object));
        const traffic = object.status.components.predictor.traffic;
        expect(
          traffic.reduce((sum: number, t: any) => sum + t.percent, 0),
        ).toBe(100);
      },
      TIMEOUT,
    );

    it(
      'after server-side applies (create and update) and a DELETE that waits for a finalizer',
      async () => {
        const apply = (name: string, spec: object, manager: string) =>
          request(sandbox.app)
            .patch(`${G}/namespaces/fraud-detection/inferenceservices/${name}`)
            .query({ fieldManager: manager })
            .set({
              ...K8S_AUTH,
              'Content-Type': 'application/apply-patch+yaml',
            })
            .send(
              JSON.stringify({
                apiVersion: 'serving.kserve.io/v1beta1',
                kind: 'InferenceService',
                metadata: {
                  name,
                  labels: { owner: 'fraud-detection' },
                  finalizers: ['example.com/keep'],
                },
                spec,
              }),
            );
        const created = await apply(
          'applied',
          {
            predictor: {
              model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://m' },
            },
          },
          'kubectl',
        ).expect(201);
        expectValid(validateInferenceService(created.body));
        const updated = await apply(
          'applied',
          { predictor: { minReplicas: 2 } },
          'backstage-kserve',
        ).expect(200);
        expect(updated.body.metadata.managedFields).toHaveLength(2);
        expectValid(validateInferenceService(updated.body));
        const terminating = await request(sandbox.app)
          .delete(`${G}/namespaces/fraud-detection/inferenceservices/applied`)
          .set(K8S_AUTH)
          .expect(200);
        expectValid(validateInferenceService(terminating.body));
        const list = await request(sandbox.app)
          .get(`${G}/inferenceservices`)
          .set(K8S_AUTH)
          .expect(200);
        expectValid(validateInferenceServiceList(list.body));
      },
      TIMEOUT,
    );

    it(
      'in watch events',
      async () => {
        const server = await listening(sandbox);
        try {
          const watch = await openWatch(
            server.baseUrl,
            `${P}/inferenceservices`,
          );
          await watch.take(3);
          await request(sandbox.app)
            .patch(FRAUD)
            .set(MERGE)
            .send({ spec: { predictor: { canaryTrafficPercent: 100 } } })
            .expect(200);
          await request(sandbox.app).delete(FRAUD).set(K8S_AUTH).expect(200);
          const events = await watch.take(7);
          expect(events.map(e => e.type)).toEqual([
            'ADDED',
            'ADDED',
            'ADDED',
            'MODIFIED',
            'MODIFIED',
            'MODIFIED',
            'DELETED',
          ]);
          for (const event of events) {
            expectValid(validateInferenceService(event.object));
          }
          watch.abort();
        } finally {
          await server.close();
        }
      },
      TIMEOUT,
    );
  },
);
