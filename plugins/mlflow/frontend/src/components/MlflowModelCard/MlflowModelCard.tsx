import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  InfoCardVariants,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import {
  mlflowModelAliasSetPermission,
  mlflowUiLinks,
  MlflowModelView,
  MlflowWriteAuthority,
} from '@mlops-portal/plugin-mlflow-common';
import { mlopsUnmanagedObjectWritePermission } from '@mlops-portal/plugin-mlops-common';
import {
  formatTimestamp,
  InstanceErrorsPanel,
  RunStatusChip,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import { PromoteAliasDialog } from './PromoteAliasDialog';

/**
 * Props of {@link MlflowModelCard}.
 *
 * @public
 */
export interface MlflowModelCardProps {
  /** Versions listed before "Show all"; default 10. */
  maxVersions?: number;
  /** The InfoCard variant, e.g. `gridItem` on an overview page. */
  variant?: InfoCardVariants;
}

const useStyles = makeStyles(theme => ({
  section: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  label: { minWidth: 64 },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  nowrap: { whiteSpace: 'nowrap' },
}));

/**
 * The registered model the entity annotates (`mlflow.org/registered-model`): its aliases,
 * tags and versions (stage on MLflow 2.x, status, aliases, tags, source run, creation time),
 * and — for users the permission policy allows — a promote action that moves an alias.
 *
 * @public
 */
export function MlflowModelCard(props: MlflowModelCardProps) {
  const { maxVersions = 10, variant } = props;
  const classes = useStyles();
  const api = useApi(mlflowApiRef);
  const entityRef = useEntityRef();

  const { value, loading, error } = useAsync(
    () => api.getModel(entityRef),
    [api, entityRef],
  );
  const canPromote = useCanWrite(value?.authority);
  // A write answers with the model as it is afterwards; showing that rather than reading
  // again avoids a read served from the backend's short-lived cache, from before the write.
  const [written, setWritten] = useState<{
    over: typeof value;
    model: MlflowModelView;
  }>();
  const model = written && written.over === value ? written.model : value?.item;
  const [promoting, setPromoting] = useState(false);
  const [showAll, setShowAll] = useState(false);

  const onPromoted = (updated: MlflowModelView) => {
    setWritten({ over: value, model: updated });
    setPromoting(false);
  };

  const uiUrl = value?.target?.uiUrl;
  const allVersions = model?.versions ?? [];
  const versions = showAll ? allVersions : allVersions.slice(0, maxVersions);
  const aliases = model
    ? Object.entries(model.aliases).sort(([a], [b]) => a.localeCompare(b))
    : [];

  return (
    <InfoCard
      title={model ? `Model ${model.name}` : 'Registered model'}
      subheader={model?.description}
      variant={variant}
      action={
        model && (
          <Box display="flex" alignItems="center">
            {canPromote && model.versions.length > 0 && (
              <Button
                variant="outlined"
                color="primary"
                onClick={() => setPromoting(true)}
              >
                Promote
              </Button>
            )}
            <Tooltip title="Open the model in MLflow">
              <IconButton
                href={model.url}
                target="_blank"
                rel="noopener noreferrer"
                aria-label="Open the model in MLflow"
              >
                <OpenInNew />
              </IconButton>
            </Tooltip>
          </Box>
        )
      }
    >
      <InstanceErrorsPanel systemTitle="MLflow" errors={value?.errors} />
      {error && <ResponseErrorPanel error={error} />}
      {loading && <Progress />}
      {model && (
        <>
          <div className={classes.section} aria-label="Aliases">
            <Typography variant="subtitle2" className={classes.label}>
              Aliases
            </Typography>
            {aliases.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                No aliases
              </Typography>
            )}
            {aliases.map(([alias, version]) => (
              <Chip
                key={alias}
                size="small"
                color="primary"
                label={`${alias} → v${version}`}
              />
            ))}
          </div>
          {Object.keys(model.tags).length > 0 && (
            <div className={classes.section} aria-label="Tags">
              <Typography variant="subtitle2" className={classes.label}>
                Tags
              </Typography>
              <TagChips tags={model.tags} />
            </div>
          )}
          <TableContainer>
            <Table size="small" aria-label="Model versions">
              <TableHead>
                <TableRow>
                  <TableCell>Version</TableCell>
                  {model.stagesSupported && <TableCell>Stage</TableCell>}
                  <TableCell>Status</TableCell>
                  <TableCell>Aliases</TableCell>
                  <TableCell>Tags</TableCell>
                  <TableCell>Source run</TableCell>
                  <TableCell>Created</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {versions.map(v => (
                  <TableRow key={v.version}>
                    <TableCell>
                      {uiUrl ? (
                        <Link
                          href={mlflowUiLinks.modelVersion(
                            uiUrl,
                            model.name,
                            v.version,
                          )}
                          target="_blank"
                          rel="noopener noreferrer"
                        >
                          v{v.version}
                        </Link>
                      ) : (
                        `v${v.version}`
                      )}
                    </TableCell>
                    {model.stagesSupported && (
                      <TableCell>{v.stage ?? 'None'}</TableCell>
                    )}
                    <TableCell>
                      <span title={v.statusMessage}>
                        <RunStatusChip status={v.status} />
                      </span>
                    </TableCell>
                    <TableCell>
                      <div className={classes.chips}>
                        {v.aliases.map(alias => (
                          <Chip
                            key={alias}
                            size="small"
                            variant="outlined"
                            color="primary"
                            label={alias}
                          />
                        ))}
                      </div>
                    </TableCell>
                    <TableCell>
                      <TagChips tags={v.tags} />
                    </TableCell>
                    <TableCell>
                      {v.runUrl ? (
                        <Link
                          href={v.runUrl}
                          target="_blank"
                          rel="noopener noreferrer"
                          title={v.runId}
                        >
                          {shortId(v.runId ?? 'run')}
                        </Link>
                      ) : (
                        shortId(v.runId) ?? '–'
                      )}
                    </TableCell>
                    <TableCell className={classes.nowrap}>
                      {formatTimestamp(v.createdAt)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <WriteAuthorityNote authority={value?.authority} />
          {model.versions.length === 0 && (
            <Typography color="textSecondary">
              No versions registered yet.
            </Typography>
          )}
          {model.versions.length > maxVersions && (
            <Button size="small" onClick={() => setShowAll(all => !all)}>
              {showAll
                ? `Show the newest ${maxVersions} versions`
                : `Show all ${model.versions.length} versions`}
            </Button>
          )}
        </>
      )}
      {promoting && model && (
        <PromoteAliasDialog
          model={model}
          onClose={() => setPromoting(false)}
          onPromoted={onPromoted}
        />
      )}
    </InfoCard>
  );
}

function TagChips(props: { tags: Record<string, string> }) {
  const classes = useStyles();
  return (
    <div className={classes.chips}>
      {Object.entries(props.tags).map(([key, value]) => (
        <Chip
          key={key}
          size="small"
          variant="outlined"
          label={value ? `${key}: ${value}` : key}
        />
      ))}
    </div>
  );
}

/** MLflow run ids are 32 hex digits; the first 8 identify a run on a page. */
function shortId(id: string | undefined): string | undefined {
  return id && id.length > 12 ? id.slice(0, 8) : id;
}

/**
 * Whether the user may change the model: the backend checks the permission against the entity the
 * MLflow provider ingested for the model (not the entity this card is on), or — without one —
 * allows admins only; the card asks the same question.
 */
function useCanWrite(authority: MlflowWriteAuthority | undefined): boolean {
  const owner = usePermission({
    permission: mlflowModelAliasSetPermission,
    resourceRef: authority?.entityRef,
  });
  const admin = usePermission({
    permission: mlopsUnmanagedObjectWritePermission,
  });
  if (!authority) {
    return false;
  }
  return authority.entityRef ? owner.allowed : admin.allowed;
}

/** Says whose owners may change the model, linking their entity. */
function WriteAuthorityNote(props: { authority?: MlflowWriteAuthority }) {
  const { authority } = props;
  if (!authority) {
    return null;
  }
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      {authority.entityRef ? (
        <>
          Changed by the owners of{' '}
          <EntityRefLink entityRef={authority.entityRef} />
        </>
      ) : (
        <Tooltip title={authority.reason ?? ''}>
          <span>
            Only admins may change it: the catalog has no ingested entity for
            this model
          </span>
        </Tooltip>
      )}
    </Typography>
  );
}
