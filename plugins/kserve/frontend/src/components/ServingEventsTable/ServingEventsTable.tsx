import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ServingEvent } from '@mlops-portal/plugin-kserve-common';
import { RunStatusChip, UNKNOWN_VALUE } from '@mlops-portal/plugin-mlops-react';
import { formatIso } from '../format';

/** Props of {@link ServingEventsTable}. */
export interface ServingEventsTableProps {
  /** The events, newest first. */
  events: ServingEvent[];
  /** Why the events could not be read, when they could not. */
  eventsError?: string;
}

const useStyles = makeStyles({
  message: { overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
});

/**
 * The recent Kubernetes events about the InferenceService, newest first: type (a `Warning`
 * stands out), reason, message, how often and when last seen.
 */
export function ServingEventsTable(props: ServingEventsTableProps) {
  const { events, eventsError } = props;
  const classes = useStyles();
  return (
    <>
      {eventsError && (
        <Alert severity="warning">
          The events could not be read: {eventsError}
        </Alert>
      )}
      {events.length === 0 && !eventsError && (
        <Typography variant="body2" color="textSecondary">
          No recent events.
        </Typography>
      )}
      {events.length > 0 && (
        <TableContainer>
          <Table size="small" aria-label="Recent events">
            <TableHead>
              <TableRow>
                <TableCell>Type</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Message</TableCell>
                <TableCell align="right" className={classes.nowrap}>
                  Count
                </TableCell>
                <TableCell>Last seen</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {events.map((event, index) => (
                <TableRow key={`${event.reason}-${event.lastSeen}-${index}`}>
                  <TableCell>
                    <RunStatusChip
                      status={event.type}
                      label={event.type}
                      category={
                        event.type === 'Warning' ? 'warning' : 'neutral'
                      }
                    />
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    {event.reason ?? ''}
                  </TableCell>
                  <TableCell className={classes.message}>
                    {event.message ?? ''}
                    {event.source && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="span"
                      >
                        {' '}
                        · {event.source}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {event.count ?? UNKNOWN_VALUE}
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    {formatIso(event.lastSeen)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
