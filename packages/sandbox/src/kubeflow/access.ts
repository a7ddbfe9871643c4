import type { Request } from 'express';
import { kfpError } from './errors';

/** Who may use which profile namespace of the sandbox's multi-user Kubeflow. */
export interface KubeflowAccessOptions {
  /** Every request must carry the user-id header (a multi-user deployment). */
  multiUser: boolean;
  /** The header the user id comes in (KFP's `KUBEFLOW_USERID_HEADER`). */
  userIdHeader: string;
  /** Profile namespace → the user ids that may use it (owner and contributors). */
  profiles: Readonly<Record<string, readonly string[]>>;
}

/**
 * Multi-user Kubeflow as KFP enforces it: a request that carries the user-id header (every
 * request, on a multi-user sandbox) is answered as a multi-user KFP would answer that user —
 * lists need a namespace and show only it, and every namespace touched must be one of the
 * user's profiles (PERMISSION_DENIED otherwise). Requests without the header keep single-user
 * behaviour, so the story's clients are unaffected.
 */
export class KubeflowAccess {
  constructor(private readonly options: KubeflowAccessOptions) {}

  /** Whether the server says it runs multi-user (`GET /healthz`). */
  get multiUser(): boolean {
    return this.options.multiUser;
  }

  /** The user a request acts as, or undefined for a single-user request. */
  caller(req: Request): string | undefined {
    const header = req.headers[this.options.userIdHeader.toLowerCase()];
    const user = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!user && this.options.multiUser) {
      throw kfpError(
        'UNAUTHENTICATED',
        'Request header error: there is no user identity header.',
      );
    }
    return user || undefined;
  }

  /** Whether `user` may use `namespace` (the shared namespace '' is everyone's). */
  allows(user: string, namespace: string | undefined): boolean {
    return (
      !namespace || (this.options.profiles[namespace] ?? []).includes(user)
    );
  }

  /** Throws PERMISSION_DENIED, as KFP's SubjectAccessReview answers, when `user` may not. */
  require(
    user: string | undefined,
    namespace: string | undefined,
    verb: string,
    resource: string,
  ): void {
    if (user !== undefined && !this.allows(user, namespace)) {
      throw kfpError(
        'PERMISSION_DENIED',
        denial(user, namespace, verb, resource),
      );
    }
  }
}

/** KFP's message for a refused SubjectAccessReview. */
export function denial(
  user: string,
  namespace: string | undefined,
  verb: string,
  resource: string,
): string {
  return (
    `Failed to authorize with API: PermissionDenied: User '${user}' is not authorized with ` +
    `reason:  (request: &ResourceAttributes{Namespace:${namespace},Verb:${verb},` +
    `Group:pipelines.kubeflow.org,Version:v1beta1,Resource:${resource}})`
  );
}
