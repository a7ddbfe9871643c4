import { FormEvent, ReactNode, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import ListSubheader from '@material-ui/core/ListSubheader';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ChevronLeft from '@material-ui/icons/ChevronLeft';
import ChevronRight from '@material-ui/icons/ChevronRight';
import ViewColumn from '@material-ui/icons/ViewColumn';
import OpenInNew from '@material-ui/icons/OpenInNew';
import { MlflowRunSummary } from '@mlops-portal/plugin-mlflow-common';
import {
  formatDuration,
  formatMetricValue,
  formatTimestamp,
  InstanceErrorsPanel,
  RunStatusChip,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import {
  DEFAULT_RUNS_SORT,
  keysByFrequency,
  nextSort,
  orderByClause,
  RunsSort,
  RunsSortField,
  sameField,
} from './runColumns';

/** How many metric and param columns show before the user picks their own. */
const DEFAULT_METRIC_COLUMNS = 5;
const DEFAULT_PARAM_COLUMNS = 3;
const PAGE_SIZES = [10, 25, 50, 100];

/**
 * Props of {@link MlflowRunsTable}.
 *
 * @public
 */
export interface MlflowRunsTableProps {
  /** Runs per page; default 25. */
  pageSize?: number;
  /** The runs selected for comparison; selection checkboxes show only with `onSelectedRunsChange`. */
  selectedRuns?: readonly MlflowRunSummary[];
  /** Called with the new selection when a run is (de)selected. */
  onSelectedRunsChange?: (runs: MlflowRunSummary[]) => void;
  /** The most runs that can be selected at once; default 10, what the backend compares at once. */
  maxSelectedRuns?: number;
}

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 2, 1, 2),
  },
  filter: { flex: 1 },
  groupHeader: {
    borderBottom: 'none',
    paddingBottom: 0,
    color: theme.palette.text.secondary,
  },
  // Cells never wrap (names and keys would break letter by letter); the container scrolls.
  table: { '& th, & td': { whiteSpace: 'nowrap' } },
  runName: {
    display: 'inline-block',
    maxWidth: 280,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    verticalAlign: 'bottom',
  },
  nowrap: { whiteSpace: 'nowrap' },
  number: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  footer: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
}));

/**
 * The runs of the entity's MLflow experiment (`mlflow.org/experiment`): paged on the server,
 * sortable by start time and any metric or param, filterable with MLflow's search syntax,
 * with a choice of metric and param columns and optional selection for comparison.
 *
 * @public
 */
