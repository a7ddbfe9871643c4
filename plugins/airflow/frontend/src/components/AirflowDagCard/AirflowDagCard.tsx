import { Fragment, useState } from 'react';
import {
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ANNOTATION_AIRFLOW_DAG_ID,
  isAirflowAvailable,
} from '@mlops-portal/plugin-airflow-common';
import { InstanceErrorsPanel } from '@mlops-portal/plugin-mlops-react';
import { useEntityDags } from '../../hooks/useEntityDags';
import { AirflowDagSummary } from '../AirflowDagSummary/AirflowDagSummary';
import { MissingDagsNote } from '../MissingDagsNote';
import { RecentRuns } from './RecentRuns';

/**
 * Props of {@link AirflowDagCard}.
 *
 * @public
 */
export interface AirflowDagCardProps {
  /** How many recent runs each DAG's strip shows; default 14. */
  recentRuns?: number;
  /** The InfoCard variant, e.g. `gridItem` on an overview page. */
  variant?: InfoCardVariants;
}

const useStyles = makeStyles(theme => ({
  dag: { padding: theme.spacing(2, 0) },
}));

/**
 * The entity's Airflow DAGs (`airflow.apache.org/dag-id`) for an overview page: for each, its
 * schedule, next run, health, owners, tags and a strip of its recent runs, with pause and
 * trigger for users the permission policy allows.
 *
 * @public
 */
export function AirflowDagCard(props: AirflowDagCardProps) {
  const { recentRuns = 14, variant } = props;
  const { entity } = useEntity();
  if (!isAirflowAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_AIRFLOW_DAG_ID} />
    );
  }
  return <DagCard recentRuns={recentRuns} variant={variant} />;
}

function DagCard(props: { recentRuns: number; variant?: InfoCardVariants }) {
  const classes = useStyles();
  const { value, loading, error, dags, replaceDag } = useEntityDags();
  // Bumped per DAG after a trigger, so its strip shows the new run.
  const [reloads, setReloads] = useState<Record<string, number>>({});

  return (
    <InfoCard
      title={dags.length === 1 ? 'Airflow DAG' : 'Airflow DAGs'}
      subheader={value?.target && `Instance ${value.target.instance}`}
      variant={props.variant}
    >
      <InstanceErrorsPanel systemTitle="Airflow" errors={value?.errors} />
      {error && <ResponseErrorPanel error={error} />}
      {loading && <Progress />}
      <MissingDagsNote value={value} />
      {value && dags.length === 0 && value.errors.length === 0 && (
        <Typography color="textSecondary">No DAGs to show.</Typography>
      )}
      {dags.map((dag, index) => (
        <Fragment key={dag.dagId}>
          {index > 0 && <Divider />}
          <div className={classes.dag}>
            <AirflowDagSummary
              dag={dag}
              onDagChange={replaceDag}
              onTriggered={() =>
                setReloads(current => ({
                  ...current,
                  [dag.dagId]: (current[dag.dagId] ?? 0) + 1,
                }))
              }
            >
              <RecentRuns
                dagId={dag.dagId}
                limit={props.recentRuns}
                reloadKey={reloads[dag.dagId] ?? 0}
              />
            </AirflowDagSummary>
          </div>
        </Fragment>
      ))}
    </InfoCard>
  );
}
