import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  MlflowRunDetail,
  MlflowRunSummary,
} from '@mlops-portal/plugin-mlflow-common';
import {
  formatMetricValue,
  InstanceErrorsPanel,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import { chartRows, defaultMetric, metricKeys } from './chartData';

/** Tableau 10: distinguishable, and readable on light and dark themes. */
const SERIES_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/**
 * Props of {@link MlflowMetricChart}.
 *
 * @public
 */
export interface MlflowMetricChartProps {
  /** The runs to compare (one line each), e.g. those selected in {@link MlflowRunsTable}. */
  runs: readonly MlflowRunSummary[];
  /** A fixed width in pixels; by default the chart fills its container. */
  width?: number;
  /** Height in pixels; default 320. */
  height?: number;
}

/**
 * The metric history of the given runs of the entity's MLflow experiment, one line per run,
 * steps on the x axis, with a choice of metric.
 *
 * @public
 */
export function MlflowMetricChart(props: MlflowMetricChartProps) {
  const { runs, width, height = 320 } = props;
  const api = useApi(mlflowApiRef);
  const entityRef = useEntityRef();
  const runIds = runs.map(run => run.runId);
  const runIdsKey = runIds.join(',');

  const { value, loading, error } = useAsync(async () => {
    if (!runIdsKey) {
      return undefined;
    }
    return api.compareRuns(entityRef, { runIds: runIdsKey.split(',') });
  }, [api, entityRef, runIdsKey]);

  const items: MlflowRunDetail[] = useMemo(() => value?.items ?? [], [value]);
  const metrics = useMemo(() => metricKeys(items), [items]);
  const [chosenMetric, setChosenMetric] = useState<string>();
  const metric =
    chosenMetric && metrics.includes(chosenMetric)
      ? chosenMetric
      : defaultMetric(items);
  const rows = useMemo(
    () => (metric ? chartRows(items, metric) : []),
    [items, metric],
  );

  const content = () => {
    if (runs.length === 0) {
      return (
        <Typography color="textSecondary">
          Select runs in the table to compare their metric histories.
        </Typography>
      );
    }
    if (error) {
      return <ResponseErrorPanel error={error} />;
    }
    if (loading) {
      return <Progress />;
    }
    if (!metric) {
      return (
        <Typography color="textSecondary">
          The selected runs have no metric history.
        </Typography>
      );
    }
    const chart = (
      <LineChart
        data={rows}
        width={width}
        height={width ? height : undefined}
        margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="step"
          type="number"
          domain={['dataMin', 'dataMax']}
          allowDecimals={false}
          label={{ value: 'Step', position: 'insideBottom', offset: -12 }}
        />
        <YAxis
          domain={['auto', 'auto']}
          tickFormatter={(v: number) => formatMetricValue(v)}
          width={72}
        />
        <Tooltip
          labelFormatter={label => `Step ${label}`}
          formatter={(v: unknown) =>
            typeof v === 'number' ? formatMetricValue(v) : String(v)
          }
        />
        <Legend verticalAlign="top" />
        {items.map((run, index) => (
          <Line
            key={run.runId}
            type="monotone"
            dataKey={run.runId}
            name={run.runName || run.runId}
            stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    );
    return width ? (
      chart
    ) : (
      <ResponsiveContainer width="100%" height={height}>
        {chart}
      </ResponsiveContainer>
    );
  };

  return (
    <InfoCard
      title="Metric history"
      subheader={
        runs.length > 0
          ? `${runs.length} run${runs.length === 1 ? '' : 's'} compared`
          : undefined
      }
      action={
        metrics.length > 0 && (
          <TextField
            select
            size="small"
            variant="outlined"
            label="Metric"
            value={metric ?? ''}
            onChange={e => setChosenMetric(e.target.value)}
            SelectProps={{ SelectDisplayProps: { 'aria-label': 'Metric' } }}
            style={{ minWidth: 180 }}
          >
            {metrics.map(key => (
              <MenuItem key={key} value={key}>
                {key}
              </MenuItem>
            ))}
          </TextField>
        )
      }
    >
      <InstanceErrorsPanel systemTitle="MLflow" errors={value?.errors} />
      {content()}
    </InfoCard>
  );
}
