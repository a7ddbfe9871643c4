import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type { Request } from 'express';
import { z } from 'zod/v3';
import { EntityResolver } from '../catalog/EntityResolver';
import { parseRequest } from '../http/parseRequest';

/**
 * The route params naming an entity: `/entity/:namespace/:kind/:name`.
 *
 * @public
 */
export const entityParamsSchema = z.object({
  namespace: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
});

/**
 * Who reads, through which entity (the entity as the caller sees it).
 *
 * @public
 */
export interface EntityReadContext {
  entity: Entity;
  credentials: BackstageCredentials;
}

/**
 * Who writes, through which entity (read afresh), and — for routes — the HTTP request the audit
 * log reads.
 *
 * @public
 */
export interface EntityWriteContext extends EntityReadContext {
  request?: Request;
}

/**
 * How a system's routes get their entity and caller: the entity of the path, read with the
 * caller's credentials (cached for reads, afresh for writes).
 *
 * @public
 */
export function routeEntityContexts(
  httpAuth: HttpAuthService,
  entities: EntityResolver,
) {
  return {
    read: async (req: Request): Promise<EntityReadContext> => {
      const credentials = await httpAuth.credentials(req);
      const entity = await entities.forRead(
        parseRequest(entityParamsSchema, req.params, 'path'),
        credentials,
      );
      return { entity, credentials };
    },
    write: async (req: Request): Promise<EntityWriteContext> => {
      const credentials = await httpAuth.credentials(req);
      const entity = await entities.forWrite(
        parseRequest(entityParamsSchema, req.params, 'path'),
        credentials,
      );
      return { entity, credentials, request: req };
    },
  };
}

/**
 * How a system's actions get their entity: the action's `entityRef` input, read with the
 * caller's credentials like the route's.
 *
 * @public
 */
export function actionEntityContexts(entities: EntityResolver) {
  return {
    read: async (
      entityRef: string,
      credentials: BackstageCredentials,
    ): Promise<EntityReadContext> => ({
      entity: await entities.forRead(entityRef, credentials),
      credentials,
    }),
    write: async (
      entityRef: string,
      credentials: BackstageCredentials,
    ): Promise<EntityWriteContext> => ({
      entity: await entities.forWrite(entityRef, credentials),
      credentials,
    }),
  };
}
