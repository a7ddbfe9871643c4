/**
 * One configured upstream instance as the browser may see it: never its API URL or credentials.
 *
 * @public
 */
export interface InstanceSummary {
  /** The instance's name, what the system's `…/instance` annotation refers to. */
  name: string;
  /** The upstream's own UI on that instance, for links. */
  uiUrl: string;
  /** Whether this is the default instance (the first configured one). */
  default: boolean;
}

/**
 * The answer of every system's `GET /instances`: the configured instances in config order, the
 * default first.
 *
 * @public
 */
export interface InstancesResponse {
  /** Each instance's name and UI link. */
  instances: InstanceSummary[];
}
