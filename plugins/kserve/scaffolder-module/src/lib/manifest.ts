import { InputError } from '@backstage/errors';
import { INFERENCE_SERVICE_API_VERSION } from '@mlops-portal/plugin-kserve-common';
import type { InferenceServiceObject } from '@mlops-portal/plugin-kserve-node';
import type { NamespacedName } from '@mlops-portal/plugin-mlops-common';
import yaml from 'yaml';
import { DnsLabelKind, describeDnsLabel, dnsLabelProblems } from './names';

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a value is, in a few words, for errors: `the number 1`, `a list`, `null`. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

/**
 * A manifest given as text, read: YAML or JSON (JSON is YAML) holding exactly one document.
 *
 * @param where - names the manifest in errors, e.g. `manifest` or `manifestPath 'deploy/x.yaml'`
 * @throws InputError when it is not YAML or not exactly one document
 * @internal
 */
export function parseManifestText(text: string, where: string): unknown {
  const documents = yaml
    .parseAllDocuments(text)
    // A trailing `---` or a comment-only file makes a document with no content.
    .filter(document => document.errors.length > 0 || document.contents);
  const problem = documents.flatMap(document => document.errors)[0];
  if (problem) {
    throw new InputError(`${where} is not YAML or JSON: ${problem.message}`);
  }
  if (documents.length !== 1) {
    throw new InputError(
      `${where} holds ${documents.length} YAML documents; it must hold exactly one InferenceService`,
    );
  }
  try {
    return documents[0].toJS();
  } catch (error) {
    // An alias without its anchor, or one that expands too far, shows only here.
    throw new InputError(
      `${where} is not YAML or JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * A manifest checked to be one InferenceService KServe will take a name of, with its namespace
 * filled in.
 *
 * @internal
 */
export interface CheckedManifest {
  /** The manifest to apply: a copy of the input, `metadata.namespace` set. */
  manifest: InferenceServiceObject;
  /** Its namespace and name. */
  ref: NamespacedName;
}

function checkLabel(
  value: string,
  kind: DnsLabelKind,
  where: string,
  what: string,
): void {
  const problems = dnsLabelProblems(value, kind);
  if (problems.length > 0) {
    throw new InputError(
      `${where} ${JSON.stringify(value)} is not ${what} (${describeDnsLabel(
        kind,
      )}): ${problems.join('; ')}`,
    );
  }
}

function checkStringMap(metadata: JsonRecord, key: string): void {
  const map = metadata[key];
  if (map === undefined || map === null) return;
  if (!isRecord(map)) {
    throw new InputError(
      `metadata.${key} is ${describeValue(map)}; it must be a map of strings`,
    );
  }
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'string') {
      // The classic: `version: 1` in YAML is a number. Kubernetes wants strings.
      throw new InputError(
        `metadata.${key}[${JSON.stringify(name)}] is ${describeValue(
          value,
        )}; ${key.replace(/s$/, '')} values must be strings (quote it in YAML)`,
      );
    }
  }
}

/**
 * Checks, before anything is sent, that a manifest is one `serving.kserve.io/v1beta1`
 * InferenceService with a name KServe accepts (its webhook wants a DNS-1035 label), a namespace
 * that is a DNS-1123 label and a predictor; fields only the server writes (`status`,
 * `metadata.managedFields`) are refused, since server-side apply would not apply them.
 *
 * @param options.namespace - overrides (or fills in) `metadata.namespace`
 * @throws InputError naming the field and the rule it breaks
 * @internal
 */
export function checkInferenceServiceManifest(
  raw: unknown,
  options: { namespace?: string } = {},
): CheckedManifest {
  if (!isRecord(raw)) {
    throw new InputError(
      `manifest is ${describeValue(
        raw,
      )}; it must be one InferenceService (a YAML or JSON object)`,
    );
  }
  if (raw.apiVersion !== INFERENCE_SERVICE_API_VERSION) {
    throw new InputError(
      `apiVersion is ${describeValue(
        raw.apiVersion,
      )}; this action applies ${INFERENCE_SERVICE_API_VERSION} InferenceServices only`,
    );
  }
  if (raw.kind !== 'InferenceService') {
    throw new InputError(
      `kind is ${describeValue(
        raw.kind,
      )}; this action applies InferenceServices only`,
    );
  }
  if (!isRecord(raw.metadata)) {
    throw new InputError(
      `metadata is ${
        raw.metadata === undefined ? 'missing' : describeValue(raw.metadata)
      }; an InferenceService needs metadata.name`,
    );
  }
  const metadata = raw.metadata;
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    throw new InputError(
      `metadata.name is ${
        name === undefined || name === '' ? 'missing' : describeValue(name)
      }; server-side apply needs the InferenceService's name${
        metadata.generateName === undefined
          ? ''
          : ' (metadata.generateName is not enough)'
      }`,
    );
  }
  checkLabel(name, 'DNS-1035', 'metadata.name', 'a name KServe accepts');

  const given = metadata.namespace;
  if (given !== undefined && given !== null && typeof given !== 'string') {
    throw new InputError(
      `metadata.namespace is ${describeValue(given)}; it must be a string`,
    );
  }
  const namespace = options.namespace ?? (given || undefined);
  if (namespace === undefined) {
    throw new InputError(
      `The InferenceService '${name}' has no namespace: set metadata.namespace or the namespace input`,
    );
  }
  checkLabel(
    namespace,
    'DNS-1123',
    options.namespace === undefined ? 'metadata.namespace' : 'namespace',
    'a Kubernetes namespace',
  );
  checkStringMap(metadata, 'labels');
  checkStringMap(metadata, 'annotations');
  if (metadata.managedFields !== undefined) {
    throw new InputError(
      'metadata.managedFields is written by the API server; remove it from the manifest (server-side apply refuses it)',
    );
  }
  if (raw.status !== undefined) {
    throw new InputError(
      "status is written by KServe's controller, not applied; remove it from the manifest",
    );
  }
  if (!isRecord(raw.spec)) {
    throw new InputError(
      `spec is ${
        raw.spec === undefined ? 'missing' : describeValue(raw.spec)
      }; an InferenceService needs spec.predictor`,
    );
  }
  if (!isRecord(raw.spec.predictor)) {
    throw new InputError(
      `spec.predictor is ${
        raw.spec.predictor === undefined
          ? 'missing'
          : describeValue(raw.spec.predictor)
      }; an InferenceService needs a predictor (what it serves)`,
    );
  }
  const manifest = structuredClone(raw) as InferenceServiceObject;
  manifest.metadata.namespace = namespace;
  return { manifest, ref: { namespace, name } };
}
