import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Slider from '@material-ui/core/Slider';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  CanaryChange,
  ServingResponse,
} from '@mlops-portal/plugin-kserve-common';
import { errorMessage, useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { kserveApiRef } from '../../api/KserveBackendApi';
import {
  CanaryChangeKind,
  canaryRevisions,
  changedMessage,
  describeChange,
  percentProblem,
} from './canaryChange';

/** Props of {@link CanaryChangeDialog}. */
export interface CanaryChangeDialogProps {
  /** The serving state the change is decided on (its resourceVersion is the precondition). */
  serving: ServingResponse;
  /** Which change. */
  kind: CanaryChangeKind;
  onClose: () => void;
  /** Called with the backend's answer and the message to show. */
  onChanged: (serving: ServingResponse, message: string) => void;
  /** Called when the user asks to read the InferenceService again after a conflict. */
  onReload: () => void;
}

const TITLES: Record<CanaryChangeKind, string> = {
  promote: 'Promote the canary',
  rollback: 'Roll back the canary',
  set: 'Set the canary traffic',
};

const CONFIRM: Record<CanaryChangeKind, string> = {
  promote: 'Promote',
  rollback: 'Roll back',
  set: 'Set canary',
};

const useStyles = makeStyles((theme: Theme) => ({
  section: { marginTop: theme.spacing(2) },
  percent: { display: 'flex', alignItems: 'center', gap: theme.spacing(3) },
  field: { width: 140, flex: 'none' },
  revisions: {
    margin: theme.spacing(1, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

/** The change the dialog would send, or undefined while the typed share is not valid. */
function changeOf(
  kind: CanaryChangeKind,
  text: string,
): CanaryChange | undefined {
  if (kind !== 'set') {
    return { kind };
  }
  return percentProblem(text) === undefined
    ? { kind, percent: Number(text.trim()) }
    : undefined;
}

/**
 * Confirms a canary change, saying exactly what changes (`Canary traffic: 20 % → 100 %` and
 * each revision's share from → to) before anything is sent. For "set", a whole percentage from
 * 0 to 100, typed or slid, checked before sending. A 409 (the InferenceService changed since it
 * was read) offers to reload; any other failure is shown and the dialog stays open.
 */
export function CanaryChangeDialog(props: CanaryChangeDialogProps) {
  const { serving, kind, onClose, onChanged, onReload } = props;
  const is = serving.inferenceService;
  const classes = useStyles();
  const api = useApi(kserveApiRef);
  const entityRef = useEntityRef();
  const current = canaryRevisions(is).canaryPercent;
  const [text, setText] = useState(String(current));
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  const problem = kind === 'set' ? percentProblem(text) : undefined;
  const change = changeOf(kind, text);
  const description = change && describeChange(change, is);
  const conflict = ResponseError.is(error) && error.response.status === 409;

  const onConfirm = async () => {
    if (!change || !is.resourceVersion) {
      return;
    }
    setSubmitting(true);
    setError(undefined);
    try {
      const answer = await api.changeTraffic(entityRef, {
        change,
        resourceVersion: is.resourceVersion,
      });
      onChanged(answer, changedMessage(change, is));
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby="kserve-canary-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="kserve-canary-title">
        {TITLES[kind]} of {is.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Sets <code>spec.predictor.canaryTrafficPercent</code> of{' '}
          {is.namespace}/{is.name} on cluster {is.cluster}; KServe then moves
          the traffic. Nothing changes if the InferenceService changed after it
          was read (resourceVersion {is.resourceVersion}).
        </DialogContentText>
        {kind === 'set' && (
          <div className={classes.percent}>
            <TextField
              id="kserve-canary-percent"
              label="Canary traffic (%)"
              value={text}
              onChange={e => setText(e.target.value)}
              error={problem !== undefined}
              helperText={problem ?? ' '}
              inputProps={{ inputMode: 'numeric' }}
              className={classes.field}
              margin="dense"
              disabled={submitting}
            />
            <Slider
              aria-label="Canary traffic"
              value={problem === undefined ? Number(text.trim()) : current}
              onChange={(_event, value) => setText(String(value))}
              min={0}
              max={100}
              step={1}
              marks={[
                { value: 0, label: '0 %' },
                { value: 50, label: '50 %' },
                { value: 100, label: '100 %' },
              ]}
              valueLabelDisplay="auto"
              disabled={submitting}
            />
          </div>
        )}
        {description && (
          <div className={classes.section}>
            <Typography variant="h6" component="p">
              {description.headline}
            </Typography>
            <ul className={classes.revisions} aria-label="What changes">
              {description.revisions.map(line => (
                <li key={line}>
                  <Typography variant="body2">{line}</Typography>
                </li>
              ))}
            </ul>
            {description.unchanged && (
              <Typography variant="body2" color="textSecondary">
                The canary already gets this share.
              </Typography>
            )}
          </div>
        )}
        {error !== undefined && (
          <Alert
            severity={conflict ? 'warning' : 'error'}
            className={classes.section}
            action={
              conflict ? (
                <Button color="inherit" size="small" onClick={onReload}>
                  Reload
                </Button>
              ) : undefined
            }
          >
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
          disabled={
            !description || description.unchanged || conflict || submitting
          }
          startIcon={submitting ? <CircularProgress size={16} /> : undefined}
        >
          {CONFIRM[kind]}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
