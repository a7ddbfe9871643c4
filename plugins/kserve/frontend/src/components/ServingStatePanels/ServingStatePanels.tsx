import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Refresh from '@material-ui/icons/Refresh';
import {
  ANNOTATION_KSERVE_CLUSTER,
  ANNOTATION_KSERVE_INFERENCE_SERVICE,
} from '@mlops-portal/plugin-kserve-common';
import {
  errorMessage,
  InstanceErrorsPanel,
} from '@mlops-portal/plugin-mlops-react';
import { EntityServing } from '../../hooks/useEntityServing';
import { useClusterUiUrl } from '../../hooks/useClusterUiUrl';

/**
 * Everything the Serving tab and card show instead of (or before) the InferenceService: the
 * first load, the backend's 404 as an empty state pointing at the annotations, the cluster's
 * failure (which cluster and why, with its dashboard), and any other error.
 */
export function ServingStatePanels(props: { state: EntityServing }) {
  const { serving, clusterError, notFound, error, loading } = props.state;
  const clusterUiUrl = useClusterUiUrl(clusterError?.instance);
  return (
    <>
      {loading && !serving && <Progress />}
      {notFound && (
        <EmptyState
          missing="data"
          title="No InferenceService to show"
          description={
            <>
              {errorMessage(notFound)} Check the{' '}
              <code>{ANNOTATION_KSERVE_INFERENCE_SERVICE}</code> (
              <code>namespace/name</code>) and{' '}
              <code>{ANNOTATION_KSERVE_CLUSTER}</code> annotations of this
              entity.
            </>
          }
        />
      )}
      {clusterError && (
        <>
          <InstanceErrorsPanel
            errors={[clusterError]}
            title={`KServe cluster '${clusterError.instance}' could not be read`}
          />
          {clusterUiUrl && (
            <Typography variant="body2" component="p">
              <Button
                href={clusterUiUrl}
                target="_blank"
                rel="noopener noreferrer"
                color="primary"
              >
                Open the dashboard of {clusterError.instance}
              </Button>
            </Typography>
          )}
        </>
      )}
      {error && (
        <ResponseErrorPanel error={error} title={errorMessage(error)} />
      )}
    </>
  );
}

/** `KServe on dev-cluster`, once known. */
export function servingSubheader(state: EntityServing): string | undefined {
  const cluster =
    state.serving?.inferenceService.cluster ?? state.clusterError?.instance;
  return cluster ? `KServe on ${cluster}` : undefined;
}

/** Reads the InferenceService again: KServe moves traffic after a change, not at once. */
export function ReloadButton(props: { state: EntityServing }) {
  const { loading, reload } = props.state;
  return (
    <Tooltip title="Read the InferenceService again">
      <span>
        <IconButton
          aria-label="Reload the InferenceService"
          onClick={reload}
          disabled={loading}
        >
          <Refresh />
        </IconButton>
      </span>
    </Tooltip>
  );
}
