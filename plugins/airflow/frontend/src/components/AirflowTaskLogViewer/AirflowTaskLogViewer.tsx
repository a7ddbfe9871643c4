import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import Alert from '@material-ui/lab/Alert';
import {
  InstanceErrorsPanel,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';

/**
 * Props of {@link AirflowTaskLogViewer}.
 *
 * @public
 */
export interface AirflowTaskLogViewerProps {
  /** The DAG, one of the entity's `airflow.apache.org/dag-id`. */
  dagId: string;
  /** The DAG run. */
  runId: string;
  /** The task. */
  taskId: string;
  /** The map index of a mapped task; -1 (the default) for an unmapped one. */
  mapIndex?: number;
  /** The task's latest try: the selector offers 1 to this. */
  tryNumber: number;
  /** The try shown first; default the latest. */
  initialTry?: number;
}

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  spacer: { flex: 1 },
  link: { display: 'inline-flex', alignItems: 'center', gap: 4 },
  log: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    lineHeight: 1.45,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: '60vh',
    overflow: 'auto',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/**
 * The log of one try of a task instance, in monospace, with a try selector, a notice when the
 * backend cut its beginning and a link to the full log in Airflow.
 *
 * @public
 */
export function AirflowTaskLogViewer(props: AirflowTaskLogViewerProps) {
  const { dagId, runId, taskId, mapIndex = -1 } = props;
  const classes = useStyles();
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const latest = Math.max(1, props.tryNumber);
  const [tryNumber, setTryNumber] = useState(
    Math.min(Math.max(1, props.initialTry ?? latest), latest),
  );

  const { value, loading, error } = useAsync(
    () =>
      api.getTaskLog(entityRef, dagId, runId, { taskId, tryNumber, mapIndex }),
    [api, entityRef, dagId, runId, taskId, tryNumber, mapIndex],
  );

  return (
    <div>
      <div className={classes.toolbar}>
        <TextField
          select
          size="small"
          label="Try"
          value={tryNumber}
          onChange={e => setTryNumber(Number(e.target.value))}
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Try' } }}
        >
          {Array.from({ length: latest }, (_, i) => i + 1).map(n => (
            <MenuItem key={n} value={n}>
              {n === latest ? `${n} (latest)` : n}
            </MenuItem>
          ))}
        </TextField>
        <span className={classes.spacer} />
        {value?.url && (
          <Link
            href={value.url}
            target="_blank"
            rel="noopener noreferrer"
            className={classes.link}
          >
            Open the log in Airflow <OpenInNew fontSize="small" />
          </Link>
        )}
      </div>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {!loading && value && (
        <>
          <InstanceErrorsPanel systemTitle="Airflow" errors={value.errors} />
          {value.truncated && (
            <Alert severity="info" style={{ marginBottom: 8 }}>
              The beginning of this log was cut to keep the page fast; the full
              log is in Airflow.
            </Alert>
          )}
          {value.content !== undefined &&
            (value.content === '' ? (
              <Typography color="textSecondary">
                Try {tryNumber} wrote no log.
              </Typography>
            ) : (
              <pre
                className={classes.log}
                aria-label={`Log of ${taskId}, try ${tryNumber}`}
              >
                {value.content}
              </pre>
            ))}
        </>
      )}
    </div>
  );
}
