import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  airflowDagPausePermission,
  airflowUiLinks,
} from '@mlops-portal/plugin-airflow-common';
import { airflowDagLocator } from '@mlops-portal/plugin-airflow-node';
import { optionalText, runWriteStep } from '@mlops-portal/plugin-mlops-node';
import { validateDagId } from '../lib/input';
import { AirflowScaffolderActionOptions } from '../lib/options';
import * as schema from '../lib/schema';
import { examples } from './airflowDagUnpause.examples';

/**
 * The id of the DAG unpause action.
 *
 * @public
 */
export const AIRFLOW_DAG_UNPAUSE_ACTION_ID = 'airflow:dag:unpause';

/**
 * Creates the scaffolder action `airflow:dag:unpause`: unpauses an Airflow DAG so that the
 * scheduler runs it; a DAG that is not paused is left as it is (`changed: false`). Unpausing
 * needs `airflow.dag.pause` on the DAG's ingested `airflow-dag` entity and is audited.
 *
 * @public
 */
export function createAirflowDagUnpauseAction(
  options: AirflowScaffolderActionOptions,
) {
  return createTemplateAction({
    id: AIRFLOW_DAG_UNPAUSE_ACTION_ID,
    description:
      'Unpauses an Airflow DAG so that its scheduler runs it; a DAG that is not paused is left as it is',
    examples,
    supportsDryRun: true,
    schema: {
      input: z => z.object(schema.dagInput(z)),
      output: z =>
        z.object({
          dagId: z.string().describe('Id of the DAG'),
          isPaused: z
            .literal(false)
            .describe('Whether the DAG is paused: false once the step is done'),
          changed: z
            .boolean()
            .describe(
              'Whether this step unpaused the DAG; false when it was not paused',
            ),
          url: z.string().describe('Link to the DAG in the Airflow UI'),
          instance: schema.instanceOutput(z),
        }),
    },
    async handler(ctx) {
      const dagId = validateDagId(ctx.input.dagId);
      // Part of checking the input: an unknown instance is an InputError before any request.
      const client = options.clients.forInstance(
        optionalText('instance', ctx.input.instance),
      );
      const { instance } = client;
      const subject = `Airflow DAG '${dagId}' on instance '${instance.name}'`;

      const result = await runWriteStep<{ changed: boolean }>(
        ctx,
        options.pipeline,
        {
          checkpoint: `airflow.dag.unpause.${instance.name}.${dagId}`,
          // NotFoundError for an unknown DAG, in a dry run too.
          current: async () =>
            (
              await client.getDag(dagId)
            ).isPaused
              ? undefined
              : { changed: false },
          write: {
            eventId: 'airflow-dag-pause',
            instance: instance.name,
            authority: {
              kind: 'ingested-entity',
              permission: airflowDagPausePermission,
              locator: airflowDagLocator(
                options.clients.instances,
                instance.name,
                dagId,
              ),
            },
            meta: { instance: instance.name, dagId, isPaused: false },
            async change() {
              await client.setPaused(dagId, false);
              return { before: { isPaused: true }, after: { isPaused: false } };
            },
            reload: async () => ({ changed: true }),
          },
          dryRunOutcome: { changed: true },
        },
      );

      switch (result.status) {
        case 'would-write':
          ctx.logger.info(
            `Dry run: would unpause ${subject} (allowed: ${result.allowedBy})`,
          );
          break;
        case 'unchanged':
          ctx.logger.info(
            `${
              ctx.isDryRun ? 'Dry run: ' : ''
            }${subject} is not paused; it was left as it is`,
          );
          break;
        default:
          ctx.logger.info(
            `Unpaused ${subject}: its scheduler now runs it on its schedule`,
          );
      }

      const apiVersion = await client.apiVersion();
      ctx.output('dagId', dagId);
      ctx.output('isPaused', false);
      ctx.output('changed', result.outcome.changed);
      ctx.output('url', airflowUiLinks.dag(instance.uiUrl, apiVersion, dagId));
      ctx.output('instance', instance.name);
    },
  });
}
