import {
  createAjv,
  formatErrors,
  isObject,
  registerVocabulary,
  whereWithPrefix,
  type JsonObject,
} from './ajv';
import type { ValidationResult } from './types';

/**
 * A self-contained draft-07 JSON Schema: every `$ref` is local (`#/definitions/...`) and the
 * definitions it needs sit in the root's `definitions`.
 *
 * @public
 */
export type SelfContainedSchema = JsonObject & {
  definitions?: Record<string, unknown>;
};

const DEFINITIONS_PREFIX = '#/definitions/';

// Keywords whose value is a map of subschemas, a single subschema, or a list of subschemas.
const SUBSCHEMA_MAPS = new Set(['properties', 'definitions']);
const SUBSCHEMA_SINGLE = new Set(['additionalProperties', 'additionalItems']);
const SUBSCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

// What a generator must understand to produce values; everything else is refused by name.
const ASSERTIONS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  '$ref',
  'definitions',
]);
// Keywords that change no verdict, so a generator may ignore them.
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$comment',
]);

// Spellings of standard formats that the contracts use (Airflow v1 writes "datetime").
const FORMAT_ALIASES: Record<string, string> = { datetime: 'date-time' };

function decodeSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Name of the definition a local `#/definitions/<name>` ref points at.
 *
 * @internal
 */
export function definitionName(ref: string): string | undefined {
  return ref.startsWith(DEFINITIONS_PREFIX)
    ? decodeSegment(ref.slice(DEFINITIONS_PREFIX.length))
    : undefined;
}

/**
 * Rewrites a 2020-12 schema into draft-07 terms (prefixItems become tuple items) and
 * standard format names, returning a copy.
 */
function toDraft07(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'prefixItems') continue;
    if (SUBSCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, toDraft07(sub)]),
      );
    } else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(toDraft07);
    } else if (key === 'items' && Array.isArray(value)) {
      out[key] = value.map(toDraft07);
    } else if (SUBSCHEMA_SINGLE.has(key) || key === 'items' || key === 'not') {
      out[key] = toDraft07(value);
    } else if (key === 'format' && typeof value === 'string') {
      out[key] = FORMAT_ALIASES[value] ?? value;
    } else {
      // Values, not subschemas (enum, required, default, x-*...): copied as they are.
      out[key] = value;
    }
  }
  if (Array.isArray(schema.prefixItems)) {
    out.items = schema.prefixItems.map(toDraft07);
    // In 2020-12 `items` beside prefixItems governs the rest, which draft-07 calls additionalItems.
    if (schema.items !== undefined)
      out.additionalItems = toDraft07(schema.items);
  }
  return out;
}

/** Throws naming the first keyword, at its JSON pointer, that a value generator could not honour. */
function assertSupported(schema: unknown, pointer: string, what: string): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema)) {
    throw new Error(`${what}: ${pointer || '/'} is not a schema`);
  }
  for (const [key, value] of Object.entries(schema)) {
    const at = `${pointer}/${pointerSegment(key)}`;
    if (key.startsWith('x-') || ANNOTATIONS.has(key)) continue;
    if (!ASSERTIONS.has(key)) {
      throw new Error(
        `${what}: the schema uses '${key}' at ${at}, which responseSchema does not support`,
      );
    }
    if (key === 'not') {
      // The only negation in these contracts: proto oneof exclusions, {not: {required: [a, b]}}.
      const keys = isObject(value) ? Object.keys(value) : [];
      if (keys.length !== 1 || keys[0] !== 'required') {
        throw new Error(
          `${what}: 'not' at ${at} is supported only as { not: { required: [...] } }`,
        );
      }
    } else if (key === '$ref') {
      if (typeof value !== 'string' || !definitionName(value)) {
        throw new Error(
          `${what}: '$ref' at ${at} must be a local #/definitions/ ref`,
        );
      }
    } else if (SUBSCHEMA_MAPS.has(key) && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) {
        assertSupported(sub, `${at}/${pointerSegment(name)}`, what);
      }
    } else if (SUBSCHEMA_SINGLE.has(key)) {
      assertSupported(value, at, what);
    } else if (
      SUBSCHEMA_LISTS.has(key) ||
      (key === 'items' && Array.isArray(value))
    ) {
      (value as unknown[]).forEach((sub, i) =>
        assertSupported(sub, `${at}/${i}`, what),
      );
    } else if (key === 'items') {
      assertSupported(value, at, what);
    }
  }
}

/** The schemas directly inside a draft-07 schema (properties, items, allOf members...). */
function subschemas(schema: JsonObject): unknown[] {
  const found: unknown[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (SUBSCHEMA_MAPS.has(key) && isObject(value)) {
      found.push(...Object.values(value));
    } else if (
      (SUBSCHEMA_LISTS.has(key) || key === 'items') &&
      Array.isArray(value)
    ) {
      found.push(...value);
    } else if (SUBSCHEMA_SINGLE.has(key) || key === 'items' || key === 'not') {
      found.push(value);
    }
  }
  return found;
}

function collectRefs(schema: unknown, into: Set<string>): void {
  if (!isObject(schema)) return;
  if (typeof schema.$ref === 'string') into.add(schema.$ref);
  for (const sub of subschemas(schema)) collectRefs(sub, into);
}

/**
 * Builds a self-contained schema from a root schema whose refs are `#/definitions/<name>`,
 * copying in only the definitions reachable from it (looked up by name).
 *
 * @internal
 */
export function selfContainedSchema(
  root: unknown,
  lookup: (name: string) => unknown,
  what: string,
): SelfContainedSchema {
  let rootSchema = toDraft07(root);
  // A bare {$ref} root (most contracts) is inlined, so that callers can read its properties directly.
  for (
    let hops = 0;
    isObject(rootSchema) &&
    Object.keys(rootSchema).length === 1 &&
    typeof rootSchema.$ref === 'string' &&
    hops < 8;
    hops++
  ) {
    const name = definitionName(rootSchema.$ref);
    const target = name === undefined ? undefined : lookup(name);
    if (target === undefined) break;
    rootSchema = toDraft07(target);
  }
  if (!isObject(rootSchema)) {
    throw new Error(`${what}: the response schema is not an object schema`);
  }
  const definitions: Record<string, unknown> = {};
  const pending = new Set<string>();
  collectRefs(rootSchema, pending);
  const seen = new Set<string>();
  while (pending.size) {
    const [ref] = pending;
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const name = definitionName(ref);
    if (!name) {
      throw new Error(
        `${what}: '$ref' ${ref} is not a local #/definitions/ ref`,
      );
    }
    const target = lookup(name);
    if (target === undefined) {
      throw new Error(`${what}: '$ref' ${ref} points at no definition`);
    }
    const converted = toDraft07(target);
    definitions[name] = converted;
    collectRefs(converted, pending);
  }
  const schema: SelfContainedSchema = { ...rootSchema };
  if (Object.keys(definitions).length) schema.definitions = definitions;
  assertSupported(schema, '', what);
  return schema;
}

/**
 * Compiles a self-contained schema (as {@link responseSchema} returns) into a validator with the
 * contracts' vocabulary (formats, x-* keys).
 *
 * @public
 */
export function schemaValidator(
  schema: SelfContainedSchema,
): (value: unknown) => ValidationResult {
  const ajv = createAjv('draft07');
  registerVocabulary(ajv, schema);
  const validate = ajv.compile(schema);
  const where = whereWithPrefix('body');
  return value =>
    validate(value)
      ? { valid: true, errors: [] }
      : { valid: false, errors: formatErrors(validate.errors, where) };
}
