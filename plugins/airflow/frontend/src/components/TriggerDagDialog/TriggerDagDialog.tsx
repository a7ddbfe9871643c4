import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  AirflowDagView,
  AirflowRunView,
  AirflowTriggerRequest,
} from '@mlops-portal/plugin-airflow-common';
import { errorMessage, useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import { localDateTimeToIso, parseConf } from './conf';

/** Props of {@link TriggerDagDialog}. */
export interface TriggerDagDialogProps {
  dag: AirflowDagView;
  onClose: () => void;
  onTriggered: (run: AirflowRunView) => void;
}

const useStyles = makeStyles({
  code: { fontFamily: 'monospace', fontSize: '0.875rem' },
});

/**
 * Triggers a run of a DAG with an optional `conf` (a JSON object, checked before anything is
 * sent), logical date and note. Rendered only while open, so every opening starts empty; on
 * failure it stays open with what the backend said.
 */
export function TriggerDagDialog(props: TriggerDagDialogProps) {
  const { dag, onClose, onTriggered } = props;
  const classes = useStyles();
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const [confText, setConfText] = useState('');
  const [logicalDate, setLogicalDate] = useState('');
  const [note, setNote] = useState('');
  // Problems show once the user tries to send, not while they are still typing the JSON.
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  const conf = parseConf(confText);
  const date = localDateTimeToIso(logicalDate);
  const confProblem = attempted && !conf.ok ? conf.problem : undefined;
  const dateProblem =
    attempted && date === null ? 'Not a date and time' : undefined;

  const onConfirm = async () => {
    setAttempted(true);
    if (!conf.ok || date === null) {
      return;
    }
    const request: AirflowTriggerRequest = {
      ...(conf.conf && { conf: conf.conf }),
      ...(date && { logicalDate: date }),
      ...(note.trim() && { note: note.trim() }),
    };
    setSubmitting(true);
    setError(undefined);
    try {
      const { item } = await api.triggerRun(entityRef, dag.dagId, request);
      onTriggered(item);
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby="airflow-trigger-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="airflow-trigger-title">
        Trigger {dag.displayName}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Starts a run of <code>{dag.dagId}</code> now
          {dag.isPaused &&
            '. The DAG is paused: the run is queued but starts only once it is unpaused'}
          .
        </DialogContentText>
        <TextField
          id="airflow-trigger-conf"
          label="Conf (JSON object)"
          placeholder={'{\n  "epochs": 10\n}'}
          value={confText}
          onChange={e => setConfText(e.target.value)}
          error={Boolean(confProblem)}
          helperText={
            confProblem ??
            'Passed to the run as dag_run.conf; leave empty for none'
          }
          FormHelperTextProps={{ role: confProblem ? 'alert' : undefined }}
          InputProps={{ classes: { input: classes.code } }}
          multiline
          minRows={5}
          fullWidth
          margin="dense"
          variant="outlined"
          disabled={submitting}
        />
        <TextField
          id="airflow-trigger-logical-date"
          label="Logical date"
          type="datetime-local"
          value={logicalDate}
          onChange={e => setLogicalDate(e.target.value)}
          error={Boolean(dateProblem)}
          helperText={
            dateProblem ?? 'Your time zone; leave empty to let Airflow choose'
          }
          InputLabelProps={{ shrink: true }}
          fullWidth
          margin="dense"
          disabled={submitting}
        />
        <TextField
          id="airflow-trigger-note"
          label="Note"
          value={note}
          onChange={e => setNote(e.target.value)}
          helperText="Shown on the run in Airflow, with your name"
          fullWidth
          margin="dense"
          disabled={submitting}
        />
        {error !== undefined && (
          <Alert severity="error" style={{ marginTop: 16 }}>
            {errorMessage(error)}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={onConfirm}
          disabled={submitting || Boolean(confProblem) || Boolean(dateProblem)}
          startIcon={submitting ? <CircularProgress size={16} /> : undefined}
        >
          Trigger
        </Button>
      </DialogActions>
    </Dialog>
  );
}
