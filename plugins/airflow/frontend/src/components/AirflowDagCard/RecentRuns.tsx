import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  errorMessage,
  RunStatusStrip,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import { runLabel } from '../format';

/**
 * The DAG's latest runs as a strip, oldest left and newest right as in Airflow's grid view; each
 * square links to its run in Airflow. `reloadKey` reads again (after a trigger).
 */
export function RecentRuns(props: {
  dagId: string;
  limit: number;
  reloadKey: number;
}) {
  const { dagId, limit, reloadKey } = props;
  const api = useApi(airflowApiRef);
  const entityRef = useEntityRef();
  const { value, error } = useAsync(
    () => api.getRuns(entityRef, dagId, { limit }),
    [api, entityRef, dagId, limit, reloadKey],
  );
  if (error || value?.errors.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Recent runs could not be read:{' '}
        {error ? errorMessage(error) : value?.errors[0].message}
      </Typography>
    );
  }
  if (!value) {
    return null;
  }
  if (value.items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No runs yet.
      </Typography>
    );
  }
  return (
    <div>
      <Typography variant="caption" color="textSecondary" component="p">
        Last {value.items.length} runs, newest on the right
      </Typography>
      <RunStatusStrip
        title={`Recent runs of ${dagId}`}
        items={[...value.items].reverse().map(run => ({
          id: run.runId,
          status: run.state,
          label: runLabel(run),
          href: run.url,
        }))}
      />
    </div>
  );
}
