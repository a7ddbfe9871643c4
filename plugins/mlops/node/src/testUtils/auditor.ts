import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * One audit record: the event's start, success or failure, with its meta so far and the HTTP
 * request it came through.
 *
 * @public
 */
export type AuditRecord = {
  eventId: string;
  status: 'initiated' | 'succeeded' | 'failed';
  meta?: Record<string, unknown>;
  request?: { method: string; url: string };
  error?: string;
};

/**
 * An auditor recording every event's start and end into `audit`: `auditor.factory` for a test
 * backend's features, `auditor.service` to hand to a pipeline directly.
 *
 * @public
 */
export function recordingAuditor() {
  const audit: AuditRecord[] = [];
  const service: AuditorService = {
    async createEvent(event: AuditorServiceCreateEventOptions) {
      const record = (
        status: AuditRecord['status'],
        extra: { meta?: Record<string, unknown>; error?: Error } = {},
      ) =>
        audit.push({
          eventId: event.eventId,
          status,
          meta: { ...event.meta, ...extra.meta },
          request: event.request && {
            method: event.request.method,
            url: event.request.originalUrl,
          },
          ...(extra.error && { error: extra.error.message }),
        });
      record('initiated');
      return {
        success: async params => void record('succeeded', params),
        fail: async params => void record('failed', params),
      };
    },
  };
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => service,
  });
  return { auditor: { service, factory }, audit };
}
