import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
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
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ANNOTATION_KUBEFLOW_EXPERIMENT,
  ANNOTATION_KUBEFLOW_PIPELINE,
  isKubeflowAvailable,
  KubeflowEntityTarget,
  kubeflowUiLinks,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  errorMessage,
  InstanceErrorsPanel,
  RunStatusChip,
  RunStatusStrip,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { formatIso, runLabel, SYSTEM_TITLE } from '../format';

/**
 * Props of {@link KubeflowRunsCard}.
 *
 * @public
 */
export interface KubeflowRunsCardProps {
  /** How many of the latest runs the strip shows (1–100); default 14. */
  recentRuns?: number;
  /** The InfoCard variant, e.g. `gridItem` on an overview page. */
  variant?: InfoCardVariants;
}

const useStyles = makeStyles(theme => ({
  body: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  inline: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/**
 * The entity's latest Kubeflow runs for an overview page: the pipeline (or experiment) linked
 * into the KFP UI, the last run's state, and a strip of the latest runs, oldest left and newest
 * right, each square linking to its run.
 *
 * @public
 */
export function KubeflowRunsCard(props: KubeflowRunsCardProps) {
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
  return <RunsCard {...props} />;
}

function RunsCard(props: KubeflowRunsCardProps) {
  const { recentRuns = 14, variant } = props;
  const classes = useStyles();
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  const { value, loading, error } = useAsync(
    () => api.getRuns(entityRef, { pageSize: recentRuns }),
    [api, entityRef, recentRuns],
  );
  const items = value?.items ?? [];
  const last = items[0];

  return (
    <InfoCard
      title="Kubeflow runs"
      subheader={value?.target && `Instance ${value.target.instance}`}
      variant={variant}
    >
      <InstanceErrorsPanel systemTitle={SYSTEM_TITLE} errors={value?.errors} />
      {error && (
        <ResponseErrorPanel error={error} title={errorMessage(error)} />
      )}
      {loading && <Progress />}
      {value && (
        <div className={classes.body}>
          {value.target && <TargetLink target={value.target} />}
          {items.length === 0 && value.errors.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              No runs yet.
            </Typography>
          )}
          {last && (
            <div className={classes.inline}>
              <Typography variant="body2" color="textSecondary">
                Last run
              </Typography>
              <RunStatusChip status={last.state} />
              <Link href={last.url} target="_blank" rel="noopener noreferrer">
                {last.name}
              </Link>
              <Typography variant="body2" color="textSecondary">
                {formatIso(last.createdAt)}
              </Typography>
            </div>
          )}
          {items.length > 0 && (
            <>
              <Typography variant="caption" color="textSecondary">
                Last {items.length} runs, newest on the right
              </Typography>
              <RunStatusStrip
                title="Recent Kubeflow runs"
                items={[...items].reverse().map(run => ({
                  id: run.runId,
                  status: run.state,
                  label: runLabel(run),
                  href: run.url,
                }))}
              />
            </>
          )}
        </div>
      )}
    </InfoCard>
  );
}

/** The pipeline, else the experiment, the runs belong to, linked into the KFP UI. */
function TargetLink(props: { target: KubeflowEntityTarget }) {
  const { pipeline, experiment, uiUrl } = props.target;
  const named = pipeline ?? experiment;
  if (!named) {
    return null;
  }
  const href = pipeline
    ? kubeflowUiLinks.pipeline(uiUrl, pipeline.id)
    : kubeflowUiLinks.experiment(uiUrl, named.id);
  return (
    <Typography variant="body2">
      {pipeline ? 'Pipeline ' : 'Experiment '}
      <Link href={href} target="_blank" rel="noopener noreferrer">
        {named.name}
      </Link>
    </Typography>
  );
}
