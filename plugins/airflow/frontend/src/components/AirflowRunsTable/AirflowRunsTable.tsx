import { useEffect, useState } from 'react';
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
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  AIRFLOW_RUN_STATES,
  AirflowRunState,
  AirflowRunView,
} from '@mlops-portal/plugin-airflow-common';
import {
  formatDuration,
  InstanceErrorsPanel,
  RunStatusChip,
  RunStatusStrip,
  UNKNOWN_VALUE,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import { formatIso, runLabel } from '../format';

const PAGE_SIZES = [10, 25, 50, 100];

/**
 * Props of {@link AirflowRunsTable}.
 *
 * @public
 */
export interface AirflowRunsTableProps {
  /** The DAG, one of the entity's `airflow.apache.org/dag-id`. */
  dagId: string;
  /** Runs per page; default 25. */
  pageSize?: number;
  /** The selected run, highlighted in the strip and the table. */
  selectedRunId?: string;
  /**
   * Makes runs selectable (a click on a square of the strip, or on a run id); the newest run is
   * selected once the first page arrives when nothing is selected yet.
   */
  onSelectRun?: (run: AirflowRunView) => void;
  /** Changing it reads the current page again, e.g. after a trigger or clear. */
  reloadKey?: number;
}

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(0, 2, 1, 2),
  },
  strip: { flex: 1, minWidth: 200 },
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
  note: {
    maxWidth: 320,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  runId: { fontFamily: 'monospace', textAlign: 'left' },
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
 * A DAG's runs, newest first: a status strip of the page (oldest left, newest right, as Airflow
 * draws it) above a table with state, run id, type, logical date, start, duration and note,
 * paged on the server and filtered by state.
 *
 * @public
 */
export function AirflowRunsTable(props: AirflowRunsTableProps) {
  const { dagId, selectedRunId, onSelectRun, reloadKey = 0 } = props;
  const classes = useStyles();
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const [states, setStates] = useState<AirflowRunState[]>([]);
  const [limit, setLimit] = useState(props.pageSize ?? 25);
  const [offset, setOffset] = useState(0);

  const { value, loading, error } = useAsync(
    () =>
      api.getRuns(entityRef, dagId, {
        ...(states.length && { state: states }),
        limit,
        offset,
      }),
    [api, entityRef, dagId, states, limit, offset, reloadKey],
  );
  const items = value?.items ?? [];
  const first = items[0];

  useEffect(() => {
    if (onSelectRun && !selectedRunId && first) {
      onSelectRun(first);
    }
  }, [onSelectRun, selectedRunId, first]);

  const total = value?.totalEntries;
  const hasNext =
    total !== undefined
      ? offset + items.length < total
      : items.length === limit;
  const range =
    items.length === 0
      ? '0'
      : `${offset + 1}–${offset + items.length}${
          total !== undefined ? ` of ${total}` : ''
        }`;

  return (
    <InfoCard title="Runs" subheader={dagId} noPadding>
      <div className={classes.toolbar}>
        <ToggleButtonGroup
          size="small"
          value={states}
          onChange={(_e, next: AirflowRunState[]) => {
            setStates(AIRFLOW_RUN_STATES.filter(s => next.includes(s)));
            setOffset(0);
          }}
          aria-label="Filter runs by state"
        >
          {AIRFLOW_RUN_STATES.map(state => (
            <ToggleButton key={state} value={state} aria-label={state}>
              {state}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <div className={classes.strip}>
          {items.length > 0 && (
            <RunStatusStrip
              title={`Runs of ${dagId} on this page, newest on the right`}
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
        <InstanceErrorsPanel systemTitle="Airflow" errors={value?.errors} />
        {error && <ResponseErrorPanel error={error} />}
      </Box>

      {loading && !value && <Progress />}
      {loading && value && <LinearProgress aria-label="Loading runs" />}

      {value && (
        <TableContainer>
          <Table
            size="small"
            aria-label="Airflow runs"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell>State</TableCell>
                <TableCell>Run</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Logical date</TableCell>
                <TableCell>Started</TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>Note</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={8}>
                    <Typography color="textSecondary">
                      {states.length
                        ? `No ${states.join(' or ')} runs.`
                        : 'This DAG has no runs yet.'}
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
                        className={classes.runId}
                        aria-pressed={run.runId === selectedRunId}
                        onClick={e => {
                          // the row selects too; once is enough
                          e.stopPropagation();
                          onSelectRun(run);
                        }}
                      >
                        {run.runId}
                      </Link>
                    ) : (
                      <span className={classes.runId}>{run.runId}</span>
                    )}
                  </TableCell>
                  <TableCell>{run.runType ?? UNKNOWN_VALUE}</TableCell>
                  <TableCell>{formatIso(run.logicalDate)}</TableCell>
                  <TableCell>{formatIso(run.startDate)}</TableCell>
                  <TableCell>{formatDuration(run.durationMs)}</TableCell>
                  <TableCell className={classes.note} title={run.note}>
                    {run.note ?? ''}
                  </TableCell>
                  <TableCell padding="checkbox">
                    <IconButton
                      size="small"
                      href={run.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={`Open run ${run.runId} in Airflow`}
                      // the row selects; the link only opens Airflow
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
          value={limit}
          onChange={e => {
            setLimit(Number(e.target.value));
            setOffset(0);
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
          disabled={offset === 0 || loading}
          onClick={() => setOffset(current => Math.max(0, current - limit))}
        >
          <ChevronLeft />
        </IconButton>
        <IconButton
          aria-label="Next page"
          disabled={!hasNext || loading}
          onClick={() => setOffset(current => current + limit)}
        >
          <ChevronRight />
        </IconButton>
      </div>
    </InfoCard>
  );
}
