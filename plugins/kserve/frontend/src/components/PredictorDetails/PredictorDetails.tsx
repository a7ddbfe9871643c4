import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { PredictorSummary } from '@mlops-portal/plugin-kserve-common';
import { UNKNOWN_VALUE } from '@mlops-portal/plugin-mlops-react';
import { formatPercent } from '../format';
import { ModelLink } from './ModelLink';
import { parseModelsUri } from './modelsUri';

/** Props of {@link PredictorDetails}. */
export interface PredictorDetailsProps {
  /** The predictor, as the backend read it. */
  predictor: PredictorSummary;
}

const useStyles = makeStyles((theme: Theme) => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

const PROTOCOLS: Record<string, string> = {
  v1: 'v1 (KServe V1 protocol)',
  v2: 'v2 (Open Inference Protocol, REST)',
  'grpc-v2': 'grpc-v2 (Open Inference Protocol, gRPC)',
};

function replicas(p: PredictorSummary): string {
  const { minReplicas: min, maxReplicas: max } = p;
  if (min !== undefined && max !== undefined) {
    return min === max ? `${min}` : `${min} to ${max}`;
  }
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return 'KServe default';
}

/**
 * What the predictor serves and how: model format and version, runtime, protocol, where the
 * model is loaded from (a `models:/` URI linked to the MLflow model's entity when the catalog
 * has it), replicas and the canary share the spec asks for.
 */
export function PredictorDetails(props: PredictorDetailsProps) {
  const { predictor } = props;
  const classes = useStyles();
  const model = parseModelsUri(predictor.storageUri);
  const format = [predictor.modelFormat, predictor.modelFormatVersion]
    .filter(Boolean)
    .join(' ');
  return (
    <dl className={classes.facts} aria-label="Predictor">
      <dt>Model format</dt>
      <dd>{format || UNKNOWN_VALUE}</dd>
      <dt>Runtime</dt>
      <dd>{predictor.runtime ?? 'chosen by KServe'}</dd>
      <dt>Protocol</dt>
      <dd>
        {PROTOCOLS[predictor.protocolVersion] ?? predictor.protocolVersion}
      </dd>
      <dt>Storage URI</dt>
      <dd>
        {predictor.storageUri ? (
          <>
            <code>{predictor.storageUri}</code>
            {model && <ModelLink model={model} />}
          </>
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            none (the model is in the container)
          </Typography>
        )}
      </dd>
      <dt>Replicas</dt>
      <dd>{replicas(predictor)}</dd>
      {predictor.canaryTrafficPercent !== undefined && (
        <>
          <dt>Canary traffic (spec)</dt>
          <dd>{formatPercent(predictor.canaryTrafficPercent)}</dd>
        </>
      )}
    </dl>
  );
}
