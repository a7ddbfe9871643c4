import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

type Principal =
  | { type: 'user'; userEntityRef: string; actor?: { subject: string } }
  | { type: 'service'; subject: string }
  | { type: 'none' };

/** Who makes a write, as the audit event records it. */
export function describeActor(credentials: BackstageCredentials): JsonObject {
  const principal = credentials.principal as Principal;
  switch (principal.type) {
    case 'user':
      return {
        userEntityRef: principal.userEntityRef,
        ...(principal.actor && { via: principal.actor.subject }),
      };
    case 'service':
      return { service: principal.subject };
    default:
      return { none: true };
  }
}

/**
 * Who makes a write, in words for what an upstream system keeps (e.g. an Airflow run's note):
 * the user's entity ref, `service <subject>`, or `an unauthenticated caller`.
 *
 * @public
 */
export function actorName(credentials: BackstageCredentials): string {
  const principal = credentials.principal as Principal;
  switch (principal.type) {
    case 'user':
      return principal.userEntityRef;
    case 'service':
      return `service ${principal.subject}`;
    default:
      return 'an unauthenticated caller';
  }
}
