import { useState } from 'react';
import {
  useEntity,
  MissingAnnotationEmptyState,
} from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import {
  ANNOTATION_MLFLOW_EXPERIMENT,
  ANNOTATION_MLFLOW_REGISTERED_MODEL,
  isMlflowAvailable,
  MlflowRunSummary,
} from '@mlops-portal/plugin-mlflow-common';
import { MlflowModelCard } from '../MlflowModelCard/MlflowModelCard';
import { MlflowRunsTable } from '../MlflowRunsTable/MlflowRunsTable';
import { MlflowMetricChart } from '../MlflowMetricChart/MlflowMetricChart';
import { isMlflowModelAvailable } from '../../conditions';

/**
 * The MLflow tab of an entity page: the registered model (`mlflow.org/registered-model`),
 * then the experiment's runs (`mlflow.org/experiment`) with a chart comparing the selected
 * runs; a missing-annotation hint when the entity has neither.
 *
 * @public
 */
export function EntityMlflowContent() {
  const { entity } = useEntity();
  const [selectedRuns, setSelectedRuns] = useState<MlflowRunSummary[]>([]);

  if (!isMlflowAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          ANNOTATION_MLFLOW_EXPERIMENT,
          ANNOTATION_MLFLOW_REGISTERED_MODEL,
        ]}
      />
    );
  }
  const hasExperiment = Boolean(
    entity.metadata.annotations?.[ANNOTATION_MLFLOW_EXPERIMENT]?.trim(),
  );

  return (
    <Grid container spacing={3}>
      {isMlflowModelAvailable(entity) && (
        <Grid item xs={12}>
          <MlflowModelCard />
        </Grid>
      )}
      {hasExperiment && (
        <>
          <Grid item xs={12}>
            <MlflowRunsTable
              selectedRuns={selectedRuns}
              onSelectedRunsChange={setSelectedRuns}
            />
          </Grid>
          <Grid item xs={12}>
            <MlflowMetricChart runs={selectedRuns} />
          </Grid>
        </>
      )}
    </Grid>
  );
}
