import { InfoCard, InfoCardVariants } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
  isKserveAvailable,
} from '@mlops-portal/plugin-kserve-common';
import { useClusterUiUrl } from '../../hooks/useClusterUiUrl';
import { useEntityServing } from '../../hooks/useEntityServing';
import { ServingOverview } from '../ServingOverview/ServingOverview';
import {
  ReloadButton,
  servingSubheader,
  ServingStatePanels,
} from '../ServingStatePanels/ServingStatePanels';

/**
 * Props of {@link KserveServingCard}.
 *
 * @public
 */
export interface KserveServingCardProps {
  /** The InfoCard variant, e.g. `gridItem` on an overview page. */
  variant?: InfoCardVariants;
}

/**
 * The entity's InferenceService for an overview page: the verdict with its summary, the failing
 * conditions with their messages, URL with a copy button, the traffic split and — for users the
 * backend allows — promote, roll back and set the canary.
 *
 * @public
 */
export function KserveServingCard(props: KserveServingCardProps) {
  const { entity } = useEntity();
  if (!isKserveAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_KSERVE_INFERENCE_SERVICE}
      />
    );
  }
  return <ServingCard {...props} />;
}

function ServingCard(props: KserveServingCardProps) {
  const state = useEntityServing();
  const { serving } = state;
  const clusterUiUrl = useClusterUiUrl(serving?.inferenceService.cluster);
  return (
    <InfoCard
      title="Serving"
      subheader={servingSubheader(state)}
      variant={props.variant}
      action={<ReloadButton state={state} />}
    >
      <ServingStatePanels state={state} />
      {serving && (
        <ServingOverview
          serving={serving}
          clusterUiUrl={clusterUiUrl}
          showFailingConditions
          onChanged={state.showWritten}
          onReload={state.reload}
        />
      )}
    </InfoCard>
  );
}
