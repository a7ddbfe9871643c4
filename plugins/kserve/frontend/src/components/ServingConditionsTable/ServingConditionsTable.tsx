import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ServingCondition } from '@mlops-portal/plugin-kserve-common';
import {
  RunStatusCategory,
  RunStatusChip,
} from '@mlops-portal/plugin-mlops-react';
import { formatIso, isFailingCondition } from '../format';

/** Props of {@link ServingConditionsTable}. */
export interface ServingConditionsTableProps {
  /** The conditions, as the status lists them. */
  conditions: ServingCondition[];
}

const useStyles = makeStyles((theme: Theme) => ({
  failing: {
    backgroundColor: theme.palette.errorBackground,
    '& td': { fontWeight: theme.typography.fontWeightMedium as number },
    '& td:first-child': {
      boxShadow: `inset 4px 0 0 ${theme.palette.status.error}`,
    },
  },
  message: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** `Stopped` reads the other way round: True is a stop someone asked for, False is running. */
function statusCategory(c: ServingCondition): RunStatusCategory | undefined {
  if (c.type !== 'Stopped') {
    return undefined;
  }
  return c.status === 'True' ? 'neutral' : 'ok';
}

/**
 * The InferenceService's status conditions: type, status, reason, message and last transition;
 * a `False` condition (but `Stopped: False`, which means running) stands out, with its message
 * in full.
 */
export function ServingConditionsTable(props: ServingConditionsTableProps) {
  const { conditions } = props;
  const classes = useStyles();
  if (conditions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        KServe has reported no conditions yet.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table size="small" aria-label="Conditions">
        <TableHead>
          <TableRow>
            <TableCell>Type</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Last transition</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {conditions.map(c => {
            const failing = isFailingCondition(c);
            return (
              <TableRow
                key={c.type}
                className={failing ? classes.failing : undefined}
                data-failing={failing}
              >
                <TableCell className={classes.nowrap}>{c.type}</TableCell>
                <TableCell>
                  <RunStatusChip
                    status={c.status}
                    label={c.status}
                    category={statusCategory(c)}
                  />
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {c.reason ?? ''}
                </TableCell>
                <TableCell className={classes.message}>
                  {c.message ?? ''}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {formatIso(c.lastTransitionTime)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
