import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import {
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  isKserveAvailable,
} from '@mlops-portal/plugin-kserve-common';
import { useClusterUiUrl } from '../../hooks/useClusterUiUrl';
import { useEntityServing } from '../../hooks/useEntityServing';
import { ModelStatusDetails } from '../ModelStatusDetails/ModelStatusDetails';
import { PredictorDetails } from '../PredictorDetails/PredictorDetails';
import { ServingConditionsTable } from '../ServingConditionsTable/ServingConditionsTable';
import { ServingEventsTable } from '../ServingEventsTable/ServingEventsTable';
import { ServingOverview } from '../ServingOverview/ServingOverview';
import {
  ReloadButton,
  servingSubheader,
  ServingStatePanels,
} from '../ServingStatePanels/ServingStatePanels';

/**
 * The Serving tab of an entity page: the InferenceService of `kserve.io/inference-service` with
 * its verdict, URL, traffic split and canary actions, its conditions, predictor, model status
 * and recent Kubernetes events; a missing-annotation hint when the entity names none.
 *
 * @public
 */
export function EntityKserveServingContent() {
  const { entity } = useEntity();
  if (!isKserveAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_KSERVE_INFERENCE_SERVICE}
      />
    );
  }
  return <ServingContent />;
}

function ServingContent() {
  const state = useEntityServing();
  const { serving } = state;
  const is = serving?.inferenceService;
  const clusterUiUrl = useClusterUiUrl(is?.cluster);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={is ? `Serving ${is.name}` : 'Serving'}
          subheader={servingSubheader(state)}
          action={<ReloadButton state={state} />}
        >
          <ServingStatePanels state={state} />
          {serving && (
            <ServingOverview
              serving={serving}
              clusterUiUrl={clusterUiUrl}
              onChanged={state.showWritten}
              onReload={state.reload}
            />
          )}
        </InfoCard>
      </Grid>
      {serving && is && (
        <>
          <Grid item xs={12}>
            <InfoCard title="Conditions">
              <ServingConditionsTable conditions={is.conditions} />
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={is.modelStatus ? 6 : 12}>
            <InfoCard title="Predictor">
              <PredictorDetails predictor={is.predictor} />
            </InfoCard>
          </Grid>
          {is.modelStatus && (
            <Grid item xs={12} md={6}>
              <InfoCard title="Model status">
                <ModelStatusDetails modelStatus={is.modelStatus} />
              </InfoCard>
            </Grid>
          )}
          <Grid item xs={12}>
            <InfoCard title="Recent events">
              <ServingEventsTable
                events={serving.events}
                eventsError={serving.eventsError}
              />
            </InfoCard>
          </Grid>
        </>
      )}
    </Grid>
  );
}
