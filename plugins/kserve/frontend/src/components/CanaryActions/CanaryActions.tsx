import { useState } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ServingResponse } from '@mlops-portal/plugin-kserve-common';
import { CanaryChangeDialog } from './CanaryChangeDialog';
import { canaryActionStates, CanaryChangeKind } from './canaryChange';

/** Props of {@link CanaryActions}. */
export interface CanaryActionsProps {
  serving: ServingResponse;
  /** Called with the backend's answer to a change and the message to show. */
  onChanged: (serving: ServingResponse, message: string) => void;
  /** Reads the InferenceService again (after a conflict). */
  onReload: () => void;
}

const LABELS: Record<CanaryChangeKind, string> = {
  promote: 'Promote',
  rollback: 'Roll back',
  set: 'Set canary',
};

const ORDER: CanaryChangeKind[] = ['promote', 'rollback', 'set'];

const useStyles = makeStyles((theme: Theme) => ({
  root: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

/**
 * Promote, Roll back and Set canary, each offered only when the backend says the user may
 * (`allowed`), disabled with the reason where the deployment mode has no canary or the change
 * would change nothing, and each behind a confirmation dialog; says whose owners may change the
 * traffic.
 */
export function CanaryActions(props: CanaryActionsProps) {
  const { serving, onChanged, onReload } = props;
  const classes = useStyles();
  const [open, setOpen] = useState<CanaryChangeKind>();
  const states = canaryActionStates(serving);
  const offered = ORDER.filter(kind => states[kind].offered);
  const unsupported = serving.inferenceService.canaryUnsupportedReason;

  return (
    <div className={classes.root}>
      {offered.length > 0 && unsupported && (
        <Alert severity="info">{unsupported}</Alert>
      )}
      {offered.length > 0 && (
        <div className={classes.buttons} role="group" aria-label="Canary">
          {offered.map(kind => {
            const reason = states[kind].disabledReason;
            const button = (
              <Button
                variant={kind === 'promote' ? 'contained' : 'outlined'}
                color="primary"
                disabled={reason !== undefined}
                onClick={() => setOpen(kind)}
              >
                {LABELS[kind]}
              </Button>
            );
            // a disabled button gets no pointer events: the tooltip needs a wrapper
            return reason ? (
              <Tooltip key={kind} title={reason}>
                <span>{button}</span>
              </Tooltip>
            ) : (
              <span key={kind}>{button}</span>
            );
          })}
        </div>
      )}
      <WriteAuthorityNote serving={serving} />
      {open && (
        <CanaryChangeDialog
          serving={serving}
          kind={open}
          onClose={() => setOpen(undefined)}
          onChanged={(answer, message) => {
            setOpen(undefined);
            onChanged(answer, message);
          }}
          onReload={() => {
            setOpen(undefined);
            onReload();
          }}
        />
      )}
    </div>
  );
}

/** Says whose owners may change the traffic, linking their entity. */
function WriteAuthorityNote(props: { serving: ServingResponse }) {
  const { authority, allowed } = props.serving;
  const mayChange = allowed.update || allowed.rollback;
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      {!mayChange &&
        'You may not change the traffic of this InferenceService. '}
      {authority.entityRef ? (
        <>
          The traffic is changed by the owners of{' '}
          <EntityRefLink entityRef={authority.entityRef} />.
        </>
      ) : (
        <Tooltip title={authority.reason ?? ''}>
          <span>
            Only admins may change the traffic: the catalog has no ingested
            entity for this InferenceService.
          </span>
        </Tooltip>
      )}
    </Typography>
  );
}
