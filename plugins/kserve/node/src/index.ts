/**
 * The Kubernetes client of the KServe plugins and the cluster config they read from Backstage's
 * own `kubernetes:` config.
 *
 * @packageDocumentation
 */

export * from './KserveApi';
export { WatchExpiredError } from './errors';
export { kserveEntityRefs, kserveInferenceServiceLocator } from './entities';
