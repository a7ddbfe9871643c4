import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  KubeflowCreateRunRequest,
  KubeflowPipelineView,
  KubeflowRunView,
} from '@mlops-portal/plugin-kubeflow-common';
import { errorMessage, useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { ParameterField } from './ParameterField';
import { FieldValue, initialValues, readParameterForm } from './parameterForm';

/** Props of {@link KubeflowStartRunDialog}. */
export interface KubeflowStartRunDialogProps {
  /** The entity's pipeline, with its versions and their declared parameters. */
  pipeline: KubeflowPipelineView;
  /** The version to start with; the newest when absent. */
  pipelineVersionId?: string;
  onClose: () => void;
  /** Called with the run the backend created. */
  onCreated: (run: KubeflowRunView) => void;
}

const useStyles = makeStyles(theme => ({
  problems: { marginTop: theme.spacing(2), whiteSpace: 'pre-wrap' },
  section: { marginTop: theme.spacing(2) },
}));

/**
 * Starts a run of a pipeline version with a field per declared parameter — typed by its KFP
 * type, required ones marked, defaults filled in — and checks every value before anything is
 * sent. Rendered only while open, so every opening starts from the defaults; on failure it stays
 * open with what the backend said.
 */
export function KubeflowStartRunDialog(props: KubeflowStartRunDialogProps) {
  const { pipeline, onClose, onCreated } = props;
  const classes = useStyles();
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  const [versionId, setVersionId] = useState(
    props.pipelineVersionId ?? pipeline.versions[0]?.pipelineVersionId,
  );
  const version = pipeline.versions.find(
    v => v.pipelineVersionId === versionId,
  );
  const specs = version?.parameters ?? [];
  const [values, setValues] = useState<Record<string, FieldValue>>(() =>
    initialValues(specs),
  );
  const [name, setName] = useState('');
  // Problems show once the user tries to start the run, not while they are still typing.
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  const form = readParameterForm(specs, values);
  const invalid =
    Object.keys(form.fieldProblems).length > 0 || form.problems.length > 0;

  const onChooseVersion = (id: string) => {
    const next = pipeline.versions.find(v => v.pipelineVersionId === id);
    setVersionId(id);
    // another version declares other parameters: start again from its defaults
    setValues(initialValues(next?.parameters ?? []));
    setAttempted(false);
    setError(undefined);
  };

  const onConfirm = async () => {
    setAttempted(true);
    if (invalid || !version) {
      return;
    }
    const request: KubeflowCreateRunRequest = {
      pipelineVersionId: version.pipelineVersionId,
      ...(name.trim() && { name: name.trim() }),
      ...(Object.keys(form.parameters).length > 0 && {
        parameters: form.parameters,
      }),
    };
    setSubmitting(true);
    setError(undefined);
    try {
      onCreated(await api.createRun(entityRef, request));
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby="kubeflow-start-run-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="kubeflow-start-run-title">
        Start a run of {pipeline.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Starts a run on Kubeflow Pipelines now, in the entity's experiment (or
          the instance's default one).
        </DialogContentText>
        <TextField
          select
          id="kubeflow-start-run-version"
          label="Pipeline version"
          value={versionId ?? ''}
          onChange={e => onChooseVersion(e.target.value)}
          fullWidth
          margin="dense"
          disabled={submitting}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Pipeline version' },
          }}
        >
          {pipeline.versions.map((v, index) => (
            <MenuItem key={v.pipelineVersionId} value={v.pipelineVersionId}>
              {index === 0 ? `${v.name} (newest)` : v.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="kubeflow-start-run-name"
          label="Run name"
          value={name}
          onChange={e => setName(e.target.value)}
          helperText="Leave empty for a dated name"
          fullWidth
          margin="dense"
          disabled={submitting}
        />
        <Typography variant="subtitle2" className={classes.section}>
          Parameters
        </Typography>
        {specs.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            This version declares no parameters.
          </Typography>
        )}
        {specs.map(spec => (
          <ParameterField
            key={`${versionId}:${spec.name}`}
            spec={spec}
            value={values[spec.name]}
            onChange={value =>
              setValues(current => ({ ...current, [spec.name]: value }))
            }
            problem={attempted ? form.fieldProblems[spec.name] : undefined}
            disabled={submitting}
          />
        ))}
        {attempted && form.problems.length > 0 && (
          <Alert severity="error" className={classes.problems}>
            {form.problems.join('\n')}
          </Alert>
        )}
        {error !== undefined && (
          <Alert severity="error" className={classes.problems}>
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
          disabled={submitting || !version || (attempted && invalid)}
          startIcon={submitting ? <CircularProgress size={16} /> : undefined}
        >
          Start run
        </Button>
      </DialogActions>
    </Dialog>
  );
}
