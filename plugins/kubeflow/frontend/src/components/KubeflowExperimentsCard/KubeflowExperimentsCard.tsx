import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  errorMessage,
  InstanceErrorsPanel,
  useEntityRef,
} from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import { formatIso, SYSTEM_TITLE } from '../format';

/** The experiments the entity's runs are in, each linked into the KFP UI. */
export function KubeflowExperimentsCard() {
  const api = useApi(kubeflowApiRef);
  const entityRef = useEntityRef();
  const { value, loading, error } = useAsync(
    () => api.getExperiments(entityRef),
    [api, entityRef],
  );
  return (
    <InfoCard title="Experiments">
      <InstanceErrorsPanel systemTitle={SYSTEM_TITLE} errors={value?.errors} />
      {error && (
        <ResponseErrorPanel error={error} title={errorMessage(error)} />
      )}
      {loading && <Progress />}
      {value && value.items.length === 0 && value.errors.length === 0 && (
        <Typography color="textSecondary">No experiments yet.</Typography>
      )}
      {value && value.items.length > 0 && (
        <List dense disablePadding aria-label="Kubeflow experiments">
          {value.items.map(experiment => (
            <ListItem key={experiment.experimentId} disableGutters>
              <ListItemText
                primary={
                  <>
                    <Link
                      href={experiment.url}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      {experiment.name}
                    </Link>
                    {experiment.archived && (
                      <>
                        {' '}
                        <Chip
                          size="small"
                          variant="outlined"
                          label="Archived"
                        />
                      </>
                    )}
                  </>
                }
                secondary={[
                  experiment.description,
                  `last run ${formatIso(experiment.lastRunCreatedAt)}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
