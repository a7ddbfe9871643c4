import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';
import OpenInNew from '@material-ui/icons/OpenInNew';
import {
  KUBEFLOW_RUN_STATES,
  KubeflowPipelineView,
  KubeflowRunState,
  KubeflowRunView,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  errorMessage,
  formatDuration,
  InstanceErrorsPanel,
  RunStatusChip,
  RunStatusStrip,
  UNKNOWN_VALUE,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { formatIso, runLabel, SYSTEM_TITLE } from '../format';

const PAGE_SIZES = [10, 25, 50, 100];
const ALL_STATES = 'all';

/**
 * Props of {@link KubeflowRunsTable}.
 *
 * @public
 */
export interface KubeflowRunsTableProps {
  /** Runs per page (1–100); default 25. */
  pageSize?: number;
  /** The selected run, highlighted in the strip and the table. */
  selectedRunId?: string;
  /** Makes runs selectable: a click on a run's name or on its square of the strip. */
  onSelectRun?: (run: KubeflowRunView) => void;
  /** Changing it reads the first page again, e.g. after a run was started. */
  reloadKey?: number;
  /** The entity's pipeline, to name the version each run ran. */
  pipeline?: KubeflowPipelineView;
}

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(0, 2, 1, 2),
  },
  filter: { minWidth: 160 },
  strip: { flex: 1, minWidth: 200 },
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
  runName: { textAlign: 'left' },
  error: { display: 'block', maxWidth: 360, whiteSpace: 'normal' },
  selectable: { cursor: 'pointer' },
  footer: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
}));

/**
 * The entity's Kubeflow runs, newest first: a status strip of the page (oldest left, newest
 * right) above a table with state, name, version, creation time, duration and a link into the
 * KFP UI, paged on the server by page token and filtered by state.
 *
 * @public
 */
