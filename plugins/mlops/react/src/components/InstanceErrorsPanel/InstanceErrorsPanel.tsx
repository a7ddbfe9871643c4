import { WarningPanel } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import type { InstanceError } from '@mlops-portal/plugin-mlops-common';

/**
 * Props of {@link InstanceErrorsPanel}.
 *
 * @public
 */
export interface InstanceErrorsPanelProps {
  /** The failures; nothing is rendered when empty. */
  errors: readonly InstanceError[] | undefined;
  /** The upstream system's display name, e.g. `MLflow`; used in the title. */
  systemTitle?: string;
  /** Replaces the generated title. */
  title?: string;
}

/**
 * Shows the upstream instances that failed to answer, one line each, as a warning next to
 * whatever the other instances returned: a broken instance never blanks the page.
 *
 * @public
 */
export function InstanceErrorsPanel(props: InstanceErrorsPanelProps) {
  const { errors, systemTitle } = props;
  if (!errors || errors.length === 0) {
    return null;
  }
  const what = systemTitle ? `${systemTitle} instance` : 'Instance';
  const title =
    props.title ??
    (errors.length === 1
      ? `${what} '${errors[0].instance}' could not be read`
      : `${errors.length} ${what.toLowerCase()}s could not be read`);
  return (
    <WarningPanel
      severity="warning"
      title={title}
      defaultExpanded
      message="What is shown may be incomplete."
    >
      <List dense disablePadding aria-label="Instance errors">
        {errors.map((error, index) => (
          <ListItem key={`${error.instance}-${index}`} disableGutters>
            <ListItemText
              primary={[
                error.instance,
                error.status && `HTTP ${error.status}`,
                error.code,
              ]
                .filter(Boolean)
                .join(' · ')}
              secondary={error.message}
            />
          </ListItem>
        ))}
      </List>
    </WarningPanel>
  );
}
