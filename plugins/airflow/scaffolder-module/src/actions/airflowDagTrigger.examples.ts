import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { templateExample } from '../lib/examples';

/** Template snippets for `airflow:dag:trigger`, shown in the template editor. */
export const examples: TemplateExample[] = [
  templateExample(
    'Trigger a run of a DAG on the default Airflow instance, with parameters and a note',
    `
    steps:
      - id: trigger-dag
        name: Trigger Airflow DAG
        action: airflow:dag:trigger
        input:
          dagId: fraud_detection_training
          conf:
            lookback_days: 30
            model_name: fraud-detector
          note: Retrain after the label fix
    `,
  ),
  templateExample(
    'Trigger the first training run of a new model project once (a retried task finds it by its run id), wait for it to succeed, and link to it',
    `
    steps:
      - id: trigger-dag
        name: Train the first model
        action: airflow:dag:trigger
        input:
          dagId: churn_model_retrain
          runId: backstage-initial-training-churn-v2
          conf:
            model_name: churn-predictor-v2
          wait: true
          timeoutSeconds: 3600
          pollIntervalSeconds: 30
    output:
      links:
        - title: First training run
          url: \${{ steps["trigger-dag"].output.url }}
    `,
  ),
  templateExample(
    'Trigger a run for a given logical date on a named Airflow instance',
    `
    steps:
      - id: trigger-dag
        name: Backfill one day
        action: airflow:dag:trigger
        input:
          dagId: fraud_detection_training
          instance: research
          logicalDate: '2026-11-01T02:00:00Z'
          note: Backfill of November 1st
    `,
  ),
];
