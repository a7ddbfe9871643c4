import { createHash } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  kserveInferenceServiceApplyPermission,
  kserveInferenceServiceCreatePermission,
} from '@mlops-portal/plugin-kserve-common';
import {
  kserveEntityRefs,
  kserveInferenceServiceLocator,
} from '@mlops-portal/plugin-kserve-node';
import {
  WriteAuthority,
  optionalText,
  runWriteStep,
} from '@mlops-portal/plugin-mlops-node';
import yaml from 'yaml';
import {
  ApplyOutcome,
  applyManifest,
  findInferenceService,
  outcomeOf,
  prunedFieldsError,
  versionOf,
} from '../lib/apply';
import { warnIfUnread } from '../lib/cluster';
import { checkInferenceServiceManifest } from '../lib/manifest';
import { readManifestInput } from '../lib/manifestInput';
import { KserveScaffolderActionOptions } from '../lib/options';
import { examples } from './applyInferenceService.examples';

/**
 * The id of the InferenceService apply action.
 *
 * @public
 */
export const KSERVE_INFERENCE_SERVICE_APPLY_ACTION_ID =
  'kserve:inferenceservice:apply';

/**
 * The field manager the action applies under unless told otherwise: the owner, in
 * `metadata.managedFields`, of every field it set.
 *
 * @public
 */
export const DEFAULT_KSERVE_FIELD_MANAGER = 'backstage-mlops-portal';

// Kubernetes refuses longer field managers.
const MAX_FIELD_MANAGER_LENGTH = 128;

function fieldManagerInput(value: unknown): string {
  const fieldManager =
    optionalText('fieldManager', value) ?? DEFAULT_KSERVE_FIELD_MANAGER;
  if (
    fieldManager.length > MAX_FIELD_MANAGER_LENGTH ||
    /[^\x21-\x7e]/.test(fieldManager)
  ) {
    throw new InputError(
      `fieldManager ${JSON.stringify(
        fieldManager,
      )} is not one Kubernetes accepts: at most ${MAX_FIELD_MANAGER_LENGTH} printable ASCII characters, no spaces`,
    );
  }
  return fieldManager;
}

/**
 * Creates the scaffolder action `kserve:inferenceservice:apply`: applies one KServe
 * InferenceService to a cluster by server-side apply, after checking it locally (names KServe
 * accepts, a predictor) and by a server dry-run (the CRD's validation, fields it would prune).
 *
 * @remarks
 * Updating an existing InferenceService needs `kserve.inferenceService.apply` on the
 * `model-server` Component the KServe provider ingested for it; creating one needs the basic
 * `kserve.inferenceService.create`. The apply is audited with the resourceVersion and generation
 * before and after. A template dry run checks and authorizes and runs the server dry-run, but
 * applies nothing.
 *
 * @public
 */
