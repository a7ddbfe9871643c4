/**
 * One upstream instance's failure, as data: the backends return it next to what the other
 * instances answered (`{ items, errors: [{ instance, status, message }] }`) and the pages show it.
 *
 * @public
 */
export interface InstanceError {
  /** The configured instance name. */
  instance: string;
  /** The upstream HTTP status, when the upstream answered. */
  status?: number;
  /** The upstream's own error code, when it sent one (e.g. MLflow's `RESOURCE_DOES_NOT_EXIST`). */
  code?: string;
  /** What went wrong, naming the instance. */
  message: string;
}
