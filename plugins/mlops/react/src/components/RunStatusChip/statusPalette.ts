import { Theme } from '@material-ui/core/styles';
import { RunStatusCategory } from './runStatusCategory';

// `aborted` rather than a grey of our own, so neutral follows the app's theme like the rest.
const PALETTE_KEY: Record<RunStatusCategory, keyof Theme['palette']['status']> =
  {
    ok: 'ok',
    running: 'running',
    pending: 'pending',
    warning: 'warning',
    error: 'error',
    neutral: 'aborted',
  };

/** The theme colour of a status category, shared by the chip and the strip. */
export function statusColour(
  theme: Theme,
  category: RunStatusCategory,
): string {
  return theme.palette.status[PALETTE_KEY[category]];
}
