import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { RunStatusCategory, runStatusCategory } from './runStatusCategory';
import { statusColour } from './statusPalette';

/**
 * Props of {@link RunStatusChip}.
 *
 * @public
 */
export interface RunStatusChipProps {
  /** The status as the upstream reports it, e.g. `FINISHED`, `up_for_retry`, `SUCCEEDED`. */
  status: string | undefined;
  /** What the chip says; defaults to the status in sentence case (`Up for retry`). */
  label?: string;
  /** Overrides the colour family derived from the status. */
  category?: RunStatusCategory;
}

const useStyles = makeStyles<Theme, { category: RunStatusCategory }>(theme => ({
  chip: ({ category }) => {
    const colour = statusColour(theme, category);
    return {
      backgroundColor: colour,
      color: theme.palette.getContrastText(colour),
      fontWeight: theme.typography.fontWeightMedium as number,
      margin: 0,
    };
  },
}));

/**
 * A small chip that shows a run, task or model-version status of any MLOps system in its
 * colour family (ok, running, pending, error, neutral).
 *
 * @public
 */
export function RunStatusChip(props: RunStatusChipProps) {
  const category = props.category ?? runStatusCategory(props.status);
  const classes = useStyles({ category });
  const label = props.label ?? sentenceCase(props.status);
  return (
    <Chip
      size="small"
      label={label}
      className={classes.chip}
      data-status-category={category}
      title={props.status}
    />
  );
}

function sentenceCase(status: string | undefined): string {
  if (!status) {
    return 'Unknown';
  }
  const words = status
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
