import { useMemo } from 'react';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { KubeflowTaskNode } from '@mlops-portal/plugin-kubeflow-common';
import {
  formatDuration,
  RunStatusChip,
} from '@mlops-portal/plugin-mlops-react';

// Each node is a fixed-size card: DependencyGraph measures the rendered node for dagre, and a
// fixed size keeps the ranks aligned whatever the task names.
const NODE_WIDTH = 200;
const NODE_HEIGHT = 64;

type TaskNodeData = { task: KubeflowTaskNode };

const useStyles = makeStyles(theme => ({
  card: {
    boxSizing: 'border-box',
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    padding: theme.spacing(0.75, 1),
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
    fontFamily: theme.typography.fontFamily,
  },
  name: {
    fontSize: theme.typography.body2.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
    color: theme.palette.text.primary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  facts: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
  duration: { fontSize: theme.typography.caption.fontSize },
}));

/**
 * A run's tasks as a graph laid out by dagre (through Backstage's DependencyGraph), each task a
 * card with its name, state and duration, an arrow from each task to those waiting for it.
 */
export function TaskGraph(props: { tasks: KubeflowTaskNode[]; title: string }) {
  const { tasks, title } = props;
  const { nodes, edges } = useMemo(() => toGraph(tasks), [tasks]);
  return (
    <DependencyGraph<TaskNodeData, {}>
      nodes={nodes}
      edges={edges}
      direction={DependencyGraphTypes.Direction.TOP_BOTTOM}
      renderNode={TaskCard}
      nodeMargin={24}
      rankMargin={40}
      paddingX={16}
      paddingY={16}
      showArrowHeads
      // the page scrolls over the graph; a click lets it take the wheel for zooming
      zoom="enable-on-click"
      role="img"
      aria-label={title}
    />
  );
}

/** The graph's nodes and edges; an edge to a task the run does not report is left out. */
export function toGraph(tasks: readonly KubeflowTaskNode[]): {
  nodes: DependencyGraphTypes.DependencyNode<TaskNodeData>[];
  edges: DependencyGraphTypes.DependencyEdge<{}>[];
} {
  const ids = new Set(tasks.map(task => task.id));
  return {
    nodes: tasks.map(task => ({ id: task.id, task })),
    edges: tasks.flatMap(task =>
      task.dependsOn
        .filter(from => ids.has(from) && from !== task.id)
        .map(from => ({ from, to: task.id })),
    ),
  };
}

function TaskCard(props: DependencyGraphTypes.RenderNodeProps<TaskNodeData>) {
  const { task } = props.node;
  const classes = useStyles();
  return (
    <foreignObject width={NODE_WIDTH} height={NODE_HEIGHT}>
      <div
        className={classes.card}
        data-task-id={task.id}
        title={task.error ? `${task.name}: ${task.error}` : task.name}
      >
        <div className={classes.name}>{task.name}</div>
        <div className={classes.facts}>
          <RunStatusChip
            status={task.state}
            label={task.state ? undefined : 'Not started'}
          />
          <Typography
            component="span"
            color="textSecondary"
            className={classes.duration}
          >
            {formatDuration(task.durationMs)}
          </Typography>
        </div>
      </div>
    </foreignObject>
  );
}
