/**
 * The KServe backend plugin of the MLOps Portal: the serving state of an entity's
 * InferenceService — verdict, URL, predictor, traffic split, conditions and events — for the
 * entity page, and setting, promoting and rolling back its canary under Backstage permissions.
 *
 * @packageDocumentation
 */

export { kservePlugin as default } from './plugin';
