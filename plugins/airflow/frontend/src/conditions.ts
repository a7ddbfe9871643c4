export { isAirflowAvailable } from '@mlops-portal/plugin-airflow-common';
