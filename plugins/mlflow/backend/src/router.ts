import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  EntityResolver,
  parseRequest,
  routeEntityContexts,
} from '@mlops-portal/plugin-mlops-node';
import express from 'express';
import Router from 'express-promise-router';
import {
  aliasParamsSchema,
  compareQuerySchema,
  instancesQuerySchema,
  runParamsSchema,
  runsQuerySchema,
  setAliasBodySchema,
  transitionStageBodySchema,
  versionParamsSchema,
} from './schemas';
import { MlflowReadService } from './service/MlflowReadService';
import { MlflowWriteService } from './service/MlflowWriteService';

/** What the router needs: everything else lives in the services. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  entities: EntityResolver;
  reads: MlflowReadService;
  writes: MlflowWriteService;
}

const ENTITY = '/entity/:namespace/:kind/:name';

/**
 * The routes the MLflow frontend calls, under `/api/mlflow`: validate, call the service, send.
 * Input is checked before anything else (InputError → 400); errors are thrown and turned into
 * responses by the backend. The actions in `./actions` call the same service methods.
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
    parseRequest(instancesQuerySchema, req.query, 'query');
    res.json(reads.listInstances());
  });

  router.get(`${ENTITY}/runs`, async (req, res) => {
    const query = parseRequest(runsQuerySchema, req.query, 'query');
    res.json(await reads.getRuns(await readContext(req), query));
  });

  router.get(`${ENTITY}/runs/:runId`, async (req, res) => {
    const { runId } = parseRequest(runParamsSchema, req.params, 'path');
    res.json(await reads.getRun(await readContext(req), runId));
  });

  router.get(`${ENTITY}/compare`, async (req, res) => {
    const query = parseRequest(compareQuerySchema, req.query, 'query');
    res.json(await reads.compareRuns(await readContext(req), query));
  });

  router.get(`${ENTITY}/model`, async (req, res) => {
    res.json(await reads.getModel(await readContext(req)));
  });

  router.post(`${ENTITY}/model/aliases`, async (req, res) => {
    const body = parseRequest(setAliasBodySchema, req.body, 'body');
    res.json(await writes.setAlias(await writeContext(req), body));
  });

  router.delete(`${ENTITY}/model/aliases/:alias`, async (req, res) => {
    const { alias } = parseRequest(aliasParamsSchema, req.params, 'path');
    res.json(await writes.deleteAlias(await writeContext(req), { alias }));
  });

  router.post(`${ENTITY}/model/versions/:version/stage`, async (req, res) => {
    const { version } = parseRequest(versionParamsSchema, req.params, 'path');
    const body = parseRequest(transitionStageBodySchema, req.body, 'body');
    res.json(
      await writes.transitionStage(await writeContext(req), {
        version,
        ...body,
      }),
    );
  });

  return router;
}
