import { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  IngestedEntityAuthority,
  WritePipeline as Pipeline,
} from '@mlops-portal/plugin-mlops-node';
import { WritePipeline } from '../write/WritePipeline';
import { AuditRecord, recordingAuditor } from './auditor';
import { authorizeWith, deny, mockAuthority } from './authority';
import { silentLogger } from './logger';

/**
 * A real `WritePipeline` as a plugin gets it (`writePipelineServiceRef`), on a catalog of
 * `entities`, a permissions mock that refuses the named permissions and allows the rest, and an
 * auditor recording every event into `audit` (see `recordingAuditor`).
 *
 * @remarks
 * `permissions.authorize` is a jest mock, to assert whose credentials were asked for what. Pass
 * the plugin's auth service, e.g. `mockServices.auth()` of `@backstage/backend-test-utils`.
 *
 * @public
 */
export function mockWritePipeline(options: {
  /** The plugin's auth service (the authority looks entities up with its own credentials). */
  auth: AuthService;
  /** The catalog's entities, among them the ingested ones writes are authorized against. */
  entities?: Entity[];
  /** Names of the permissions the caller does not hold, e.g. `airflow.dag.trigger`. */
  deny?: string[];
}): {
  pipeline: Pipeline;
  authority: IngestedEntityAuthority;
  permissions: {
    authorize: jest.Mock;
    authorizeConditional: jest.Mock;
  };
  audit: AuditRecord[];
} {
  const permissions = {
    authorize: jest.fn(authorizeWith(deny(...(options.deny ?? [])))),
    authorizeConditional: jest.fn(async (requests: unknown[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    ),
  };
  const authority = mockAuthority({
    auth: options.auth,
    permissions: permissions as unknown as PermissionsService,
    entities: options.entities,
  });
  const { auditor, audit } = recordingAuditor();
  const pipeline = new WritePipeline({
    authority,
    auditor: auditor.service,
    logger: silentLogger,
  });
  return { pipeline, authority, permissions, audit };
}
