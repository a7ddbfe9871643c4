import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import {
  declaredTypes,
  isPlainObject,
  JSON_TYPES,
  jsonTypeOf,
  RefResolver,
  type JsonSchema,
  type JsonType,
} from './schema';

/**
 * How {@link malformedBodies} decides what counts as malformed.
 *
 * @public
 */
export interface MalformedBodiesOptions {
  /**
   * The schema the valid bodies follow. With it, every body drawn is one the schema refuses (a
   * field is only replaced by a type the schema forbids there); without it, a replaced field may
   * happen to be allowed (a nullable or untyped field), and the body is assumed to be an object.
   */
  schema?: JsonSchema;
}

/** Bodies a broken upstream or a proxy in between sends instead of the JSON object promised. */
const NON_OBJECT_BODIES: readonly unknown[] = [
  undefined,
  null,
  '',
  'null',
  'not json',
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  0,
  -1,
  3.5,
  true,
  false,
  [],
  [null],
  [{}],
];

/** One stand-in per JSON type, for a field whose type gets confused. */
const REPLACEMENTS: Readonly<Record<JsonType, readonly unknown[]>> = {
  null: [null],
  boolean: [true, false],
  number: [0, -1, 1.5, 1e21],
  string: ['', 'x', '💥'],
  array: [[], [null]],
  object: [{}, { unexpected: 1 }],
};

type Segment = string | number;

// Beyond this many $ref hops without a step into the value, give up and assume anything is allowed.
const MAX_REF_HOPS = 64;

/** The JSON types the schema allows at `path` inside a valid value (integer counted as number). */
function allowedTypesAt(
  schema: JsonSchema,
  path: readonly Segment[],
  refs: RefResolver,
  hops = 0,
): Set<JsonType> {
  const all = new Set(JSON_TYPES);
  if (schema === false) return new Set();
  if (schema === true || !isPlainObject(schema) || hops > MAX_REF_HOPS)
    return all;
  let result = all;
  const intersect = (other: Set<JsonType>) => {
    result = new Set([...result].filter(t => other.has(t)));
  };
  const types = declaredTypes(schema)?.map(t =>
    t === 'integer' ? 'number' : t,
  );
  const [head, ...rest] = path;
  if (path.length === 0) {
    if (types) intersect(new Set(types as JsonType[]));
    let values = Array.isArray(schema.enum) ? schema.enum : undefined;
    if ('const' in schema) values = [schema.const];
    if (values)
      intersect(
        new Set(
          values.map(jsonTypeOf).filter((t): t is JsonType => t !== undefined),
        ),
      );
  } else {
    const container: JsonType = typeof head === 'number' ? 'array' : 'object';
    // A schema that cannot hold the parent plays no part in judging its children.
    if (types && !types.includes(container)) return new Set();
    let child: unknown = true;
    if (container === 'object') {
      const properties = isPlainObject(schema.properties)
        ? schema.properties
        : {};
      if (Object.prototype.hasOwnProperty.call(properties, head))
        child = properties[head as string];
      else if (schema.additionalProperties !== undefined)
        child = schema.additionalProperties;
    } else if (Array.isArray(schema.items)) {
      child = schema.items[head as number] ?? schema.additionalItems ?? true;
    } else if (schema.items !== undefined) {
      child = schema.items;
    }
    intersect(allowedTypesAt(child as JsonSchema, rest, refs, 0));
  }
  if (typeof schema.$ref === 'string') {
    intersect(allowedTypesAt(refs.resolve(schema.$ref), path, refs, hops + 1));
  }
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf)
      intersect(allowedTypesAt(part as JsonSchema, path, refs, hops + 1));
  }
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    // A branch must accept the value; a type no branch allows is refused by all of them.
    const union = new Set<JsonType>();
    for (const branch of branches) {
      for (const t of allowedTypesAt(
        branch as JsonSchema,
        path,
        refs,
        hops + 1,
      ))
        union.add(t);
    }
    intersect(union);
  }
  return result;
}

interface Spot {
  path: Segment[];
  replacements: JsonType[];
}

function collectSpots(
  value: unknown,
  path: Segment[],
  into: Spot[],
  typesFor: (path: Segment[], current: unknown) => JsonType[],
): void {
  let children: Array<[Segment, unknown]> = [];
  if (Array.isArray(value)) children = value.map((v, i) => [i, v]);
  else if (isPlainObject(value)) children = Object.entries(value);
  for (const [segment, child] of children) {
    const childPath = [...path, segment];
    const replacements = typesFor(childPath, child);
    if (replacements.length) into.push({ path: childPath, replacements });
    collectSpots(child, childPath, into, typesFor);
  }
}

/** A copy of value with the thing at path replaced; containers on the way are rebuilt, the rest shared. */
function replaceAt(
  value: unknown,
  path: readonly Segment[],
  replacement: unknown,
): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((v, i) =>
      i === head ? replaceAt(v, rest, replacement) : v,
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  // fromEntries, so that a '__proto__' key stays an own property.
  return Object.fromEntries(
    entries.map(([k, v]) => [
      k,
      k === head ? replaceAt(v, rest, replacement) : v,
    ]),
  );
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length];
}

/**
 * An arbitrary of bodies a misbehaving upstream might send instead of a valid one: non-objects
 * (undefined, null, strings, numbers, booleans, arrays) and, given valid bodies, copies with one
 * field at any depth replaced by a value of another JSON type.
 *
 * @public
 */
export function malformedBodies(
  valid?: fc.Arbitrary<unknown>,
  options: MalformedBodiesOptions = {},
): fc.Arbitrary<unknown> {
  const { schema } = options;
  const refs = schema === undefined ? undefined : new RefResolver(schema);
  const rootAllowed =
    schema === undefined || !refs
      ? undefined
      : allowedTypesAt(schema, [], refs);
  const nonObjects = NON_OBJECT_BODIES.filter(body => {
    if (!rootAllowed) return true;
    const type = jsonTypeOf(body);
    // undefined is no JSON at all; only a schema that allows every type also lets it through.
    return type === undefined
      ? rootAllowed.size < JSON_TYPES.length
      : !rootAllowed.has(type);
  });
  if (nonObjects.length === 0) {
    throw new InputError(
      'The schema allows a body of any type, so no body is malformed',
    );
  }
  const wrongType = fc.constantFrom(...nonObjects);
  if (!valid) return wrongType;

  const typesFor = (path: Segment[], current: unknown): JsonType[] => {
    if (schema !== undefined && refs) {
      const allowed = allowedTypesAt(schema, path, refs);
      return JSON_TYPES.filter(t => !allowed.has(t));
    }
    const own = jsonTypeOf(current);
    return JSON_TYPES.filter(t => t !== own);
  };
  const confused = valid.chain(body => {
    const spots: Spot[] = [];
    collectSpots(body, [], spots, typesFor);
    if (spots.length === 0) return wrongType;
    return fc.tuple(fc.constantFrom(...spots), fc.nat()).map(([spot, n]) => {
      const type = pick(spot.replacements, n);
      const replacement = structuredClone(
        pick(REPLACEMENTS[type], Math.floor(n / spot.replacements.length)),
      );
      return replaceAt(body, spot.path, replacement);
    });
  });
  return fc.oneof(wrongType, confused);
}
