import { InputError } from '@backstage/errors';
import {
  assertSupportedKeywords,
  declaredTypes,
  isPlainObject,
  type JsonSchema,
  type RefResolver,
  type SchemaObject,
  schemaError,
} from './schema';

/**
 * The object keywords of one schema among those an allOf combines (they are evaluated apart).
 *
 * @internal
 */
export interface ObjectPart {
  properties: Record<string, JsonSchema>;
  /** undefined: undeclared keys may hold anything. */
  additional?: JsonSchema;
}

/**
 * One way to satisfy a schema: its own keywords with `$ref`, `allOf` and one branch of each
 * `anyOf`/`oneOf` folded in. Lists of schemas are conjunctions (a value must satisfy each).
 *
 * @internal
 */
export interface Alternative {
  /** Allowed types ('integer' kept apart from 'number'); undefined when unconstrained. */
  types?: string[];
  enum?: unknown[];
  objectParts: ObjectPart[];
  required: string[];
  /** Each list names properties that must not all be present (proto oneof exclusions). */
  exclusions: string[][];
  items: JsonSchema[];
  tuple?: JsonSchema[][];
  /** false: no items beyond the tuple. */
  additionalItems: JsonSchema[] | false;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  patterns: string[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

// Beyond this many ways to satisfy one schema, the product of its anyOf/oneOf lists is too big to enumerate.
const MAX_ALTERNATIVES = 64;
const MAX_REF_HOPS = 64;

function keyOf(value: unknown): string {
  return JSON.stringify(value);
}

function intersectTypes(
  a: string[] | undefined,
  b: string[] | undefined,
): string[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const out = new Set<string>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    // Every integer is a number, so number ∩ integer leaves integer.
    else if (t === 'integer' && b.includes('number')) out.add('integer');
    else if (t === 'number' && b.includes('integer')) out.add('integer');
  }
  return [...out];
}

function pickBound(
  a: number | undefined,
  b: number | undefined,
  pick: (x: number, y: number) => number,
): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return pick(a, b);
}

/**
 * Combines two alternatives a value must satisfy at once; undefined when nothing can.
 *
 * @internal
 */
export function mergeAlternatives(
  a: Alternative,
  b: Alternative,
  where: string,
): Alternative | undefined {
  const types = intersectTypes(a.types, b.types);
  if (types && types.length === 0) return undefined;
  let values = a.enum;
  if (values && b.enum) {
    const other = new Set(b.enum.map(keyOf));
    values = values.filter(v => other.has(keyOf(v)));
  } else values = values ?? b.enum;
  if (values && values.length === 0) return undefined;
  if (a.format && b.format && a.format !== b.format) {
    throw schemaError(
      where,
      `formats '${a.format}' and '${b.format}' combined`,
    );
  }
  if (a.tuple && b.tuple) {
    throw schemaError(where, `two tuple schemas combined`);
  }
  return {
    types,
    enum: values,
    objectParts: [...a.objectParts, ...b.objectParts],
    required: [...new Set([...a.required, ...b.required])],
    exclusions: [...a.exclusions, ...b.exclusions],
    items: [...a.items, ...b.items],
    tuple: a.tuple ?? b.tuple,
    additionalItems:
      a.additionalItems === false || b.additionalItems === false
        ? false
        : [...a.additionalItems, ...b.additionalItems],
    minItems: pickBound(a.minItems, b.minItems, Math.max),
    maxItems: pickBound(a.maxItems, b.maxItems, Math.min),
    uniqueItems: a.uniqueItems || b.uniqueItems,
    patterns: [...a.patterns, ...b.patterns],
    format: a.format ?? b.format,
    minLength: pickBound(a.minLength, b.minLength, Math.max),
    maxLength: pickBound(a.maxLength, b.maxLength, Math.min),
    minimum: pickBound(a.minimum, b.minimum, Math.max),
    maximum: pickBound(a.maximum, b.maximum, Math.min),
    exclusiveMinimum: pickBound(
      a.exclusiveMinimum,
      b.exclusiveMinimum,
      Math.max,
    ),
    exclusiveMaximum: pickBound(
      a.exclusiveMaximum,
      b.exclusiveMaximum,
      Math.min,
    ),
  };
}

/**
 * The alternative that constrains nothing.
 *
 * @internal
 */
