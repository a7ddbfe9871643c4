import { InputError } from '@backstage/errors';

/**
 * A JSON Schema (draft-07 style, local `#/...` refs), e.g. what contract-testing's `responseSchema` returns.
 *
 * @public
 */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/**
 * A schema object (not a boolean schema).
 *
 * @internal
 */
export type SchemaObject = { readonly [keyword: string]: unknown };

/**
 * The six types a JSON value can have; JSON Schema's `integer` is a kind of `number`.
 *
 * @internal
 */
export type JsonType =
  | 'null'
  | 'boolean'
  | 'number'
  | 'string'
  | 'array'
  | 'object';

/**
 * Every JSON type.
 *
 * @internal
 */
export const JSON_TYPES: readonly JsonType[] = [
  'null',
  'boolean',
  'number',
  'string',
  'array',
  'object',
];

/**
 * True for plain (non-array, non-null) objects.
 *
 * @internal
 */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON type of a value; undefined for values JSON cannot carry.
 *
 * @internal
 */
export function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isFinite(value) ? 'number' : undefined;
    case 'string':
      return 'string';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

/**
 * The schema's `type` as a list (`integer` kept apart), adding null for OpenAPI 3.0 `nullable`.
 *
 * @internal
 */
export function declaredTypes(schema: SchemaObject): string[] | undefined {
  let types: string[] | undefined;
  if (typeof schema.type === 'string') types = [schema.type];
  else if (Array.isArray(schema.type)) types = schema.type.map(String);
  if (types && schema.nullable === true && !types.includes('null')) {
    types = [...types, 'null'];
  }
  return types;
}

// Keywords the generator honours; anything else would make it produce values the schema refuses.
const SUPPORTED = new Set([
  'type',
  'nullable',
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
  '$defs',
  '$schema',
  '$id',
]);
// Keywords that never change whether a value is valid.
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$comment',
  // OpenAPI's discriminator only names which branch to try; the branches still decide validity.
  'discriminator',
]);

/**
 * The error for a schema the generator cannot draw values for, saying where and why.
 *
 * @internal
 */
export function schemaError(where: string, problem: string): InputError {
  return new InputError(
    `Cannot generate values for the schema at ${where || '/'}: ${problem}`,
  );
}

/**
 * Throws an InputError naming the first keyword of this schema object the generator cannot honour.
 *
 * @internal
 */
export function assertSupportedKeywords(
  schema: SchemaObject,
  where: string,
): void {
  for (const key of Object.keys(schema)) {
    if (SUPPORTED.has(key) || ANNOTATIONS.has(key) || key.startsWith('x-')) {
      continue;
    }
    throw schemaError(where, `keyword '${key}' is not supported`);
  }
  if (schema.not !== undefined) {
    const not = schema.not;
    const ok =
      isPlainObject(not) &&
      Object.keys(not).length === 1 &&
      Array.isArray(not.required);
    if (!ok) {
      throw schemaError(
        where,
        `'not' is supported only as { not: { required: [...] } }`,
      );
    }
  }
  if (typeof schema.$id === 'string' && where !== '') {
    throw schemaError(
      where,
      `nested '$id' (a second document) is not supported`,
    );
  }
}

function decodeSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Resolves local `$ref`s (`#/definitions/X`, `#/$defs/X`, any `#/...` pointer) against a root schema.
 *
 * @internal
 */
export class RefResolver {
  private readonly cache = new Map<string, JsonSchema>();

  /** Remembers the root document refs are resolved against. */
  constructor(private readonly root: JsonSchema) {}

  /** The schema a ref points at; throws an InputError for external or dangling refs. */
  resolve(ref: string): JsonSchema {
    const cached = this.cache.get(ref);
    if (cached !== undefined) return cached;
    if (!ref.startsWith('#')) {
      throw new InputError(
        `Cannot resolve $ref '${ref}': only local refs (#/...) are supported`,
      );
    }
    let target: unknown = this.root;
    for (const segment of ref.slice(1).split('/').filter(Boolean)) {
      target = isPlainObject(target)
        ? target[decodeSegment(segment)]
        : undefined;
    }
    if (typeof target !== 'boolean' && !isPlainObject(target)) {
      throw new InputError(`Cannot resolve $ref '${ref}': nothing is there`);
    }
    this.cache.set(ref, target);
    return target;
  }
}
