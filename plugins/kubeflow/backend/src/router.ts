import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  EntityResolver,
  parseRequest,
  routeEntityContexts,
} from '@mlops-portal/plugin-mlops-node';
import express from 'express';
import Router from 'express-promise-router';
import {
  createRunBodySchema,
  noQuerySchema,
  recurringRunParamsSchema,
  runParamsSchema,
  runsQuerySchema,
  setEnabledBodySchema,
} from './schemas';
import { KubeflowReadService } from './service/KubeflowReadService';
import { KubeflowWriteService } from './service/KubeflowWriteService';

/**
 * What the router needs: everything else lives in the services.
 *
 * @internal
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  entities: EntityResolver;
  reads: KubeflowReadService;
  writes: KubeflowWriteService;
}

const ENTITY = '/entity/:namespace/:kind/:name';

/**
 * The routes the Kubeflow frontend calls, under `/api/kubeflow`: validate, call the service, send.
 * Input is checked before anything else (InputError → 400); errors are thrown and turned into
 * responses by the backend. The actions in `./actions` call the same service methods.
 *
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, entities, reads, writes } = options;
  const router = Router();
  router.use(express.json());

  const contexts = routeEntityContexts(httpAuth, entities);
  const readContext = contexts.read;
  const writeContext = contexts.write;

  // The configured instances (names and UI URLs only), e.g. for the template's instance picker.
  router.get('/instances', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(reads.listInstances());
  });

  router.get(`${ENTITY}/pipeline`, async (req, res) => {
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(await reads.getPipeline(await readContext(req)));
  });

  router.get(`${ENTITY}/runs`, async (req, res) => {
    const query = parseRequest(runsQuerySchema, req.query, 'query');
    res.json(await reads.getRuns(await readContext(req), query));
  });

  router.get(`${ENTITY}/runs/:runId`, async (req, res) => {
    const { runId } = parseRequest(runParamsSchema, req.params, 'path');
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(await reads.getRunGraph(await readContext(req), runId));
  });

  router.get(`${ENTITY}/recurring-runs`, async (req, res) => {
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(await reads.getRecurringRuns(await readContext(req)));
  });

  router.get(`${ENTITY}/experiments`, async (req, res) => {
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(await reads.getExperiments(await readContext(req)));
  });

  router.post(`${ENTITY}/runs`, async (req, res) => {
    const body = parseRequest(createRunBodySchema, req.body ?? {}, 'body');
    // 201: a run was created; what failed is thrown before this.
    res.status(201).json(await writes.createRun(await writeContext(req), body));
  });

  router.post(
    `${ENTITY}/recurring-runs/:recurringRunId/enabled`,
    async (req, res) => {
      const { recurringRunId } = parseRequest(
        recurringRunParamsSchema,
        req.params,
        'path',
      );
      const body = parseRequest(setEnabledBodySchema, req.body, 'body');
      res.json(
        await writes.setRecurringRunEnabled(
          await writeContext(req),
          recurringRunId,
          body,
        ),
      );
    },
  );

  return router;
}
