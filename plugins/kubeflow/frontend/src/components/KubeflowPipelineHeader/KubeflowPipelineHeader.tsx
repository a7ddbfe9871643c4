import { useState } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import OpenInNew from '@material-ui/icons/OpenInNew';
import PlayArrow from '@material-ui/icons/PlayArrow';
import Alert from '@material-ui/lab/Alert';
import {
  KubeflowPipelineView,
  KubeflowRunView,
  KubeflowWriteAuthority,
} from '@mlops-portal/plugin-kubeflow-common';
import { useKubeflowWriteAccess } from '../../hooks/useKubeflowWriteAccess';
import { formatIso } from '../format';
import { KubeflowStartRunDialog } from '../KubeflowStartRunDialog/KubeflowStartRunDialog';

/** Props of {@link KubeflowPipelineHeader}. */
export interface KubeflowPipelineHeaderProps {
  pipeline: KubeflowPipelineView;
  /** The version picked; the newest when absent. */
  selectedVersionId?: string;
  onSelectVersion: (pipelineVersionId: string) => void;
  /** Called with the run the start-run dialog created. */
  onRunCreated?: (run: KubeflowRunView) => void;
}

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  title: { flex: 1, minWidth: 0, overflowWrap: 'anywhere' },
  picker: { minWidth: 200 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
  parameters: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

/**
 * A pipeline's name, description and link into the KFP UI, a picker of its versions with the
 * picked version's declared parameters, and "Start run" for users the permission policy allows.
 */
export function KubeflowPipelineHeader(props: KubeflowPipelineHeaderProps) {
  const { pipeline, onSelectVersion, onRunCreated } = props;
  const classes = useStyles();
  const access = useKubeflowWriteAccess(pipeline.authority);
  const [starting, setStarting] = useState(false);
  const [created, setCreated] = useState<KubeflowRunView>();
  const version =
    pipeline.versions.find(
      v => v.pipelineVersionId === props.selectedVersionId,
    ) ?? pipeline.versions[0];

  return (
    <section aria-label={`Pipeline ${pipeline.name}`} className={classes.root}>
      <div className={classes.header}>
        <Typography variant="h6" component="h3" className={classes.title}>
          <Link href={pipeline.url} target="_blank" rel="noopener noreferrer">
            {pipeline.name}
          </Link>
          {pipeline.namespace && (
            <Typography variant="body2" color="textSecondary" component="span">
              {' '}
              in namespace {pipeline.namespace}
            </Typography>
          )}
        </Typography>
        {pipeline.versions.length > 0 && (
          <TextField
            select
            size="small"
            variant="outlined"
            label="Version"
            className={classes.picker}
            value={version?.pipelineVersionId ?? ''}
            onChange={e => onSelectVersion(e.target.value)}
            SelectProps={{ SelectDisplayProps: { 'aria-label': 'Version' } }}
          >
            {pipeline.versions.map((v, index) => (
              <MenuItem key={v.pipelineVersionId} value={v.pipelineVersionId}>
                {index === 0 ? `${v.name} (newest)` : v.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        {access.createRun && pipeline.versions.length > 0 && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<PlayArrow />}
            onClick={() => setStarting(true)}
          >
            Start run
          </Button>
        )}
        <Tooltip title="Open the pipeline in Kubeflow Pipelines">
          <IconButton
            href={pipeline.url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Open ${pipeline.name} in Kubeflow Pipelines`}
          >
            <OpenInNew />
          </IconButton>
        </Tooltip>
      </div>
      {pipeline.description && (
        <Typography variant="body2">{pipeline.description}</Typography>
      )}
      {created && (
        <Alert severity="success" onClose={() => setCreated(undefined)}>
          Started run{' '}
          <Link href={created.url} target="_blank" rel="noopener noreferrer">
            {created.name}
          </Link>{' '}
          ({created.state ?? 'state unknown'}).
        </Alert>
      )}
      {version ? (
        <dl className={classes.facts}>
          <dt>Version</dt>
          <dd>
            <Link href={version.url} target="_blank" rel="noopener noreferrer">
              {version.name}
            </Link>
            {version.description && ` · ${version.description}`}
          </dd>
          <dt>Created</dt>
          <dd>{formatIso(version.createdAt)}</dd>
          <dt>Parameters</dt>
          <dd>
            {version.parameters.length === 0 ? (
              'None'
            ) : (
              <ul
                className={classes.parameters}
                aria-label={`Parameters of ${version.name}`}
              >
                {version.parameters.map(p => (
                  <li key={p.name}>
                    <code>{p.name}</code> {p.type.toLowerCase()}
                    {p.optional ? '' : ', required'}
                    {p.defaultValue !== undefined &&
                      p.defaultValue !== null &&
                      `, default ${JSON.stringify(p.defaultValue)}`}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      ) : (
        <Typography variant="body2" color="textSecondary">
          This pipeline has no versions yet: upload one to run it.
        </Typography>
      )}
      <WriteAuthorityNote authority={pipeline.authority} />
      {starting && (
        <KubeflowStartRunDialog
          pipeline={pipeline}
          pipelineVersionId={version?.pipelineVersionId}
          onClose={() => setStarting(false)}
          onCreated={run => {
            setStarting(false);
            setCreated(run);
            onRunCreated?.(run);
          }}
        />
      )}
    </section>
  );
}

/** Says whose owners may start runs of the pipeline, linking their entity. */
export function WriteAuthorityNote(props: {
  authority: KubeflowWriteAuthority;
}) {
  const { authority } = props;
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      {authority.entityRef ? (
        <>
          Runs are started and recurring runs switched by the owners of{' '}
          <EntityRefLink entityRef={authority.entityRef} />
        </>
      ) : (
        <Tooltip title={authority.reason ?? ''}>
          <span>
            Only admins may start runs: the catalog has no ingested entity for
            this pipeline
          </span>
        </Tooltip>
      )}
    </Typography>
  );
}
