import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
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
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ANNOTATION_KUBEFLOW_EXPERIMENT,
  ANNOTATION_KUBEFLOW_PIPELINE,
  isKubeflowAvailable,
  KubeflowPipelineResponse,
  kubeflowUiLinks,
  KubeflowRunView,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  errorMessage,
  InstanceErrorsPanel,
} from '@mlops-portal/plugin-mlops-react';
import { useEntityPipeline } from '../../hooks/useEntityPipeline';
import { SYSTEM_TITLE } from '../format';
import { KubeflowExperimentsCard } from '../KubeflowExperimentsCard/KubeflowExperimentsCard';
import { KubeflowPipelineHeader } from '../KubeflowPipelineHeader/KubeflowPipelineHeader';
import { KubeflowRecurringRunsTable } from '../KubeflowRecurringRunsTable/KubeflowRecurringRunsTable';
import { KubeflowRunDetails } from '../KubeflowRunDetails/KubeflowRunDetails';
import { KubeflowRunsTable } from '../KubeflowRunsTable/KubeflowRunsTable';

/** The search parameter of the open run: a run view can be linked and the back button closes it. */
const RUN_PARAM = 'run';

/**
 * The Kubeflow tab of an entity page: the pipeline of `kubeflow.org/pipeline` with its versions
 * and "Start run", its runs (paged, filtered by state) with the task graph of the run opened,
 * its recurring runs and experiments; a missing-annotation hint when the entity names neither a
 * pipeline nor an experiment.
 *
 * @public
 */
export function EntityKubeflowContent() {
  const { entity } = useEntity();
  if (!isKubeflowAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          ANNOTATION_KUBEFLOW_PIPELINE,
          ANNOTATION_KUBEFLOW_EXPERIMENT,
        ]}
      />
    );
  }
  return <KubeflowContent />;
}

function KubeflowContent() {
  const { value, loading, error } = useEntityPipeline();
  const pipeline = value?.pipeline;
  const [versionId, setVersionId] = useState<string>();
  // Bumped after a run was started, so the runs table shows it on its first page.
  const [runsReload, setRunsReload] = useState(0);
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedRunId = searchParams.get(RUN_PARAM) ?? undefined;
  const selectRun = useCallback(
    (runId: string | undefined) =>
      setSearchParams(current => {
        const next = new URLSearchParams(current);
        if (runId) {
          next.set(RUN_PARAM, runId);
        } else {
          next.delete(RUN_PARAM);
        }
        return next;
      }),
    [setSearchParams],
  );
  // Without the pipeline or an experiment there are no runs to ask for: the errors say why.
  const readable = Boolean(pipeline || value?.target?.experiment);

  return (
    <Grid container spacing={3}>
      {(Boolean(error) || Boolean(value?.errors.length) || loading) && (
        <Grid item xs={12}>
          <InstanceErrorsPanel
            systemTitle={SYSTEM_TITLE}
            errors={value?.errors}
          />
          {error && (
            <ResponseErrorPanel error={error} title={errorMessage(error)} />
          )}
          {loading && <Progress />}
        </Grid>
      )}
      {value && <NotFoundNote value={value} />}
      {value && !readable && value.errors.length === 0 && (
        <Grid item xs={12}>
          <Typography color="textSecondary">
            No Kubeflow pipeline or experiment to show.
          </Typography>
        </Grid>
      )}
      {pipeline && (
        <Grid item xs={12}>
          <InfoCard
            title="Kubeflow pipeline"
            subheader={value?.target && `Instance ${value.target.instance}`}
          >
            <KubeflowPipelineHeader
              pipeline={pipeline}
              selectedVersionId={versionId}
              onSelectVersion={setVersionId}
              onRunCreated={(run: KubeflowRunView) => {
                setRunsReload(n => n + 1);
                selectRun(run.runId);
              }}
            />
          </InfoCard>
        </Grid>
      )}
      {!pipeline && value?.target?.experiment && (
        <Grid item xs={12}>
          <Typography variant="body2">
            Runs of the experiment{' '}
            <Link
              href={kubeflowUiLinks.experiment(
                value.target.uiUrl,
                value.target.experiment.id,
              )}
              target="_blank"
              rel="noopener noreferrer"
            >
              {value.target.experiment.name}
            </Link>{' '}
            on instance {value.target.instance}.
          </Typography>
        </Grid>
      )}
      {readable && (
        <>
          <Grid item xs={12}>
            <KubeflowRunsTable
              pipeline={pipeline}
              selectedRunId={selectedRunId}
              onSelectRun={run => selectRun(run.runId)}
              reloadKey={runsReload}
            />
          </Grid>
          {selectedRunId && (
            <Grid item xs={12}>
              <KubeflowRunDetails
                key={selectedRunId}
                runId={selectedRunId}
                onClose={() => selectRun(undefined)}
              />
            </Grid>
          )}
          <Grid item xs={12} lg={8}>
            <KubeflowRecurringRunsTable pipeline={pipeline} />
          </Grid>
          <Grid item xs={12} lg={4}>
            <KubeflowExperimentsCard />
          </Grid>
        </>
      )}
    </Grid>
  );
}

/** Points at the annotation when what it names does not exist (not when an instance is down). */
function NotFoundNote(props: { value: KubeflowPipelineResponse }) {
  const { errors, target } = props.value;
  if (errors.length === 0 || errors.some(e => e.status !== 404)) {
    return null;
  }
  return (
    <Grid item xs={12}>
      <Alert severity="info">
        {errors.map(e => e.message.replace(/\.$/, '')).join('; ')}. Check the{' '}
        <code>{ANNOTATION_KUBEFLOW_PIPELINE}</code> and{' '}
        <code>{ANNOTATION_KUBEFLOW_EXPERIMENT}</code> annotations of this entity
        {target ? ` (instance '${target.instance}')` : ''}.
      </Alert>
    </Grid>
  );
}
