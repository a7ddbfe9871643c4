/**
 * KServe on the entity page: the serving verdict of an entity's InferenceService, its URL,
 * traffic split, conditions, predictor, model status and recent Kubernetes events, and — under
 * permission — promote, roll back and set the canary.
 *
 * The new frontend system's plugin is the default export of `@mlops-portal/plugin-kserve/alpha`.
 *
 * @packageDocumentation
 */

export {
  kservePlugin,
  EntityKserveServingContent,
  EntityKserveServingCard,
} from './plugin';
export { isKserveAvailable } from './conditions';
export { kserveApiRef, type KserveBackendApi } from './api/KserveBackendApi';
export { KserveClient } from './api/KserveClient';
export {
  KserveServingCard,
  type KserveServingCardProps,
} from './components/KserveServingCard/KserveServingCard';
export {
  ServingVerdictChip,
  type ServingVerdictChipProps,
} from './components/ServingVerdictChip/ServingVerdictChip';
export {
  TrafficSplitBar,
  type TrafficSplitBarProps,
} from './components/TrafficSplitBar/TrafficSplitBar';
