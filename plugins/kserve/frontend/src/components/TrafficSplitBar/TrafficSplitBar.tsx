import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  PredictorSummary,
  TrafficSplit,
  TrafficTarget,
} from '@mlops-portal/plugin-kserve-common';
import { formatPercent } from '../format';

/**
 * Props of {@link TrafficSplitBar}.
 *
 * @public
 */
export interface TrafficSplitBarProps {
  /** `status.components.predictor` traffic, as the backend read it. */
  traffic: TrafficSplit | undefined;
  /** The predictor, for the share the spec asks for while KServe is still moving traffic. */
  predictor?: PredictorSummary;
}

type Role = 'canary' | 'stable';

const useStyles = makeStyles((theme: Theme) => ({
  bar: {
    display: 'flex',
    height: theme.spacing(3),
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.disabledBackground,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: 0,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.caption.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  stable: {
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
  },
  canary: {
    backgroundColor: theme.palette.secondary.main,
    color: theme.palette.secondary.contrastText,
  },
  legend: {
    margin: theme.spacing(1, 0, 0),
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  item: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  swatch: {
    width: theme.spacing(1.5),
    height: theme.spacing(1.5),
    borderRadius: 2,
    flex: 'none',
  },
}));

function roleOf(target: TrafficTarget, traffic: TrafficSplit): Role {
  return target.latestRevision ||
    (traffic.latestReadyRevision !== undefined &&
      target.revisionName === traffic.latestReadyRevision)
    ? 'canary'
    : 'stable';
}

/** `fraud-detector-predictor-00005 (canary, tag latest) 20 %`; without a split, no role. */
function describeTarget(target: TrafficTarget, role: Role | undefined) {
  const notes = [role, target.tag && `tag ${target.tag}`]
    .filter(Boolean)
    .join(', ');
  return [
    target.revisionName ?? 'unnamed revision',
    notes && `(${notes})`,
    formatPercent(target.percent),
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The predictor's traffic split as a bar, stable revision left and canary right, each segment
 * as wide as its share, with a legend naming each revision, its tag (and tagged URL) and share.
 * While the spec asks for another canary share than the status reports, it says so.
 *
 * @public
 */
export function TrafficSplitBar(props: TrafficSplitBarProps) {
  const { traffic, predictor } = props;
  const classes = useStyles();
  const targets = traffic?.targets ?? [];
  if (!traffic || targets.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        KServe reports no traffic split for this InferenceService.
      </Typography>
    );
  }
  const split = targets.some(t => roleOf(t, traffic) === 'stable');
  // one revision with all traffic is neither canary nor stable: it is drawn as the stable one
  const role = (t: TrafficTarget): Role | undefined =>
    split ? roleOf(t, traffic) : undefined;
  const colour = (t: TrafficTarget) => classes[role(t) ?? 'stable'];
  // stable left, canary right: the canary grows from the right as it is promoted
  const ordered = [...targets].sort(
    (a, b) =>
      Number(roleOf(a, traffic) === 'canary') -
      Number(roleOf(b, traffic) === 'canary'),
  );
  const requested = predictor?.canaryTrafficPercent;
  const applying =
    split && requested !== undefined && requested !== traffic.latestPercent;
  const summary = ordered.map(t => describeTarget(t, role(t))).join(', ');

  return (
    <div>
      <div
        className={classes.bar}
        role="img"
        aria-label={`Traffic: ${summary}`}
      >
        {ordered
          .filter(t => t.percent > 0)
          .map((t, index) => (
            <div
              key={`${t.revisionName}-${index}`}
              className={`${classes.segment} ${colour(t)}`}
              style={{ width: `${t.percent}%` }}
              data-role={role(t) ?? 'all'}
            >
              {formatPercent(t.percent)}
            </div>
          ))}
      </div>
      <ul className={classes.legend} aria-label="Traffic split">
        {ordered.map((t, index) => {
          return (
            <li key={`${t.revisionName}-${index}`} className={classes.item}>
              <span className={`${classes.swatch} ${colour(t)}`} aria-hidden />
              <Typography variant="body2" component="span">
                <strong>{formatPercent(t.percent)}</strong>
                {role(t) && ` ${role(t)}`} ·{' '}
                <code>{t.revisionName ?? 'unnamed revision'}</code>
                {t.tag && (
                  <>
                    {' '}
                    · tag{' '}
                    {t.url ? (
                      <Link
                        href={t.url}
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        {t.tag}
                      </Link>
                    ) : (
                      t.tag
                    )}
                  </>
                )}
              </Typography>
            </li>
          );
        })}
      </ul>
      {applying && (
        <Typography variant="caption" color="textSecondary" component="p">
          The spec asks for {formatPercent(requested)} on the canary; KServe
          still reports {formatPercent(traffic.latestPercent)}.
        </Typography>
      )}
    </div>
  );
}
