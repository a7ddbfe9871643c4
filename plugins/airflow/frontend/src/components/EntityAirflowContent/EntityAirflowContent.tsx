import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_AIRFLOW_DAG_ID,
  AirflowDagView,
  isAirflowAvailable,
} from '@mlops-portal/plugin-airflow-common';
import { InstanceErrorsPanel } from '@mlops-portal/plugin-mlops-react';
import { useEntityDags } from '../../hooks/useEntityDags';
import { AirflowDagSummary } from '../AirflowDagSummary/AirflowDagSummary';
import { AirflowRunsTable } from '../AirflowRunsTable/AirflowRunsTable';
import { AirflowTaskGrid } from '../AirflowTaskGrid/AirflowTaskGrid';
import { MissingDagsNote } from '../MissingDagsNote';

/**
 * The Airflow tab of an entity page: for each DAG of `airflow.apache.org/dag-id` (one tab each
 * where there are several) its summary with pause and trigger, its runs as a strip and a table,
 * and the task instances of the selected run with their logs; a missing-annotation hint when the
 * entity names no DAG.
 *
 * @public
 */
export function EntityAirflowContent() {
  const { entity } = useEntity();
  if (!isAirflowAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState annotation={ANNOTATION_AIRFLOW_DAG_ID} />
    );
  }
  return <AirflowContent />;
}

function AirflowContent() {
  const { value, loading, error, dags, replaceDag } = useEntityDags();
  const [chosen, setChosen] = useState<string>();
  const dag = dags.find(d => d.dagId === chosen) ?? dags[0];

  return (
    <Grid container spacing={3}>
      {(Boolean(error) || Boolean(value?.errors.length) || loading) && (
        <Grid item xs={12}>
          <InstanceErrorsPanel systemTitle="Airflow" errors={value?.errors} />
          {error && <ResponseErrorPanel error={error} />}
          {loading && <Progress />}
        </Grid>
      )}
      {value && (
        <Grid item xs={12}>
          <MissingDagsNote value={value} />
        </Grid>
      )}
      {value && dags.length === 0 && value.errors.length === 0 && (
        <Grid item xs={12}>
          <Typography color="textSecondary">No DAGs to show.</Typography>
        </Grid>
      )}
      {dags.length > 1 && (
        <Grid item xs={12}>
          <Tabs
            value={dag.dagId}
            onChange={(_e, id: string) => setChosen(id)}
            indicatorColor="primary"
            variant="scrollable"
            aria-label="DAGs"
          >
            {dags.map(d => (
              <Tab key={d.dagId} value={d.dagId} label={d.displayName} />
            ))}
          </Tabs>
        </Grid>
      )}
      {dag && (
        <DagDetails
          key={dag.dagId}
          dag={dag}
          instance={value?.target?.instance}
          onDagChange={replaceDag}
        />
      )}
    </Grid>
  );
}

/** One DAG: its summary, its runs, and the tasks of the selected run. */
function DagDetails(props: {
  dag: AirflowDagView;
  instance?: string;
  onDagChange: (dag: AirflowDagView) => void;
}) {
  const { dag, instance, onDagChange } = props;
  const [selectedRunId, setSelectedRunId] = useState<string>();
  // Bumped after a trigger or clear, so the runs table shows the run's new state.
  const [runsReload, setRunsReload] = useState(0);

  return (
    <>
      <Grid item xs={12}>
        <InfoCard
          title="Airflow DAG"
          subheader={instance && `Instance ${instance}`}
        >
          <AirflowDagSummary
            dag={dag}
            onDagChange={onDagChange}
            onTriggered={run => {
              setSelectedRunId(run.runId);
              setRunsReload(n => n + 1);
            }}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <AirflowRunsTable
          dagId={dag.dagId}
          selectedRunId={selectedRunId}
          onSelectRun={run => setSelectedRunId(run.runId)}
          reloadKey={runsReload}
        />
      </Grid>
      {selectedRunId && (
        <Grid item xs={12}>
          <AirflowTaskGrid
            dag={dag}
            runId={selectedRunId}
            onRunChange={() => setRunsReload(n => n + 1)}
          />
        </Grid>
      )}
    </>
  );
}
