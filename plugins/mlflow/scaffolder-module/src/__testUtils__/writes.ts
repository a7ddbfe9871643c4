import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  IngestedEntityAuthority,
  WritePipeline,
} from '@mlops-portal/plugin-mlops-node';
import { mockReadCache } from '@mlops-portal/plugin-mlops-node/testUtils';

/** One audit event as the auditor received it, with how it ended. */
export type RecordedAuditEvent = {
  eventId: string;
  meta: JsonObject;
  status: 'initiated' | 'succeeded' | 'failed';
  /** What `success` added. */
  outcome?: JsonObject;
  error?: Error;
};

/**
 * The authority and write pipeline the actions get in the backend, on a permissions mock that
 * allows or refuses the named permissions, with every audit event recorded.
 */
export function createTestWrites(options: { deny?: string[] } = {}) {
  const deny = new Set(options.deny ?? []);
  const events: RecordedAuditEvent[] = [];
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(request => ({
        result: deny.has(request.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  });
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta = {} }) => {
      const event: RecordedAuditEvent = {
        eventId,
        meta: meta as JsonObject,
        status: 'initiated',
      };
      events.push(event);
      const recorder: AuditorServiceEvent = {
        async success(success) {
          event.status = 'succeeded';
          event.outcome = success?.meta as JsonObject | undefined;
        },
        async fail({ error }) {
          event.status = 'failed';
          event.error = error;
        },
      };
      return recorder;
    },
  });
  const authority = new IngestedEntityAuthority({
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    permissions,
    readCache: mockReadCache(),
  });
  const pipeline = new WritePipeline({
    authority,
    auditor,
    logger: mockServices.logger.mock(),
  });
  return { authority, pipeline, permissions, events };
}
