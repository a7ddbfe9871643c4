import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { AirflowRunView } from '@mlops-portal/plugin-airflow-common';
import { errorMessage, useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';

/** Props of {@link ClearRunDialog}. */
export interface ClearRunDialogProps {
  dagId: string;
  runId: string;
  /** Clear only the failed and upstream-failed task instances, or every one. */
  onlyFailed: boolean;
  onClose: () => void;
  onCleared: (run: AirflowRunView) => void;
}

/**
 * Confirms clearing a run (its failed tasks, or all of them), which makes Airflow run them again;
 * on failure it stays open with what the backend said.
 */
export function ClearRunDialog(props: ClearRunDialogProps) {
  const { dagId, runId, onlyFailed, onClose, onCleared } = props;
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  const onConfirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const { item } = await api.clearRun(entityRef, dagId, runId, {
        onlyFailed,
      });
      onCleared(item);
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  const what = onlyFailed ? 'Clear failed tasks' : 'Clear run';
  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby="airflow-clear-title"
      fullWidth
      maxWidth="xs"
    >
      <DialogTitle id="airflow-clear-title">{what}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {onlyFailed
            ? 'The failed and upstream-failed tasks of '
            : 'Every task of '}
          <code>{runId}</code> will run again
          {onlyFailed ? '; tasks that succeeded keep their result.' : '.'}
        </DialogContentText>
        {error !== undefined && (
          <Alert severity="error">{errorMessage(error)}</Alert>
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
          disabled={submitting}
          startIcon={submitting ? <CircularProgress size={16} /> : undefined}
        >
          {what}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
