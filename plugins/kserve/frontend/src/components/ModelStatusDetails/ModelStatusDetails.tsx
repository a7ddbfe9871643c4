import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ModelStatusSummary } from '@mlops-portal/plugin-kserve-common';
import {
  RunStatusCategory,
  RunStatusChip,
  UNKNOWN_VALUE,
} from '@mlops-portal/plugin-mlops-react';
import { formatIso } from '../format';

/** Props of {@link ModelStatusDetails}. */
export interface ModelStatusDetailsProps {
  /** `status.modelStatus`, as the backend read it. */
  modelStatus: ModelStatusSummary;
}

const useStyles = makeStyles((theme: Theme) => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    alignItems: 'center',
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  failure: { marginTop: theme.spacing(2) },
}));

// KServe's words for the model's transition and states (`status.modelStatus`)
const CATEGORIES: Record<string, RunStatusCategory> = {
  UpToDate: 'ok',
  InProgress: 'pending',
  BlockedByFailedLoad: 'error',
  InvalidSpec: 'error',
  Loaded: 'ok',
  Pending: 'pending',
  Standby: 'neutral',
  Loading: 'running',
  FailedToLoad: 'error',
};

function StateChip(props: { state: string | undefined }) {
  if (!props.state) {
    return <>{UNKNOWN_VALUE}</>;
  }
  return (
    <RunStatusChip
      status={props.state}
      label={props.state}
      category={CATEGORIES[props.state] ?? 'neutral'}
    />
  );
}

/**
 * The model's load state: transition status, active and target state, failed copies, and why
 * the last load failed (reason, message, where, exit code, revision, when).
 */
export function ModelStatusDetails(props: ModelStatusDetailsProps) {
  const { transitionStatus, activeModelState, targetModelState, copies } =
    props.modelStatus;
  const failure = props.modelStatus.lastFailureInfo;
  const classes = useStyles();
  return (
    <>
      <dl className={classes.facts} aria-label="Model status">
        <dt>Transition</dt>
        <dd>
          <StateChip state={transitionStatus} />
        </dd>
        <dt>Active state</dt>
        <dd>
          <StateChip state={activeModelState} />
        </dd>
        <dt>Target state</dt>
        <dd>
          <StateChip state={targetModelState || undefined} />
        </dd>
        {copies?.totalCopies !== undefined && (
          <>
            <dt>Copies</dt>
            <dd>
              {copies.failedCopies ?? 0} of {copies.totalCopies} failed
            </dd>
          </>
        )}
      </dl>
      {failure && (
        <Alert
          severity="error"
          className={classes.failure}
          aria-label="Last failure"
        >
          <Typography variant="subtitle2" component="p">
            Last failure{failure.reason && `: ${failure.reason}`}
          </Typography>
          {failure.message && (
            <Typography variant="body2">{failure.message}</Typography>
          )}
          <Typography variant="caption" component="p">
            {[
              failure.location && `in ${failure.location}`,
              failure.exitCode !== undefined && `exit code ${failure.exitCode}`,
              failure.modelRevisionName &&
                `revision ${failure.modelRevisionName}`,
              failure.time && formatIso(failure.time),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
        </Alert>
      )}
    </>
  );
}
