import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  RunStatusCategory,
  runStatusCategory,
} from '../RunStatusChip/runStatusCategory';
import { statusColour } from '../RunStatusChip/statusPalette';

/**
 * One square of a {@link RunStatusStrip}.
 *
 * @public
 */
export interface RunStatusStripItem {
  /** Identifies the run; what `onSelect` receives. */
  id: string;
  /** The status as the upstream reports it; its colour family colours the square. */
  status: string | undefined;
  /** The square's accessible name and tooltip, e.g. `manual__2026-10-22 · failed`. */
  label: string;
  /** Where the square links to when the strip is not selectable. */
  href?: string;
}

/**
 * Props of {@link RunStatusStrip}.
 *
 * @public
 */
export interface RunStatusStripProps {
  /** The runs, drawn left to right in the order given. */
  items: readonly RunStatusStripItem[];
  /** The accessible name of the strip, e.g. `Recent runs of train_model`. */
  title: string;
  /** The selected run, drawn with an outline. */
  selectedId?: string;
  /** Makes the squares buttons that select their run; without it they are links (with `href`). */
  onSelect?: (id: string) => void;
}

const SIZE = 16;

const useStyles = makeStyles<Theme>(theme => ({
  strip: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: 3,
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  square: {
    display: 'block',
    width: SIZE,
    height: SIZE,
    padding: 0,
    border: 'none',
    borderRadius: 2,
    cursor: 'default',
    'a&, button&': { cursor: 'pointer' },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 1,
    },
  },
  selected: {
    outline: `2px solid ${theme.palette.text.primary}`,
    outlineOffset: 1,
  },
}));

const useColour = makeStyles<Theme, { category: RunStatusCategory }>(theme => ({
  colour: ({ category }) => ({
    backgroundColor: statusColour(theme, category),
  }),
}));

/**
 * A row of small squares, one per run, coloured by status family (the strip Airflow's grid view
 * and most CI systems draw): a history of a pipeline at a glance. Selectable with `onSelect`.
 *
 * @public
 */
export function RunStatusStrip(props: RunStatusStripProps) {
  const { items, title, selectedId, onSelect } = props;
  const classes = useStyles();
  return (
    <ul className={classes.strip} aria-label={title}>
      {items.map(item => (
        <li key={item.id}>
          <Square
            item={item}
            selected={item.id === selectedId}
            onSelect={onSelect}
            className={`${classes.square} ${
              item.id === selectedId ? classes.selected : ''
            }`}
          />
        </li>
      ))}
    </ul>
  );
}

function Square(props: {
  item: RunStatusStripItem;
  selected: boolean;
  onSelect?: (id: string) => void;
  className: string;
}) {
  const { item, selected, onSelect } = props;
  const category = runStatusCategory(item.status);
  const colour = useColour({ category });
  const common = {
    className: `${props.className} ${colour.colour}`,
    title: item.label,
    'aria-label': item.label,
    'data-status-category': category,
  };
  if (onSelect) {
    return (
      <button
        type="button"
        {...common}
        aria-pressed={selected}
        onClick={() => onSelect(item.id)}
      />
    );
  }
  if (item.href) {
    return (
      <a {...common} href={item.href} target="_blank" rel="noopener noreferrer">
        {/* a link needs content for some screen readers; the label carries the name */}
        <span hidden>{item.label}</span>
      </a>
    );
  }
  return <span {...common} role="img" />;
}
