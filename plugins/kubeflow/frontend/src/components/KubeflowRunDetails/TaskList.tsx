import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { KubeflowTaskNode } from '@mlops-portal/plugin-kubeflow-common';
import {
  formatDuration,
  RunStatusChip,
  UNKNOWN_VALUE,
} from '@mlops-portal/plugin-mlops-react';
import { formatIso } from '../format';

/**
 * The run's tasks as a table, in the order the backend gives them: what the graph shows, for
 * screen readers and keyboards, and with each task's error in full.
 */
export function TaskList(props: { tasks: KubeflowTaskNode[]; title: string }) {
  const { tasks, title } = props;
  const names = new Map(tasks.map(task => [task.id, task.name]));
  return (
    <TableContainer>
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            <TableCell>Task</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Waits for</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {tasks.map(task => (
            <TableRow key={task.id}>
              <TableCell>
                <span title={task.id}>{task.name}</span>
                {task.error && (
                  <Typography variant="caption" color="error" component="p">
                    {task.error}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <RunStatusChip
                  status={task.state}
                  label={task.state ? undefined : 'Not started'}
                />
              </TableCell>
              <TableCell>{formatIso(task.startedAt)}</TableCell>
              <TableCell>{formatDuration(task.durationMs)}</TableCell>
              <TableCell>
                {task.dependsOn.length === 0
                  ? UNKNOWN_VALUE
                  : task.dependsOn.map(id => names.get(id) ?? id).join(', ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
