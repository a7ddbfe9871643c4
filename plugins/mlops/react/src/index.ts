/**
 * Shared UI of the MLOps Portal frontend plugins: status chips and strips, per-instance error
 * panels, formatting helpers and the entity-ref hook.
 *
 * @packageDocumentation
 */

export {
  InstanceErrorsPanel,
  type InstanceErrorsPanelProps,
} from './components/InstanceErrorsPanel/InstanceErrorsPanel';
export {
  RunStatusChip,
  type RunStatusChipProps,
} from './components/RunStatusChip/RunStatusChip';
export {
  RunStatusStrip,
  type RunStatusStripItem,
  type RunStatusStripProps,
} from './components/RunStatusStrip/RunStatusStrip';
export {
  runStatusCategory,
  type RunStatusCategory,
} from './components/RunStatusChip/runStatusCategory';
export {
  formatDuration,
  formatTimestamp,
  UNKNOWN_VALUE,
} from './format/format';
export { formatMetricValue } from './format/formatMetricValue';
export { errorMessage } from './format/errorMessage';
export { useEntityRef } from './hooks/useEntityRef';
export {
  createBackendRequest,
  entityRouteSegments,
  type BackendRequest,
  type BackendRequestOptions,
} from './api/backendRequests';
