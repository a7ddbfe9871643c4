import type { SchemaValidateFunction, ValidateFunction } from 'ajv';
import {
  createAjv,
  formatErrors,
  isObject,
  registerVocabulary,
  type AjvInstance,
  type JsonObject,
} from './ajv';
import { normalizeSchema } from './schema';
import type { ContractViolation } from './types';

// What the API server checks of any custom resource beyond its CRD's schema: ObjectMeta, the
// Kubernetes list extensions, pruning of unknown fields. Shared by every CRD contract.

const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS1123_SUBDOMAIN =
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };

// The CRD says only `metadata: {type: object}`; the API server holds every object to ObjectMeta.
/** ObjectMeta as the API server holds every object to it. */
export const OBJECT_META: JsonObject = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['name'] }, { required: ['generateName'] }],
  properties: {
    name: { type: 'string', maxLength: 253, pattern: DNS1123_SUBDOMAIN },
    generateName: { type: 'string' },
    namespace: { type: 'string', maxLength: 63, pattern: DNS1123_LABEL },
    selfLink: { type: 'string' },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    creationTimestamp: { type: 'string', format: 'date-time' },
    deletionTimestamp: { type: 'string', format: 'date-time' },
    deletionGracePeriodSeconds: { type: 'integer' },
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: { type: 'array', items: { type: 'string' } },
    managedFields: { type: 'array', items: { type: 'object' } },
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          uid: { type: 'string' },
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
  },
};

// Schemas larger than this (JSON characters) are validated level by level instead of compiled whole:
// the CRD is 1.9 MB of YAML and compiling it in one piece takes ~12 s; an object touches a few percent.
const SPLIT_ABOVE = 40_000;

function itemKey(item: unknown, keys: string[]): string {
  return JSON.stringify(keys.map(k => (isObject(item) ? item[k] : undefined)));
}

const listMapKeys: SchemaValidateFunction = (keys: string[], data: unknown) => {
  if (!Array.isArray(data)) return true;
  const seen = new Set<string>();
  for (const item of data) {
    const key = itemKey(item, keys);
    if (seen.has(key)) {
      listMapKeys.errors = [
        {
          keyword: 'x-kubernetes-list-map-keys',
          message: `two entries share the map key ${keys.join(', ')} = ${key}`,
          params: { keys },
        },
      ];
      return false;
    }
    seen.add(key);
  }
  return true;
};

const listType: SchemaValidateFunction = (type: string, data: unknown) => {
  if (type !== 'set' || !Array.isArray(data)) return true;
  const values = data.map(v => JSON.stringify(v));
  if (new Set(values).size !== values.length) {
    listType.errors = [
      {
        keyword: 'x-kubernetes-list-type',
        message: 'list-type set holds a duplicate entry',
        params: { type },
      },
    ];
    return false;
  }
  return true;
};

