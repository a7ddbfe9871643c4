import { isObject, type JsonObject } from './ajv';

/** Which flavour of OpenAPI schema object is being converted. */
export type SchemaFlavour =
  | 'swagger-2.0'
  | 'openapi-3.0'
  | 'openapi-3.1'
  | 'kubernetes';

/** How an OpenAPI schema object becomes a JSON Schema Ajv can compile. */
export interface NormalizeOptions {
  flavour: SchemaFlavour;
  /** Request schemas do not require readOnly properties; response schemas do not require writeOnly ones. */
  direction: 'request' | 'response';
  /** Rewrites a local $ref ('#/components/schemas/X') to where Ajv can find the normalized schema. */
  rewriteRef?: (ref: string) => string;
}

const SCHEMA_MAPS = [
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
];
const SCHEMA_SINGLE = [
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
];
const SCHEMA_ARRAYS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
// OpenAPI-only vocabulary that means nothing (or something else) to JSON Schema.
const DROPPED = new Set([
  'nullable',
  'discriminator',
  'example',
  'xml',
  'externalDocs',
]);

/**
 * Converts an OpenAPI / Swagger / Kubernetes structural schema to plain JSON Schema:
 * `nullable` becomes a null type, $ref siblings are dropped where the dialect ignores them,
 * draft-4 boolean exclusiveMinimum/Maximum become numbers, readOnly/writeOnly relax `required`.
 */
export function normalizeSchema(
  schema: unknown,
  options: NormalizeOptions,
): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  const nullable = schema.nullable === true;

  if (typeof schema.$ref === 'string') {
    const ref = options.rewriteRef
      ? options.rewriteRef(schema.$ref)
      : schema.$ref;
    // Before 3.1, keywords beside $ref are ignored by definition (grpc-gateway writes {type, $ref}).
    if (options.flavour !== 'openapi-3.1') {
      return nullable
        ? { anyOf: [{ $ref: ref }, { type: 'null' }] }
        : { $ref: ref };
    }
    out.$ref = ref;
  }

  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' || DROPPED.has(key)) continue;
    if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      const mapped: JsonObject = {};
      for (const [name, sub] of Object.entries(value))
        mapped[name] = normalizeSchema(sub, options);
      out[key] = mapped;
    } else if (SCHEMA_SINGLE.includes(key) && isObject(value)) {
      out[key] = normalizeSchema(value, options);
    } else if (SCHEMA_ARRAYS.includes(key) && Array.isArray(value)) {
      out[key] = value.map(sub => normalizeSchema(sub, options));
    } else if (key === 'items') {
      out[key] = Array.isArray(value)
        ? value.map(sub => normalizeSchema(sub, options))
        : normalizeSchema(value, options);
    } else if (key === 'type' && value === 'file') {
      // Swagger 2 file uploads: nothing a JSON validator can check.
    } else if (
      (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') &&
      typeof value === 'boolean'
    ) {
      const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (value && typeof schema[bound] === 'number') out[key] = schema[bound];
    } else {
      out[key] = value;
    }
  }
  if (
    out.exclusiveMinimum !== undefined &&
    out.minimum === out.exclusiveMinimum
  )
    delete out.minimum;
  if (
    out.exclusiveMaximum !== undefined &&
    out.maximum === out.exclusiveMaximum
  )
    delete out.maximum;

  if (Array.isArray(out.required) && isObject(schema.properties)) {
    const props = schema.properties;
    const skip = options.direction === 'request' ? 'readOnly' : 'writeOnly';
    const required = out.required.filter(name => {
      const prop = props[String(name)];
      return !(isObject(prop) && prop[skip] === true);
    });
    if (required.length) out.required = required;
    else delete out.required;
  }

  if (!nullable) return out;
  const hasCombinator = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not'].some(
    k => k in out,
  );
  if (
    !hasCombinator &&
    (typeof out.type === 'string' || Array.isArray(out.type))
  ) {
    const types = Array.isArray(out.type) ? [...out.type] : [out.type];
    if (!types.includes('null')) types.push('null');
    out.type = types;
    if (Array.isArray(out.enum) && !out.enum.includes(null))
      out.enum = [...out.enum, null];
    return out;
  }
  // A nullable allOf/$ref (or typeless) schema: null is an alternative to the whole thing.
  return { anyOf: [out, { type: 'null' }] };
}

/** The scalar/array type a (normalized) schema expects, used to turn query strings into typed values. */
export interface EffectiveType {
  type?: string;
  items?: EffectiveType;
}

/** Finds the type a schema expects, following $ref and skipping null alternatives. */
export function effectiveType(
  schema: unknown,
  resolveRef: (ref: string) => unknown,
  depth = 0,
): EffectiveType {
  if (!isObject(schema) || depth > 20) return {};
  if (typeof schema.$ref === 'string') {
    const own = effectiveType(
      { ...schema, $ref: undefined },
      resolveRef,
      depth + 1,
    );
    return own.type
      ? own
      : effectiveType(resolveRef(schema.$ref), resolveRef, depth + 1);
  }
  const types = (
    Array.isArray(schema.type) ? schema.type : [schema.type]
  ).filter((t): t is string => typeof t === 'string' && t !== 'null');
  if (types.length) {
    const type = types[0];
    return type === 'array'
      ? { type, items: effectiveType(schema.items, resolveRef, depth + 1) }
      : { type };
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const sub of list) {
      const found = effectiveType(sub, resolveRef, depth + 1);
      if (found.type) return found;
    }
  }
  return {};
}

/** Turns one query/path/header string into the JSON value its type implies (left alone if it does not parse). */
export function coerceScalar(value: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') {
    return /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)
      ? Number(value)
      : value;
  }
  if (type === 'boolean') {
    if (value === 'true') return true;
    if (value === 'false') return false;
  }
  return value;
}
