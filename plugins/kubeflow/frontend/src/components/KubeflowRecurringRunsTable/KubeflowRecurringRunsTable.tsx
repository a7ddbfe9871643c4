import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import OpenInNew from '@material-ui/icons/OpenInNew';
import Alert from '@material-ui/lab/Alert';
import {
  KubeflowPipelineView,
  KubeflowRecurringRunView,
  KubeflowWriteAuthority,
} from '@mlops-portal/plugin-kubeflow-common';
import {
  errorMessage,
  InstanceErrorsPanel,
  UNKNOWN_VALUE,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { useKubeflowWriteAccess } from '../../hooks/useKubeflowWriteAccess';
import { formatIso, scheduleText, SYSTEM_TITLE } from '../format';

/**
 * Props of {@link KubeflowRecurringRunsTable}.
 *
 * @public
 */
export interface KubeflowRecurringRunsTableProps {
  /** The entity's pipeline: names versions, and its authority applies where the answer has none. */
  pipeline?: KubeflowPipelineView;
}

/**
 * The recurring runs of the entity's pipeline or experiment: schedule (cron or period), window,
 * concurrency, version and whether each is enabled — a switch for users the permission policy
 * allows, text for everyone else — with links into the KFP UI.
 *
 * @public
 */
export function KubeflowRecurringRunsTable(
  props: KubeflowRecurringRunsTableProps,
) {
  const { pipeline } = props;
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  const { value, loading, error } = useAsync(
    () => api.getRecurringRuns(entityRef),
    [api, entityRef],
  );
  const authority: KubeflowWriteAuthority | undefined =
    value?.authority ?? pipeline?.authority;
  const access = useKubeflowWriteAccess(authority);
  // A toggle answers with the recurring run as it is afterwards; showing that rather than
  // reading again avoids a cached read from before the write.
  const [written, setWritten] = useState<
    Record<string, KubeflowRecurringRunView>
  >({});
  const [pending, setPending] = useState<string>();
  const [toggleError, setToggleError] = useState<unknown>();
  const items = (value?.items ?? []).map(
    item => written[item.recurringRunId] ?? item,
  );
  const versionNames = new Map(
    (pipeline?.versions ?? []).map(v => [v.pipelineVersionId, v.name]),
  );

  const onToggle = async (item: KubeflowRecurringRunView) => {
    setPending(item.recurringRunId);
    setToggleError(undefined);
    try {
      const next = await api.setRecurringRunEnabled(
        entityRef,
        item.recurringRunId,
        !item.enabled,
      );
      setWritten(current => ({ ...current, [next.recurringRunId]: next }));
    } catch (e) {
      setToggleError(e);
    } finally {
      setPending(undefined);
    }
  };

  return (
    <InfoCard title="Recurring runs" noPadding>
      <Box px={2}>
        <InstanceErrorsPanel
          systemTitle={SYSTEM_TITLE}
          errors={value?.errors}
        />
        {error && (
          <ResponseErrorPanel error={error} title={errorMessage(error)} />
        )}
        {toggleError !== undefined && (
          <Alert severity="error">{errorMessage(toggleError)}</Alert>
        )}
      </Box>
      {loading && <Progress />}
      {value && (
        <TableContainer>
          <Table size="small" aria-label="Kubeflow recurring runs">
            <TableHead>
              <TableRow>
                <TableCell>Recurring run</TableCell>
                <TableCell>Schedule</TableCell>
                <TableCell>Window</TableCell>
                <TableCell>At once</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Status</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={7}>
                    <Typography color="textSecondary">
                      {value.errors.length > 0
                        ? 'No recurring runs to show.'
                        : 'No recurring runs: runs start only when someone starts them.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {items.map(item => (
                <TableRow key={item.recurringRunId}>
                  <TableCell>
                    <Link
                      href={item.url}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      {item.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <code>{scheduleText(item.schedule)}</code>
                  </TableCell>
                  <TableCell>{windowText(item)}</TableCell>
                  <TableCell>{item.maxConcurrency ?? UNKNOWN_VALUE}</TableCell>
                  <TableCell>
                    {(item.pipelineVersionId &&
                      versionNames.get(item.pipelineVersionId)) ??
                      UNKNOWN_VALUE}
                  </TableCell>
                  <TableCell>
                    {access.toggleRecurringRun ? (
                      <FormControlLabel
                        label={item.enabled ? 'Enabled' : 'Disabled'}
                        control={
                          <Switch
                            color="primary"
                            checked={item.enabled}
                            disabled={pending !== undefined}
                            onChange={() => onToggle(item)}
                            inputProps={{
                              'aria-label': `Start runs on the schedule of ${item.name}`,
                            }}
                          />
                        }
                      />
                    ) : (
                      <Chip
                        size="small"
                        variant="outlined"
                        label={item.enabled ? 'Enabled' : 'Disabled'}
                      />
                    )}
                  </TableCell>
                  <TableCell padding="checkbox">
                    <IconButton
                      size="small"
                      href={item.url}
                      target="_blank"
                      rel="noopener noreferrer"
                      aria-label={`Open ${item.name} in Kubeflow Pipelines`}
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
    </InfoCard>
  );
}

/** When a recurring run may start runs: `from 2026-10-01 00:00`, `until …`, or `–`. */
function windowText(item: KubeflowRecurringRunView): string {
  const { startTime, endTime } = item.schedule ?? {};
  const parts = [
    startTime && `from ${formatIso(startTime)}`,
    endTime && `until ${formatIso(endTime)}`,
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : UNKNOWN_VALUE;
}