export function createKserveInferenceServiceApplyAction(
  options: KserveScaffolderActionOptions,
) {
  return createTemplateAction({
    id: KSERVE_INFERENCE_SERVICE_APPLY_ACTION_ID,
    description:
      'Applies a KServe InferenceService to a cluster by server-side apply, after a server dry-run',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          manifest: z
            .union([z.record(z.unknown()), z.string()])
            .optional()
            .describe(
              'The InferenceService (serving.kserve.io/v1beta1): an object, or its YAML or JSON text. Give this or manifestPath',
            ),
          manifestPath: z
            .string()
            .optional()
            .describe(
              'Path in the workspace of a YAML or JSON file holding the InferenceService, e.g. `deploy/base/inference-service.yaml`. Give this or manifest',
            ),
          cluster: z
            .string()
            .optional()
            .describe(
              'Name of the cluster (`kubernetes.clusterLocatorMethods[].clusters[].name`); the first configured cluster when omitted or empty',
            ),
          namespace: z
            .string()
            .optional()
            .describe(
              "The InferenceService's namespace; overrides (or fills in) the manifest's metadata.namespace",
            ),
          fieldManager: z
            .string()
            .optional()
            .describe(
              `The field manager of the server-side apply; \`${DEFAULT_KSERVE_FIELD_MANAGER}\` when omitted`,
            ),
          force: z
            .boolean()
            .optional()
            .describe(
              'Take over fields another field manager owns (server-side apply `force`); default false: such a conflict fails the step',
            ),
          allowPrunedFields: z
            .boolean()
            .optional()
            .describe(
              'Apply even when the CRD does not know some fields of the manifest (the server drops them; the step logs a warning); default false: the step fails naming them',
            ),
        }),
      output: z =>
        z.object({
          cluster: z.string().describe('Name of the cluster applied to'),
          namespace: z.string().describe("The InferenceService's namespace"),
          name: z.string().describe("The InferenceService's name"),
          created: z
            .boolean()
            .describe('Whether this step created it; false when it updated it'),
          resourceVersion: z
            .string()
            .describe('Its resourceVersion after the apply'),
          uid: z.string().optional().describe('Its uid'),
          url: z
            .string()
            .optional()
            .describe(
              'Its URL (status.url), once KServe has reconciled it; absent on a new InferenceService',
            ),
          prunedFields: z
            .array(z.string())
            .describe(
              'Fields of the manifest the server dropped (only with allowPrunedFields)',
            ),
          entityRef: z
            .string()
            .describe(
              'The model-server Component the KServe catalog provider ingests for it, e.g. for a catalog-info.yaml dependsOn',
            ),
        }),
    },
    async handler(ctx) {
      // Everything is checked before the first request, in a dry run too.
      const raw = await readManifestInput(ctx.input, ctx.workspacePath);
      const { manifest, ref } = checkInferenceServiceManifest(raw, {
        namespace: optionalText('namespace', ctx.input.namespace),
      });
      const fieldManager = fieldManagerInput(ctx.input.fieldManager);
      const force = ctx.input.force ?? false;
      const allowPrunedFields = ctx.input.allowPrunedFields ?? false;
      // An unknown cluster is the kit's InputError naming the configured ones.
      const client = options.clients.forInstance(
        optionalText('cluster', ctx.input.cluster),
      );
      const { cluster } = client;
      const { instances } = options.clients;
      const subject = `InferenceService '${ref.namespace}/${ref.name}' on cluster '${cluster.name}'`;
      warnIfUnread(cluster, ref, ctx.logger);

      const existing = await findInferenceService(client, ref);
      const authority: WriteAuthority = existing
        ? {
            kind: 'ingested-entity',
            permission: kserveInferenceServiceApplyPermission,
            locator: kserveInferenceServiceLocator(
              instances,
              cluster.name,
              ref,
            ),
          }
        : {
            kind: 'basic',
            permission: kserveInferenceServiceCreatePermission,
            description: `create ${subject}`,
          };
      const applyOptions = { fieldManager, force };

      // The server's own checks, with nothing stored: its validation, and what the CRD would prune.
      const serverDryRun = async () => {
        const preview = await applyManifest(
          client,
          manifest,
          { ...applyOptions, dryRun: true },
          subject,
        );
        if (preview.created !== !existing) {
          // Authorized as a create, it would update (or the reverse): decide again on the object as it is.
          throw new ConflictError(
            `${subject} was ${
              existing ? 'deleted' : 'created'
            } meanwhile; run the step again`,
          );
        }
        if (preview.prunedFields.length > 0) {
          if (!allowPrunedFields) {
            throw prunedFieldsError(preview.prunedFields, subject);
          }
          ctx.logger.warn(
            `The CRD does not know ${preview.prunedFields.join(
              ', ',
            )}; applying ${subject} without ${
              preview.prunedFields.length === 1 ? 'it' : 'them'
            } (allowPrunedFields)`,
          );
        }
        return preview;
      };

      let applied: ApplyOutcome | undefined;
      const digest = createHash('sha256')
        .update(JSON.stringify({ manifest, applyOptions }))
        .digest('hex')
        .slice(0, 12);
      const result = await runWriteStep<ApplyOutcome>(ctx, options.pipeline, {
        // The same manifest applied twice in one task is one apply; a different one is another.
        checkpoint: `kserve.inferenceservice.apply.${cluster.name}.${ref.namespace}.${ref.name}.${digest}`,
        // An apply of an unchanged manifest changes nothing on the server: no need to look first.
        current: async () => undefined,
        write: {
          eventId: 'kserve-inferenceservice-apply',
          instance: cluster.name,
          authority,
          meta: {
            cluster: cluster.name,
            namespace: ref.namespace,
            name: ref.name,
            operation: existing ? 'update' : 'create',
            fieldManager,
            force,
          },
          async change() {
            await serverDryRun();
            const done = await applyManifest(
              client,
              manifest,
              { ...applyOptions, dryRun: false },
              subject,
            );
            applied = outcomeOf(done, { dryRun: false });
            if (done.created !== !existing) {
              // Too late to refuse: it changed between the dry run and the apply. Say so.
              ctx.logger.warn(
                `${subject} was ${
                  done.created ? 'deleted' : 'created by someone else'
                } just before the apply, which ${
                  done.created ? 'created' : 'updated'
                } it`,
              );
            }
            return {
              before: existing ? versionOf(existing) : null,
              after: versionOf(done.object),
            };
          },
          reload: async () => applied!,
          outcome: outcome => ({
            created: outcome.created,
            prunedFields: outcome.prunedFields,
          }),
        },
        dryRunOutcome: {
          created: !existing,
          resourceVersion: '(dry run)',
          generation: null,
          uid: null,
          url: null,
          prunedFields: [],
        },
      });

      let outcome = result.outcome;
      if (result.status === 'would-write') {
        outcome = outcomeOf(await serverDryRun(), { dryRun: true });
        ctx.logger.info(
          `Dry run: would ${
            outcome.created ? 'create' : 'update'
          } ${subject} as field manager '${fieldManager}' (allowed: ${
            result.allowedBy
          }); the server's dry run accepted this manifest:\n${yaml.stringify(
            manifest,
          )}`,
        );
      } else {
        ctx.logger.info(
          `${
            outcome.created ? 'Created' : 'Updated'
          } ${subject} (resourceVersion ${outcome.resourceVersion})`,
        );
      }
      ctx.output('cluster', cluster.name);
      ctx.output('namespace', ref.namespace);
      ctx.output('name', ref.name);
      ctx.output('created', outcome.created);
      ctx.output('resourceVersion', outcome.resourceVersion);
      if (outcome.uid) ctx.output('uid', outcome.uid);
      if (outcome.url) ctx.output('url', outcome.url);
      ctx.output('prunedFields', outcome.prunedFields);
      ctx.output(
        'entityRef',
        kserveEntityRefs(instances, cluster.name, ref).component,
      );
    },
  });
}
