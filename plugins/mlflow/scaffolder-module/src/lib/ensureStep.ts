import { BasicPermission } from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import {
  MlflowApi,
  MlflowInstanceConfig,
} from '@mlops-portal/plugin-mlflow-node';
import {
  createOrReuseWinner,
  optionalText,
  runWriteStep,
} from '@mlops-portal/plugin-mlops-node';
import { MlflowScaffolderActionOptions } from './options';

/**
 * What an action found or did; a JSON value, so that a checkpoint can store it.
 *
 * @internal
 */
export type EnsureOutcome = JsonObject & {
  /** False when an object of that name already existed and was reused. */
  created: boolean;
};

/**
 * One kind of MLflow object the actions make sure exists: how to find and create one, which
 * permission a create needs, and how logs and the audit log name it.
 *
 * @internal
 */
export interface MlflowObjectKind<
  TRequest extends { name: string },
  TOutcome extends EnsureOutcome,
> {
  /** What the object is, e.g. `MLflow experiment`. */
  noun: string;
  /** Prefix of the checkpoint key, which the instance and name complete. */
  checkpoint: string;
  /** What a create needs (nothing owns the object yet, so a basic permission decides). */
  permission: BasicPermission;
  /** What a reuse leaves as it is, e.g. `its artifact location and tags`. */
  untouched: string;
  /** The id MLflow gave the object, when it is not the name. */
  idOf?(outcome: TOutcome): string;
  /** The existing object as a reuse; undefined when there is none. */
  find(client: MlflowApi, name: string): Promise<TOutcome | undefined>;
  /** Creates the object; ConflictError when the name is taken. */
  create(client: MlflowApi, request: TRequest): Promise<TOutcome>;
  /** What the audit event records of a create: the object and its parameters. */
  describe(request: TRequest): JsonObject;
  /** What a dry run reports for an object a real run would create. */
  dryRunOutcome: TOutcome;
}

/**
 * The parts of the action context a step uses.
 *
 * @internal
 */
export type EnsureContext = Pick<
  ActionContext<JsonObject>,
  | 'input'
  | 'logger'
  | 'isDryRun'
  | 'checkpoint'
  | 'getInitiatorCredentials'
  | 'task'
>;

/**
 * Makes sure the requested object exists on the instance the `instance` input names.
 *
 * @remarks
 * The kit's `runWriteStep`: an existing object is reused without a permission check (reusing is
 * not a write). Otherwise the create goes through the write pipeline (authorized with the task
 * initiator's credentials, audited), inside a checkpoint so that a retried task replays its
 * outcome instead of creating again. A dry run only reads, and asks whether the initiator may
 * create: it fails as the real run would, but writes nothing and records no audit event.
 *
 * @returns the outcome, and the instance it was found or made on
 * @internal
 */
export async function runEnsureStep<
  TRequest extends { name: string },
  TOutcome extends EnsureOutcome,
>(
  ctx: EnsureContext,
  options: MlflowScaffolderActionOptions,
  kind: MlflowObjectKind<TRequest, TOutcome>,
  request: TRequest,
  /** Appended to the log line of a create, e.g. ` with owner=team`. */
  createdNote = '',
): Promise<{ outcome: TOutcome; instance: MlflowInstanceConfig }> {
  const { name } = request;
  // Part of checking the input: an unknown instance is an InputError before any request.
  const client = options.clients.forInstance(
    optionalText('instance', ctx.input.instance),
  );
  const { instance } = client;
  const subject = `${kind.noun} '${name}'`;
  const label = (outcome: TOutcome) =>
    kind.idOf ? `${subject} (id ${kind.idOf(outcome)})` : subject;
  const where = `on instance '${instance.name}'`;
  const description = `create ${subject} ${where}`;

  let created: TOutcome | undefined;
  const result = await runWriteStep(ctx, options.pipeline, {
    checkpoint: `${kind.checkpoint}.${instance.name}.${name}`,
    current: () => kind.find(client, name),
    write: {
      // The permission's name, kebab-case: `mlflow-experiment-create`.
      eventId: kind.permission.name.replaceAll('.', '-'),
      instance: instance.name,
      authority: { kind: 'basic', permission: kind.permission, description },
      meta: { instance: instance.name, ...kind.describe(request) },
      async change() {
        created = await createOrReuseWinner(
          () => kind.create(client, request),
          () => kind.find(client, name),
        );
        const after = kind.idOf?.(created) ?? name;
        // A create that lost a race changed nothing: the winner's object was there before.
        return { before: created.created ? null : after, after };
      },
      reload: async () => created!,
      outcome: outcome => ({ created: outcome.created }),
    },
    dryRunOutcome: kind.dryRunOutcome,
  });

  const { outcome } = result;
  if (result.status === 'would-write') {
    ctx.logger.info(
      `Dry run: would ${description} (allowed: ${result.allowedBy})`,
    );
  } else if (ctx.isDryRun) {
    ctx.logger.info(
      `Dry run: would reuse the existing ${label(outcome)} ${where}`,
    );
  } else {
    ctx.logger.info(
      outcome.created
        ? `Created ${label(outcome)} ${where}${createdNote}`
        : `Reused the existing ${label(outcome)} ${where}; ${
            kind.untouched
          } were left as they are`,
    );
  }
  return { outcome, instance };
}
