import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  EntityResolver,
  parseRequest,
  routeEntityContexts,
} from '@mlops-portal/plugin-mlops-node';
import express from 'express';
import Router from 'express-promise-router';
import {
  clearBodySchema,
  dagParamsSchema,
  logParamsSchema,
  logQuerySchema,
  noQuerySchema,
  runParamsSchema,
  runsQuerySchema,
  setPausedBodySchema,
  triggerBodySchema,
} from './schemas';
import { AirflowReadService } from './service/AirflowReadService';
import { AirflowWriteService } from './service/AirflowWriteService';

/** What the router needs: everything else lives in the services. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  entities: EntityResolver;
  reads: AirflowReadService;
  writes: AirflowWriteService;
}

const ENTITY = '/entity/:namespace/:kind/:name';
const DAG = `${ENTITY}/dags/:dagId`;
const RUN = `${DAG}/runs/:runId`;

/**
 * The routes the Airflow frontend calls, under `/api/airflow`: validate, call the service, send.
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
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(reads.listInstances());
  });

  router.get(`${ENTITY}/dags`, async (req, res) => {
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(await reads.getDags(await readContext(req)));
  });

  router.get(`${DAG}/runs`, async (req, res) => {
    const { dagId } = parseRequest(dagParamsSchema, req.params, 'path');
    const query = parseRequest(runsQuerySchema, req.query, 'query');
    res.json(await reads.getRuns(await readContext(req), dagId, query));
  });

  router.get(`${RUN}/tasks`, async (req, res) => {
    const { dagId, runId } = parseRequest(runParamsSchema, req.params, 'path');
    res.json(
      await reads.getTaskInstances(await readContext(req), dagId, runId),
    );
  });

  router.get(`${RUN}/tasks/:taskId/logs/:tryNumber`, async (req, res) => {
    const { dagId, runId, taskId, tryNumber } = parseRequest(
      logParamsSchema,
      req.params,
      'path',
    );
    const { mapIndex } = parseRequest(logQuerySchema, req.query, 'query');
    res.json(
      await reads.getTaskLog(await readContext(req), {
        dagId,
        runId,
        taskId,
        tryNumber,
        mapIndex,
      }),
    );
  });

  router.post(`${DAG}/runs`, async (req, res) => {
    const { dagId } = parseRequest(dagParamsSchema, req.params, 'path');
    const body = parseRequest(triggerBodySchema, req.body ?? {}, 'body');
    res.json(await writes.trigger(await writeContext(req), dagId, body));
  });

  router.post(`${DAG}/paused`, async (req, res) => {
    const { dagId } = parseRequest(dagParamsSchema, req.params, 'path');
    const body = parseRequest(setPausedBodySchema, req.body, 'body');
    res.json(await writes.setPaused(await writeContext(req), dagId, body));
  });

  router.post(`${RUN}/clear`, async (req, res) => {
    const { dagId, runId } = parseRequest(runParamsSchema, req.params, 'path');
    const body = parseRequest(clearBodySchema, req.body ?? {}, 'body');
    res.json(
      await writes.clearRun(await writeContext(req), dagId, runId, body),
    );
  });

  return router;
}
