import { useState } from 'react';
import { CopyTextButton } from '@backstage/core-components';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ServingResponse } from '@mlops-portal/plugin-kserve-common';
import { CanaryActions } from '../CanaryActions/CanaryActions';
import { isFailingCondition } from '../format';
import { ServingVerdictChip } from '../ServingVerdictChip/ServingVerdictChip';
import { TrafficSplitBar } from '../TrafficSplitBar/TrafficSplitBar';

/** Props of {@link ServingOverview}. */
export interface ServingOverviewProps {
  serving: ServingResponse;
  /** The cluster's dashboard, linked from its name. */
  clusterUiUrl?: string;
  /** Lists the False conditions with their messages (the card; the tab has the full table). */
  showFailingConditions?: boolean;
  /** Shows what a change answered. */
  onChanged: (serving: ServingResponse) => void;
  /** Reads the InferenceService again. */
  onReload: () => void;
}

const useStyles = makeStyles((theme: Theme) => ({
  root: { display: 'flex', flexDirection: 'column', gap: theme.spacing(2) },
  verdict: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    alignItems: 'center',
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': {
      margin: 0,
      overflowWrap: 'anywhere',
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
    },
  },
  failing: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

/**
 * The head of the Serving tab and the body of the card: the verdict with its summary and cause,
 * where the InferenceService runs and how, its URL and internal address with copy buttons, the
 * traffic split, and the canary actions with the message of the last change.
 */
export function ServingOverview(props: ServingOverviewProps) {
  const { serving, clusterUiUrl, showFailingConditions, onChanged, onReload } =
    props;
  const is = serving.inferenceService;
  const classes = useStyles();
  const [message, setMessage] = useState<string>();
  const failing = is.conditions.filter(isFailingCondition);

  return (
    <section
      className={classes.root}
      aria-label={`InferenceService ${is.namespace}/${is.name}`}
    >
      <div className={classes.verdict}>
        <ServingVerdictChip verdict={is.verdict} />
        <Typography variant="body2" component="span">
          {is.verdict.summary}
        </Typography>
      </div>
      {is.verdict.cause && (
        <Typography variant="caption" color="textSecondary" component="p">
          Because of {is.verdict.cause}
        </Typography>
      )}
      {showFailingConditions && failing.length > 0 && (
        <ul className={classes.failing} aria-label="Failing conditions">
          {failing.map(c => (
            <li key={c.type}>
              <Typography variant="body2">
                <strong>{c.type}</strong>
                {c.reason && ` (${c.reason})`}
                {c.message && `: ${c.message}`}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      <dl className={classes.facts} aria-label="Where it runs">
        <dt>Cluster</dt>
        <dd>
          {clusterUiUrl ? (
            <Link href={clusterUiUrl} target="_blank" rel="noopener noreferrer">
              {is.cluster}
            </Link>
          ) : (
            is.cluster
          )}
        </dd>
        <dt>InferenceService</dt>
        <dd>
          {is.namespace}/{is.name}
        </dd>
        <dt>Deployment mode</dt>
        <dd>{is.deploymentMode}</dd>
        <dt>URL</dt>
        <dd>
          {is.url ? (
            <>
              <Link href={is.url} target="_blank" rel="noopener noreferrer">
                {is.url}
              </Link>
              <CopyTextButton text={is.url} aria-label="Copy the URL" />
            </>
          ) : (
            'not assigned yet'
          )}
        </dd>
        {is.address && (
          <>
            <dt>Internal address</dt>
            <dd>
              <code>{is.address}</code>
              <CopyTextButton
                text={is.address}
                aria-label="Copy the internal address"
              />
            </dd>
          </>
        )}
      </dl>
      <div>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Traffic
        </Typography>
        <TrafficSplitBar traffic={is.traffic} predictor={is.predictor} />
      </div>
      {message && (
        <Alert severity="success" onClose={() => setMessage(undefined)}>
          {message}
        </Alert>
      )}
      <CanaryActions
        serving={serving}
        onChanged={(answer, text) => {
          setMessage(text);
          onChanged(answer);
        }}
        onReload={() => {
          setMessage(undefined);
          onReload();
        }}
      />
    </section>
  );
}