export function MlflowRunsTable(props: MlflowRunsTableProps) {
  const {
    selectedRuns = [],
    onSelectedRunsChange,
    maxSelectedRuns = 10,
  } = props;
  const classes = useStyles();
  const api = useApi(mlflowApiRef);
  const entityRef = useEntityRef();

  const [sort, setSort] = useState<RunsSort>(DEFAULT_RUNS_SORT);
  const [filterDraft, setFilterDraft] = useState('');
  const [filter, setFilter] = useState('');
  const [pageSize, setPageSize] = useState(props.pageSize ?? 25);
  // Page tokens are opaque and only go forward, so "previous" walks back a stack of the
  // tokens that led here; index 0 is the first page (no token).
  const [tokens, setTokens] = useState<Array<string | undefined>>([undefined]);
  const pageIndex = tokens.length - 1;
  const [chosenMetrics, setChosenMetrics] = useState<string[]>();
  const [chosenParams, setChosenParams] = useState<string[]>();
  const [columnsAnchor, setColumnsAnchor] = useState<HTMLElement | null>(null);

  const { value, loading, error } = useAsync(
    () =>
      api.getRuns(entityRef, {
        pageToken: tokens[pageIndex],
        maxResults: pageSize,
        orderBy: [orderByClause(sort)],
        filter: filter || undefined,
      }),
    [api, entityRef, tokens, pageIndex, pageSize, sort, filter],
  );

  const items = useMemo(() => value?.items ?? [], [value]);
  const metricKeys = useMemo(
    () => keysByFrequency(items, run => run.metrics),
    [items],
  );
  const paramKeys = useMemo(
    () => keysByFrequency(items, run => run.params),
    [items],
  );
  const metricColumns = withSortKey(
    chosenMetrics ?? metricKeys.slice(0, DEFAULT_METRIC_COLUMNS),
    sort.field,
    'metric',
  );
  const paramColumns = withSortKey(
    chosenParams ?? paramKeys.slice(0, DEFAULT_PARAM_COLUMNS),
    sort.field,
    'param',
  );

  const restart = () => setTokens([undefined]);
  const onSort = (field: RunsSortField) => {
    setSort(current => nextSort(current, field));
    restart();
  };
  const onFilterSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(filterDraft.trim());
    restart();
  };
  const onClearFilter = () => {
    setFilterDraft('');
    setFilter('');
    restart();
  };
  const toggleColumn = (type: 'metric' | 'param', key: string) => {
    const [current, set] =
      type === 'metric'
        ? [metricColumns, setChosenMetrics]
        : [paramColumns, setChosenParams];
    set(
      current.includes(key)
        ? current.filter(k => k !== key)
        : [...current, key],
    );
  };

  const selectable = Boolean(onSelectedRunsChange);
  const selectedIds = new Set(selectedRuns.map(run => run.runId));
  const toggleRun = (run: MlflowRunSummary) => {
    onSelectedRunsChange?.(
      selectedIds.has(run.runId)
        ? selectedRuns.filter(r => r.runId !== run.runId)
        : [...selectedRuns, run],
    );
  };

  const sortHeader = (
    field: RunsSortField,
    label: ReactNode,
    ariaLabel: string,
  ) => {
    const active = sameField(sort.field, field);
    return (
      <TableSortLabel
        active={active}
        direction={active && sort.direction === 'ASC' ? 'asc' : 'desc'}
        onClick={() => onSort(field)}
        aria-label={ariaLabel}
      >
        {label}
      </TableSortLabel>
    );
  };

  const columnCount =
    6 + (selectable ? 1 : 0) + metricColumns.length + paramColumns.length;

  return (
    <InfoCard
      title="Runs"
      subheader={
        value?.experiment
          ? `Experiment ${value.experiment.name}`
          : value?.target?.experiment
      }
      noPadding
      action={
        value?.experiment && (
          <Tooltip title="Open the experiment in MLflow">
            <IconButton
              component="a"
              href={value.experiment.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label="Open the experiment in MLflow"
            >
              <OpenInNew />
            </IconButton>
          </Tooltip>
        )
      }
    >
      <form className={classes.toolbar} onSubmit={onFilterSubmit}>
        <TextField
          className={classes.filter}
          label="Filter"
          placeholder="metrics.auc > 0.9 and params.max_depth = '6'"
          helperText="MLflow search syntax; press Enter to apply"
          size="small"
          variant="outlined"
          value={filterDraft}
          onChange={e => setFilterDraft(e.target.value)}
          inputProps={{ 'aria-label': 'Filter runs' }}
        />
        <Button type="submit" variant="outlined">
          Apply
        </Button>
        {filter && <Button onClick={onClearFilter}>Clear</Button>}
        <Button
          startIcon={<ViewColumn />}
          aria-haspopup="true"
          onClick={e => setColumnsAnchor(e.currentTarget)}
          disabled={metricKeys.length + paramKeys.length === 0}
        >
          Columns
        </Button>
        <Menu
          anchorEl={columnsAnchor}
          open={Boolean(columnsAnchor)}
          onClose={() => setColumnsAnchor(null)}
        >
          {metricKeys.length > 0 && <ListSubheader>Metrics</ListSubheader>}
          {metricKeys.map(key => (
            <MenuItem
              key={`metric-${key}`}
              dense
              onClick={() => toggleColumn('metric', key)}
            >
              <Checkbox
                size="small"
                checked={metricColumns.includes(key)}
                inputProps={{ 'aria-label': `Show metric ${key}` }}
              />
              {key}
            </MenuItem>
          ))}
          {paramKeys.length > 0 && <ListSubheader>Params</ListSubheader>}
          {paramKeys.map(key => (
            <MenuItem
              key={`param-${key}`}
              dense
              onClick={() => toggleColumn('param', key)}
            >
              <Checkbox
                size="small"
                checked={paramColumns.includes(key)}
                inputProps={{ 'aria-label': `Show param ${key}` }}
              />
              {key}
            </MenuItem>
          ))}
        </Menu>
      </form>

      <Box px={2}>
        <InstanceErrorsPanel systemTitle="MLflow" errors={value?.errors} />
        {error && <ResponseErrorPanel error={error} />}
      </Box>

      {loading && !value && <Progress />}
      {loading && value && <LinearProgress aria-label="Loading runs" />}

      {value && (
        <TableContainer>
          <Table
            size="small"
            aria-label="MLflow runs"
            className={classes.table}
          >
            <TableHead>
              <TableRow>
                <TableCell
                  className={classes.groupHeader}
                  colSpan={(selectable ? 1 : 0) + 5}
                />
                {metricColumns.length > 0 && (
                  <TableCell
                    className={classes.groupHeader}
                    colSpan={metricColumns.length}
                  >
                    Metrics
                  </TableCell>
                )}
                {paramColumns.length > 0 && (
                  <TableCell
                    className={classes.groupHeader}
                    colSpan={paramColumns.length}
                  >
                    Params
                  </TableCell>
                )}
                <TableCell className={classes.groupHeader} />
              </TableRow>
              <TableRow>
                {selectable && (
                  <TableCell padding="checkbox">
                    <Tooltip
                      title={`Select up to ${maxSelectedRuns} runs to compare their metrics`}
                    >
                      <span>Compare</span>
                    </Tooltip>
                  </TableCell>
                )}
                <TableCell>Status</TableCell>
                <TableCell>Run</TableCell>
                <TableCell className={classes.nowrap}>
                  {sortHeader(
                    { type: 'attribute', key: 'start_time' },
                    'Started',
                    'Sort by start time',
                  )}
                </TableCell>
                <TableCell>Duration</TableCell>
                <TableCell>User</TableCell>
                {metricColumns.map(key => (
                  <TableCell key={`metric-${key}`} align="right">
                    {sortHeader(
                      { type: 'metric', key },
                      key,
                      `Sort by metric ${key}`,
                    )}
                  </TableCell>
                ))}
                {paramColumns.map(key => (
                  <TableCell key={`param-${key}`}>
                    {sortHeader(
                      { type: 'param', key },
                      key,
                      `Sort by param ${key}`,
                    )}
                  </TableCell>
                ))}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={columnCount}>
                    <Typography color="textSecondary">
                      {filter
                        ? 'No runs match the filter.'
                        : 'This experiment has no runs yet.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {items.map(run => {
                const name = run.runName || run.runId;
                const selected = selectedIds.has(run.runId);
                return (
                  <TableRow key={run.runId} hover selected={selected}>
                    {selectable && (
                      <TableCell padding="checkbox">
                        <Checkbox
                          checked={selected}
                          disabled={
                            !selected && selectedIds.size >= maxSelectedRuns
                          }
                          onChange={() => toggleRun(run)}
                          inputProps={{ 'aria-label': `Compare run ${name}` }}
                        />
                      </TableCell>
                    )}
                    <TableCell>
                      <RunStatusChip status={run.status} />
                    </TableCell>
                    <TableCell>
                      <Link
                        href={run.url}
                        target="_blank"
                        rel="noopener noreferrer"
                        className={classes.runName}
                        title={name}
                      >
                        {name}
                      </Link>
                    </TableCell>
                    <TableCell className={classes.nowrap}>
                      {formatTimestamp(run.startTime)}
                    </TableCell>
                    <TableCell className={classes.nowrap}>
                      {formatDuration(run.durationMs)}
                    </TableCell>
                    <TableCell>{run.user ?? '–'}</TableCell>
                    {metricColumns.map(key => (
                      <TableCell
                        key={`metric-${key}`}
                        align="right"
                        className={classes.number}
                        title={
                          run.metrics[key] === undefined
                            ? undefined
                            : String(run.metrics[key])
                        }
                      >
                        {formatMetricValue(run.metrics[key])}
                      </TableCell>
                    ))}
                    {paramColumns.map(key => (
                      <TableCell key={`param-${key}`}>
                        {run.params[key] ?? '–'}
                      </TableCell>
                    ))}
                    <TableCell padding="checkbox">
                      <IconButton
                        size="small"
                        href={run.url}
                        target="_blank"
                        rel="noopener noreferrer"
                        aria-label={`Open run ${name} in MLflow`}
                      >
                        <OpenInNew fontSize="small" />
                      </IconButton>
                    </TableCell>
                  </TableRow>
                );
              })}
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
            restart();
          }}
          inputProps={{ 'aria-label': 'Rows per page' }}
        >
          {PAGE_SIZES.map(size => (
            <MenuItem key={size} value={size}>
              {size}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="textSecondary">
          Page {pageIndex + 1}
        </Typography>
        <IconButton
          aria-label="Previous page"
          disabled={pageIndex === 0 || loading}
          onClick={() => setTokens(current => current.slice(0, -1))}
        >
          <ChevronLeft />
        </IconButton>
        <IconButton
          aria-label="Next page"
          disabled={!value?.nextPageToken || loading}
          onClick={() =>
            setTokens(current => [...current, value?.nextPageToken])
          }
        >
          <ChevronRight />
        </IconButton>
      </div>
    </InfoCard>
  );
}

/** The chosen columns, plus the sorted-by column so the sort is always visible. */
function withSortKey(
  keys: string[],
  field: RunsSortField,
  type: 'metric' | 'param',
): string[] {
  if (field.type !== type || keys.includes(field.key)) {
    return keys;
  }
  return [...keys, field.key];
}
