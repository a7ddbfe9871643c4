export {
  AIRFLOW_DAG_TRIGGER_ACTION_ID,
  createAirflowDagTriggerAction,
  DRY_RUN_RUN_ID,
} from './airflowDagTrigger';
export {
  AIRFLOW_DAG_UNPAUSE_ACTION_ID,
  createAirflowDagUnpauseAction,
} from './airflowDagUnpause';
export type { AirflowScaffolderActionOptions } from '../lib/options';
