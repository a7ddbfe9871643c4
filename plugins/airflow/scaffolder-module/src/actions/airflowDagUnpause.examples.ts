import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { templateExample } from '../lib/examples';

/** Template snippets for `airflow:dag:unpause`, shown in the template editor. */
export const examples: TemplateExample[] = [
  templateExample(
    'Unpause a DAG on the default Airflow instance, so that the scheduler runs it',
    `
    steps:
      - id: unpause-dag
        name: Unpause Airflow DAG
        action: airflow:dag:unpause
        input:
          dagId: demand_forecast_batch
    `,
  ),
  templateExample(
    'Unpause a DAG on a named Airflow instance and link to it',
    `
    steps:
      - id: unpause-dag
        name: Unpause Airflow DAG
        action: airflow:dag:unpause
        input:
          dagId: demand_forecast_batch
          instance: research
    output:
      links:
        - title: Airflow DAG
          url: \${{ steps["unpause-dag"].output.url }}
    `,
  ),
  templateExample(
    "Unpause a new project's DAG, trigger its first run, and link to both",
    `
    steps:
      - id: unpause-dag
        name: Unpause Airflow DAG
        action: airflow:dag:unpause
        input:
          dagId: demand_forecast_batch
      - id: trigger-dag
        name: Trigger the first run
        action: airflow:dag:trigger
        input:
          dagId: demand_forecast_batch
          note: First run of the new project
    output:
      links:
        - title: Airflow DAG
          url: \${{ steps["unpause-dag"].output.url }}
        - title: First run
          url: \${{ steps["trigger-dag"].output.url }}
    `,
  ),
];
