import Alert from '@material-ui/lab/Alert';
import { AirflowDagsResponse } from '@mlops-portal/plugin-airflow-common';
import { ANNOTATION_AIRFLOW_DAG_ID } from '@mlops-portal/plugin-airflow-common';
import { missingDagIds } from '../hooks/useEntityDags';

/** Names the annotated DAG ids Airflow does not know, pointing at the annotation to fix. */
export function MissingDagsNote(props: {
  value: AirflowDagsResponse | undefined;
}) {
  const missing = missingDagIds(props.value);
  if (missing.length === 0) {
    return null;
  }
  return (
    <Alert severity="info">
      {missing.length === 1 ? 'DAG ' : 'DAGs '}
      {missing.map((id, index) => (
        <span key={id}>
          {index > 0 && ', '}
          <code>{id}</code>
        </span>
      ))}{' '}
      {missing.length === 1 ? 'was' : 'were'} not found on Airflow instance '
      {props.value?.target?.instance}'. Check the{' '}
      <code>{ANNOTATION_AIRFLOW_DAG_ID}</code> annotation of this entity.
    </Alert>
  );
}
