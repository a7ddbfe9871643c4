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
import Alert from '@material-ui/lab/Alert';
import { MlflowModelView } from '@mlops-portal/plugin-mlflow-common';
import { errorMessage, useEntityRef } from '@mlops-portal/plugin-mlops-react';
import { mlflowApiRef } from '../../api/MlflowBackendApi';

/** The alias a promotion moves unless the user picks another. */
export const DEFAULT_PROMOTE_ALIAS = 'champion';
/** The alias whose version is offered for promotion first. */
export const CANDIDATE_ALIAS = 'challenger';

/** A completed alias move. */
export interface AliasChange {
  alias: string;
  /** The version the alias pointed at before, if any. */
  from?: string;
  to: string;
}

/** Props of {@link PromoteAliasDialog}. */
export interface PromoteAliasDialogProps {
  model: MlflowModelView;
  onClose: () => void;
  onPromoted: (model: MlflowModelView, change: AliasChange) => void;
}

/**
 * Why an alias name cannot be used, following MLflow's rules (letters, digits, `_`, `-`; not
 * `latest`, not `v<number>`, which MLflow reserves for versions), or undefined.
 */
export function aliasProblem(alias: string): string | undefined {
  if (!alias) {
    return 'An alias is required';
  }
  if (!/^[A-Za-z0-9_-]+$/.test(alias)) {
    return 'Only letters, digits, _ and - are allowed';
  }
  if (alias.length > 255) {
    return 'At most 255 characters';
  }
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) {
    return `'${alias}' is reserved by MLflow`;
  }
  return undefined;
}

/**
 * Confirms moving an alias (by default `champion`) to a version (by default the one the
 * `challenger` alias points at), showing the move as `champion: v4 → v5`. Rendered only while
 * open, so every opening starts from the defaults.
 */
export function PromoteAliasDialog(props: PromoteAliasDialogProps) {
  const { model, onClose, onPromoted } = props;
  const api = useApi(mlflowApiRef);
  const entityRef = useEntityRef();
  const [alias, setAlias] = useState(DEFAULT_PROMOTE_ALIAS);
  const [version, setVersion] = useState(
    model.aliases[CANDIDATE_ALIAS] ?? model.versions[0]?.version ?? '',
  );
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();

  const trimmedAlias = alias.trim();
  const problem = aliasProblem(trimmedAlias);
  const current = model.aliases[trimmedAlias];
  const unchanged = current !== undefined && current === version;

  const onConfirm = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const { item } = await api.setAlias(entityRef, {
        alias: trimmedAlias,
        version,
      });
      onPromoted(item, { alias: trimmedAlias, from: current, to: version });
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby="mlflow-promote-title"
      fullWidth
      maxWidth="xs"
    >
      <DialogTitle id="mlflow-promote-title">
        Promote a version of {model.name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Points the alias at another version. Whatever loads the model by this
          alias gets the new version from then on.
        </DialogContentText>
        <TextField
          id="mlflow-promote-alias"
          label="Alias"
          value={alias}
          onChange={e => setAlias(e.target.value)}
          error={Boolean(problem)}
          helperText={problem ?? ' '}
          fullWidth
          margin="dense"
          disabled={submitting}
        />
        <TextField
          select
          label="Version"
          value={version}
          onChange={e => setVersion(e.target.value)}
          fullWidth
          margin="dense"
          disabled={submitting}
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Version' } }}
        >
          {model.versions.map(v => (
            <MenuItem key={v.version} value={v.version}>
              {versionLabel(v.version, v.aliases, v.stage)}
            </MenuItem>
          ))}
        </TextField>
        <Typography
          variant="h6"
          component="p"
          data-testid="promote-summary"
          style={{ marginTop: 16 }}
        >
          {trimmedAlias || '…'}: {current ? `v${current}` : 'none'} → v{version}
        </Typography>
        {unchanged && (
          <Typography variant="body2" color="textSecondary">
            The alias already points at this version.
          </Typography>
        )}
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
          disabled={Boolean(problem) || !version || unchanged || submitting}
          startIcon={submitting ? <CircularProgress size={16} /> : undefined}
        >
          Promote
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function versionLabel(
  version: string,
  aliases: string[],
  stage: string | undefined,
): string {
  const notes = [...aliases, ...(stage && stage !== 'None' ? [stage] : [])];
  return notes.length ? `v${version} (${notes.join(', ')})` : `v${version}`;
}
