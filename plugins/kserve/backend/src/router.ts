import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  EntityResolver,
  parseRequest,
  routeEntityContexts,
} from '@mlops-portal/plugin-mlops-node';
import express from 'express';
import Router from 'express-promise-router';
import { noQuerySchema, trafficChangeBodySchema } from './schemas';
import { KserveReadService } from './service/KserveReadService';
import { KserveWriteService } from './service/KserveWriteService';

/**
 * What the router needs: everything else lives in the services.
 *
 * @internal
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  entities: EntityResolver;
  reads: KserveReadService;
  writes: KserveWriteService;
}

const ENTITY = '/entity/:namespace/:kind/:name';

/**
 * The routes the KServe frontend calls, under `/api/kserve`: validate, call the service, send.
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

  // The configured clusters (names and dashboard URLs only), e.g. for a link to the dashboard.
  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(reads.listClusters());
  });

  router.get(`${ENTITY}/serving`, async (req, res) => {
    parseRequest(noQuerySchema, req.query, 'query');
    res.json(await reads.getServing(await contexts.read(req)));
  });

  router.post(`${ENTITY}/serving/traffic`, async (req, res) => {
    const body = parseRequest(trafficChangeBodySchema, req.body, 'body');
    res.json(await writes.changeTraffic(await contexts.write(req), body));
  });

  return router;
}
