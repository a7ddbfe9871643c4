import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  ServingResponse,
  ServingRouteResponse,
  TrafficChangeRequest,
} from '@mlops-portal/plugin-kserve-common';
import { InstancesResponse } from '@mlops-portal/plugin-mlops-common';

/**
 * The KServe backend plugin (`/api/kserve`) as the browser sees it; every call but
 * `listClusters` is about the InferenceService a catalog entity names in
 * `kserve.io/inference-service` (and `kserve.io/cluster`).
 *
 * @public
 */
export interface KserveBackendApi {
  /** The configured clusters (names and dashboard URLs), the default first. */
  listClusters(): Promise<InstancesResponse>;
  /**
   * The entity's InferenceService with its events and what the caller may change, or the
   * cluster's failure as data; a 404 when the entity names no InferenceService that exists.
   */
  getServing(entityRef: CompoundEntityRef): Promise<ServingRouteResponse>;
  /**
   * Changes the canary traffic of the entity's InferenceService, on the resourceVersion the
   * caller decided on; answers with the InferenceService as it is afterwards.
   */
  changeTraffic(
    entityRef: CompoundEntityRef,
    request: TrafficChangeRequest,
  ): Promise<ServingResponse>;
}

/**
 * The {@link KserveBackendApi} of the app.
 *
 * @public
 */
export const kserveApiRef = createApiRef<KserveBackendApi>({
  id: 'plugin.kserve.service',
});