export function KubeflowRunsTable(props: KubeflowRunsTableProps) {
  const { selectedRunId, onSelectRun, reloadKey = 0, pipeline } = props;
  const classes = useStyles();
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  const [state, setState] = useState<KubeflowRunState>();
  const [pageSize, setPageSize] = useState(props.pageSize ?? 25);
  // KFP pages by token only: the tokens of the pages after the first, so Previous can go back.
  // Kept with the reload they belong to, so a reload starts again from the first page at once.
  const [paging, setPaging] = useState({ reloadKey, tokens: [] as string[] });
  const tokens = paging.reloadKey === reloadKey ? paging.tokens : [];
  const pageToken = tokens[tokens.length - 1];

  const { value, loading, error } = useAsync(
    () =>
      api.getRuns(entityRef, {
        ...(state && { state }),
        pageSize,
        ...(pageToken && { pageToken }),
      }),
    [api, entityRef, state, pageSize, pageToken, reloadKey],
  );
  const items = value?.items ?? [];
  const versionNames = new Map(
    (pipeline?.versions ?? []).map(v => [v.pipelineVersionId, v.name]),
  );

  const firstIndex = tokens.length * pageSize;
  const total = value?.totalSize;
  const range =
    items.length === 0
      ? '0'
      : `${firstIndex + 1}–${firstIndex + items.length}${
          total !== undefined ? ` of ${total}` : ''
        }`;
  const startOver = () => setPaging({ reloadKey, tokens: [] });

  return (
    <InfoCard title="Runs" noPadding>
      <div className={classes.toolbar}>
        <TextField
          select
          size="small"
          label="State"
          className={classes.filter}
          value={state ?? ALL_STATES}
          onChange={e => {
            const next = e.target.value;
            setState(
              next === ALL_STATES ? undefined : (next as KubeflowRunState),
            );
            startOver();
          }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Filter runs by state' },
          }}
        >
          <MenuItem value={ALL_STATES}>All states</MenuItem>
          {KUBEFLOW_RUN_STATES.map(s => (
            <MenuItem key={s} value={s}>
              {stateWord(s)}
            </MenuItem>
          ))}
        </TextField>
        <div className={classes.strip}>
          {items.length > 0 && (
            <RunStatusStrip
              title="Runs on this page, newest on the right"
              selectedId={selectedRunId}
              onSelect={
                onSelectRun &&
                (id => {
                  const run = items.find(r => r.runId === id);
                  if (run) onSelectRun(run);
                })
              }
              items={[...items].reverse().map(run => ({
                id: run.runId,
                status: run.state,
                label: runLabel(run),
                href: run.url,
              }))}
            />
          )}
        </div>
      </div>

      <Box px={2}>
        <InstanceErrorsPanel
          systemTitle={SYSTEM_TITLE}
          errors={value?.errors}
        />
        {error && (
          <ResponseErrorPanel error={error} title={errorMessage(error)} />
        )}
      </Box>

      {loading && !value && <Progress />}
      {loading && value && <LinearProgress aria-label="Loading runs" />}

      {value && (
        <TableContainer>
          <Table
            size="small"
            aria-label="Kubeflow runs"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>State</TableCell>
                <TableCell>Run</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6}>
                    <Typography color="textSecondary">
                      {emptyText(state, value.errors.length > 0)}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {items.map(run => (
                <TableRow
                  key={run.runId}
                  hover
                  selected={run.runId === selectedRunId}
                  className={onSelectRun ? classes.selectable : undefined}
                  onClick={onSelectRun && (() => onSelectRun(run))}
                >
                  <TableCell>
                    <RunStatusChip status={run.state} />
                  </TableCell>
                  <TableCell>
                    {onSelectRun ? (
                      <Link
                        component="button"
                        className={classes.runName}
                        aria-pressed={run.runId === selectedRunId}
                        onClick={e => {
                          // the row selects too; once is enough
                          e.stopPropagation();
                          onSelectRun(run);
                        }}
                      >
                        {run.name}
                      </Link>
                    ) : (
                      run.name
                    )}
                    {run.error && (
                      <Typography
                        variant="caption"
                        color="error"
                        className={classes.error}
                      >
                        {run.error}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {(run.pipelineVersionId &&
                      versionNames.get(run.pipelineVersionId)) ??
                      UNKNOWN_VALUE}
                  </TableCell>
                  <TableCell>{formatIso(run.createdAt)}</TableCell>
                  <TableCell>{formatDuration(run.durationMs)}</TableCell>
                  <TableCell padding="checkbox">
                    <IconButton
                      size="small"
                      href={run.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={`Open run ${run.name} in Kubeflow Pipelines`}
                      // the row selects; the link only opens the KFP UI
                      onClick={e => e.stopPropagation()}
                    >
                      <OpenInNew fontSize="small" />
                    </IconButton>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      <div className={classes.footer}>
        <Typography variant="body2" color="textSecondary">
          Rows per page
        </Typography>
        <TextField
          select
          size="small"
          value={pageSize}
          onChange={e => {
            setPageSize(Number(e.target.value));
            startOver();
          }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Rows per page' },
          }}
        >
          {PAGE_SIZES.map(size => (
            <MenuItem key={size} value={size}>
              {size}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="textSecondary">
          {range}
        </Typography>
        <IconButton
          aria-label="Previous page"
          disabled={tokens.length === 0 || loading}
          onClick={() => setPaging({ reloadKey, tokens: tokens.slice(0, -1) })}
        >
          <ChevronLeft />
        </IconButton>
        <IconButton
          aria-label="Next page"
          disabled={!value?.nextPageToken || loading}
          onClick={() =>
            value?.nextPageToken &&
            setPaging({ reloadKey, tokens: [...tokens, value.nextPageToken] })
          }
        >
          <ChevronRight />
        </IconButton>
      </div>
    </InfoCard>
  );
}

/** A state as the filter names it: `Canceling`. */
function stateWord(state: KubeflowRunState): string {
  return state.charAt(0) + state.slice(1).toLowerCase();
}

function emptyText(state: KubeflowRunState | undefined, failed: boolean) {
  if (failed) {
    return 'No runs to show.';
  }
  return state
    ? `No ${state.toLowerCase()} runs.`
    : 'No runs yet: start one, or wait for a recurring run.';
}