export function anything(): Alternative {
  return {
    objectParts: [],
    required: [],
    exclusions: [],
    items: [],
    additionalItems: [],
    uniqueItems: false,
    patterns: [],
  };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The alternative made of a schema's own keywords (refs and combinators aside). */
function ownAlternative(schema: SchemaObject): Alternative {
  const own = anything();
  own.types = declaredTypes(schema);
  if (Array.isArray(schema.enum)) {
    own.enum =
      schema.nullable === true && !schema.enum.includes(null)
        ? [...schema.enum, null]
        : schema.enum;
  }
  if ('const' in schema) {
    own.enum = own.enum
      ? own.enum.filter(v => keyOf(v) === keyOf(schema.const))
      : [schema.const];
  }
  if (
    schema.properties !== undefined ||
    schema.additionalProperties !== undefined
  ) {
    own.objectParts.push({
      properties: isPlainObject(schema.properties)
        ? (schema.properties as Record<string, JsonSchema>)
        : {},
      additional: schema.additionalProperties as JsonSchema | undefined,
    });
  }
  if (Array.isArray(schema.required))
    own.required = schema.required.map(String);
  if (isPlainObject(schema.not) && Array.isArray(schema.not.required)) {
    own.exclusions.push(schema.not.required.map(String));
  }
  if (Array.isArray(schema.items)) {
    own.tuple = (schema.items as JsonSchema[]).map(item => [item]);
    if (schema.additionalItems === false) own.additionalItems = false;
    else if (schema.additionalItems !== undefined)
      own.additionalItems = [schema.additionalItems as JsonSchema];
  } else if (schema.items !== undefined) {
    own.items = [schema.items as JsonSchema];
  }
  own.minItems = numberOrUndefined(schema.minItems);
  own.maxItems = numberOrUndefined(schema.maxItems);
  own.uniqueItems = schema.uniqueItems === true;
  if (typeof schema.pattern === 'string') own.patterns = [schema.pattern];
  if (typeof schema.format === 'string') own.format = schema.format;
  own.minLength = numberOrUndefined(schema.minLength);
  own.maxLength = numberOrUndefined(schema.maxLength);
  own.minimum = numberOrUndefined(schema.minimum);
  own.maximum = numberOrUndefined(schema.maximum);
  own.exclusiveMinimum = numberOrUndefined(schema.exclusiveMinimum);
  own.exclusiveMaximum = numberOrUndefined(schema.exclusiveMaximum);
  return own;
}

/**
 * Flattens schemas into the alternatives that satisfy them, cached per schema object.
 *
 * @internal
 */
export class Flattener {
  private readonly cache = new WeakMap<object, Alternative[]>();

  /** Uses `refs` to follow `$ref`s. */
  constructor(private readonly refs: RefResolver) {}

  /** Every alternative that satisfies the schema; empty when none can. */
  flatten(schema: JsonSchema, where: string, hops = 0): Alternative[] {
    if (schema === true) return [anything()];
    if (schema === false) return [];
    if (!isPlainObject(schema)) {
      throw new InputError(`Not a JSON Schema at ${where || '/'}`);
    }
    const cached = this.cache.get(schema);
    if (cached) return cached;
    if (hops > MAX_REF_HOPS) {
      throw schemaError(where, `$ref/allOf cycle without a value in between`);
    }
    assertSupportedKeywords(schema, where);

    let alternatives = [ownAlternative(schema)];
    const combine = (options: Alternative[]) => {
      const next: Alternative[] = [];
      for (const a of alternatives) {
        for (const b of options) {
          const merged = mergeAlternatives(a, b, where);
          if (merged) next.push(merged);
        }
      }
      if (next.length > MAX_ALTERNATIVES) {
        throw schemaError(
          where,
          `more than ${MAX_ALTERNATIVES} anyOf/oneOf combinations`,
        );
      }
      alternatives = next;
    };

    if (typeof schema.$ref === 'string') {
      combine(
        this.flatten(this.refs.resolve(schema.$ref), schema.$ref, hops + 1),
      );
    }
    if (Array.isArray(schema.allOf)) {
      schema.allOf.forEach((part, i) =>
        combine(
          this.flatten(part as JsonSchema, `${where}/allOf/${i}`, hops + 1),
        ),
      );
    }
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = schema[keyword];
      if (!Array.isArray(branches)) continue;
      combine(
        branches.flatMap((branch, i) =>
          this.flatten(
            branch as JsonSchema,
            `${where}/${keyword}/${i}`,
            hops + 1,
          ),
        ),
      );
    }
    this.cache.set(schema, alternatives);
    return alternatives;
  }
}