/** Adds the pruning the API server applies: objects with declared properties accept no others. */
function withPruning(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withPruning);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === 'enum' || key === 'default' || key === 'required'
        ? value
        : withPruning(value);
  }
  if (
    isObject(schema.properties) &&
    schema.additionalProperties === undefined &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** Validates objects against one version of a CRD, compiling big schemas level by level. */
export class LazyCrdValidator {
  private readonly ajv: AjvInstance = createAjv('draft07');
  private readonly compiled = new WeakMap<object, ValidateFunction>();
  private readonly sizes = new WeakMap<object, number>();
  private readonly skeletons = new WeakMap<object, JsonObject>();
  readonly root: JsonObject;

  constructor(crd: unknown, version: string) {
    const versions =
      isObject(crd) && isObject(crd.spec) && Array.isArray(crd.spec.versions)
        ? crd.spec.versions
        : [];
    const entry = versions.find(v => isObject(v) && v.name === version);
    const raw =
      isObject(entry) && isObject(entry.schema)
        ? entry.schema.openAPIV3Schema
        : undefined;
    if (!isObject(raw))
      throw new Error(`CRD has no ${version} openAPIV3Schema`);
    registerVocabulary(this.ajv, raw, [
      'x-kubernetes-list-map-keys',
      'x-kubernetes-list-type',
    ]);
    this.ajv.addKeyword({
      keyword: 'x-kubernetes-list-map-keys',
      type: 'array',
      schemaType: 'array',
      errors: true,
      validate: listMapKeys,
    });
    this.ajv.addKeyword({
      keyword: 'x-kubernetes-list-type',
      type: 'array',
      schemaType: 'string',
      errors: true,
      validate: listType,
    });
    const normalized = withPruning(
      normalizeSchema(raw, { flavour: 'kubernetes', direction: 'response' }),
    ) as JsonObject;
    const properties = isObject(normalized.properties)
      ? normalized.properties
      : {};
    this.root = {
      ...normalized,
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties: { ...properties, metadata: OBJECT_META },
    };
  }

  /** Validates data against a schema node, compiling small nodes whole and splitting big ones. */
  validate(
    schema: JsonObject,
    data: unknown,
    pointer: string,
    where: (p: string) => string,
  ): ContractViolation[] {
    const splittable = isObject(schema.properties) || isObject(schema.items);
    if (!splittable || this.size(schema) <= SPLIT_ABOVE) {
      return this.run(schema, data, pointer, where);
    }
    const errors = this.run(this.skeleton(schema), data, pointer, where);
    if (isObject(schema.properties) && isObject(data)) {
      for (const [key, value] of Object.entries(data)) {
        const sub = schema.properties[key];
        if (isObject(sub))
          errors.push(...this.validate(sub, value, `${pointer}/${key}`, where));
      }
    } else if (isObject(schema.items) && Array.isArray(data)) {
      const items = schema.items;
      data.forEach((value, i) =>
        errors.push(...this.validate(items, value, `${pointer}/${i}`, where)),
      );
    }
    return errors;
  }

  // Schema nodes (and their cached skeletons) keep their identity, so they key the compile cache.
  private run(
    schema: JsonObject,
    data: unknown,
    pointer: string,
    where: (p: string) => string,
  ): ContractViolation[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate(data)
      ? []
      : formatErrors(validate.errors, p => where(`${pointer}${p}`), {
          unknownProperty: name =>
            `unknown field '${name}' (not in the CRD schema; the API server would prune it)`,
        });
  }

  private size(schema: JsonObject): number {
    let size = this.sizes.get(schema);
    if (size === undefined) {
      size = JSON.stringify(schema).length;
      this.sizes.set(schema, size);
    }
    return size;
  }

  // The node itself with its children replaced by `true`: checks type, required and unknown keys only.
  private skeleton(schema: JsonObject): JsonObject {
    let skeleton = this.skeletons.get(schema);
    if (!skeleton) {
      skeleton = { ...schema };
      if (isObject(schema.properties)) {
        skeleton.properties = Object.fromEntries(
          Object.keys(schema.properties).map(k => [k, true]),
        );
      }
      if (isObject(schema.items)) skeleton.items = true;
      this.skeletons.set(schema, skeleton);
    }
    return skeleton;
  }
}

/**
 * Validates one custom resource: apiVersion and kind, then the CRD's schema.
 */
export function validateCustomResource(
  validator: LazyCrdValidator,
  obj: unknown,
  type: { apiVersion: string; kind: string },
  where: (p: string) => string,
): ContractViolation[] {
  if (!isObject(obj)) {
    return [
      {
        where: where(''),
        message: `must be an object; got ${obj === null ? 'null' : typeof obj}`,
      },
    ];
  }
  // checkKind and the schema's `required` word a missing apiVersion/kind identically; report it once.
  return dedupe([
    ...checkKind(obj, type, where),
    ...validator.validate(validator.root, obj, '', where),
  ]);
}

/** apiVersion and kind as expected. */
export function checkKind(
  obj: JsonObject,
  type: { apiVersion: string; kind: string },
  where: (p: string) => string,
): ContractViolation[] {
  const errors: ContractViolation[] = [];
  for (const [key, expected] of [
    ['apiVersion', type.apiVersion],
    ['kind', type.kind],
  ] as const) {
    const actual = obj[key];
    if (actual === expected) continue;
    errors.push({
      where: where(`/${key}`),
      message:
        actual === undefined
          ? `required property '${key}' is missing`
          : `must be "${expected}"; got ${JSON.stringify(actual)}`,
    });
  }
  return errors;
}

function dedupe(errors: ContractViolation[]): ContractViolation[] {
  const seen = new Set<string>();
  return errors.filter(e => {
    const key = `${e.where}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
