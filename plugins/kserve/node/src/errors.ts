import { CustomErrorBase } from '@backstage/errors';

/**
 * A watch's resourceVersion is older than the server keeps history for (410 Gone, reason
 * `Expired`): list again and watch from the new list's resourceVersion.
 *
 * @public
 */
export class WatchExpiredError extends CustomErrorBase {
  name = 'WatchExpiredError' as const;
}
