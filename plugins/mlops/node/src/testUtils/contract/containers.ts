import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import type { Alternative } from './flatten';
import type { OverrideTable } from './overrides';
import { mapKeyArbitrary } from './primitives';
import { schemaError, type JsonSchema } from './schema';

/**
 * What the container arbitraries need from the builder that drives them.
 *
 * @internal
 */
export interface ContainerContext {
  readonly overrides: OverrideTable;
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly extraProperties: boolean;
  build(
    schema: JsonSchema,
    depth: number,
    path: string[],
    where: string,
  ): fc.Arbitrary<unknown>;
  anyJson(depth: number): fc.Arbitrary<unknown>;
}

// Undeclared properties on an open object are the exception, not the rule.
const EXTRA_PROPERTY_WEIGHT = 1;
const NO_EXTRA_PROPERTY_WEIGHT = 3;

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function allOf(schemas: JsonSchema[]): JsonSchema {
  if (schemas.length === 0) return true;
  return schemas.length === 1 ? schemas[0] : { allOf: schemas };
}

// Key order must not matter when uniqueItems compares objects.
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    // Keys of one object are distinct, so this order is total.
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Arrays (lists or tuples) within maxArrayLength, empty past maxDepth.
 *
 * @internal
 */
export function arrayArbitrary(
  ctx: ContainerContext,
  alt: Alternative,
  depth: number,
  path: string[],
  where: string,
): fc.Arbitrary<unknown[]> {
  const itemPath = [...path, '*'];
  const override = ctx.overrides.at(itemPath);
  const minLength = alt.minItems ?? 0;
  if (alt.maxItems !== undefined && alt.maxItems < minLength) {
    throw schemaError(where, `maxItems < minItems`);
  }
  if (override === 'absent') {
    if (minLength > 0) {
      throw new InputError(
        `Override '${itemPath.join(
          '/',
        )}' empties an array that needs ${minLength} items`,
      );
    }
    return fc.constant([]);
  }
  if (alt.tuple) {
    const length = alt.tuple.length;
    if (
      minLength > length ||
      (alt.maxItems !== undefined && alt.maxItems < length)
    ) {
      throw schemaError(
        where,
        `tuples whose length differs from minItems/maxItems are not supported`,
      );
    }
    return fc.tuple(
      ...alt.tuple.map((schemas, i) =>
        ctx.build(allOf(schemas), depth + 1, itemPath, `${where}/items/${i}`),
      ),
    );
  }
  const maxLength =
    depth >= ctx.maxDepth
      ? minLength
      : Math.min(
          Math.max(minLength, ctx.maxArrayLength),
          alt.maxItems ?? Infinity,
        );
  // An empty array needs no item arbitrary, and not building one is what ends recursive schemas.
  if (maxLength === 0) return fc.constant([]);
  const item = ctx.build(
    allOf(alt.items),
    depth + 1,
    itemPath,
    `${where}/items`,
  );
  return alt.uniqueItems
    ? fc.uniqueArray(item, {
        minLength,
        maxLength,
        selector: stableStringify,
      })
    : fc.array(item, { minLength, maxLength });
}

/**
 * Objects with each optional property independently present, proto oneofs honoured, maps filled.
 *
 * @internal
 */
export function objectArbitrary(
  ctx: ContainerContext,
  alt: Alternative,
  depth: number,
  path: string[],
  where: string,
): fc.Arbitrary<Record<string, unknown>> {
  const parts = alt.objectParts;
  const declared = new Set([
    ...parts.flatMap(p => Object.keys(p.properties)),
    ...alt.required,
  ]);
  const model: Array<[string, fc.Arbitrary<unknown>]> = [];
  const forced = new Set<string>();
  for (const name of declared) {
    const schemas: JsonSchema[] = [];
    let forbidden = false;
    // allOf parts are evaluated apart: a key one part does not declare falls to that part's additionalProperties.
    for (const part of parts) {
      if (Object.prototype.hasOwnProperty.call(part.properties, name))
        schemas.push(part.properties[name]);
      else if (part.additional === false) forbidden = true;
      else if (part.additional !== undefined && part.additional !== true)
        schemas.push(part.additional);
    }
    const required = alt.required.includes(name);
    const propertyPath = [...path, name];
    const override = ctx.overrides.at(propertyPath);
    if (forbidden || override === 'absent') {
      if (required) {
        throw schemaError(
          where,
          `required property '${name}' ${
            forbidden
              ? 'is not allowed by additionalProperties: false'
              : `is made absent by an override`
          }`,
        );
      }
      continue;
    }
    const always = required || override !== undefined;
    if (!always && depth >= ctx.maxDepth) continue;
    if (always) forced.add(name);
    model.push([
      name,
      ctx.build(
        allOf(schemas),
        depth + 1,
        propertyPath,
        `${where}/properties/${pointerSegment(name)}`,
      ),
    ]);
  }
  // Entries, not assignment: a property named '__proto__' must stay a property.
  const record = fc.record(Object.fromEntries(model), {
    requiredKeys: [...forced],
    noNullPrototype: true,
  });
  const extras = extraEntries(ctx, alt, declared, depth, path, where);
  const exclusions = alt.exclusions.map(keys =>
    keys.filter(k => !forced.has(k)),
  );
  alt.exclusions.forEach((keys, i) => {
    if (exclusions[i].length === 0 && keys.every(k => declared.has(k))) {
      throw schemaError(
        where,
        `${keys.join(', ')} are all required yet exclusive`,
      );
    }
  });
  return fc
    .tuple(
      record,
      extras,
      fc.array(fc.nat(), {
        minLength: exclusions.length,
        maxLength: exclusions.length,
      }),
    )
    .map(([declaredValues, undeclared, picks]) => {
      // fromEntries defines own properties, so even '__proto__' lands as data, as JSON.parse would put it.
      const value: Record<string, unknown> = Object.fromEntries([
        ...Object.entries(declaredValues),
        ...undeclared,
      ]);
      exclusions.forEach((removable, i) => {
        const present = alt.exclusions[i].every(k =>
          Object.prototype.hasOwnProperty.call(value, k),
        );
        if (present) delete value[removable[picks[i] % removable.length]];
      });
      return value;
    });
}

/** Entries under keys the schema does not declare: a map's entries, or the odd unknown field. */
function extraEntries(
  ctx: ContainerContext,
  alt: Alternative,
  declared: ReadonlySet<string>,
  depth: number,
  path: string[],
  where: string,
): fc.Arbitrary<Array<[string, unknown]>> {
  const none = fc.constant<Array<[string, unknown]>>([]);
  const parts = alt.objectParts;
  if (depth >= ctx.maxDepth || parts.some(p => p.additional === false))
    return none;
  const entryPath = [...path, '*'];
  const override = ctx.overrides.at(entryPath);
  if (override === 'absent') return none;
  const schemas = parts
    .map(p => p.additional)
    .filter(
      (s): s is Exclude<JsonSchema, boolean> => s !== undefined && s !== true,
    );
  const isMap = schemas.length > 0;
  if (!isMap && !ctx.extraProperties && override === undefined) return none;
  const value =
    isMap || override !== undefined
      ? ctx.build(
          allOf(schemas),
          depth + 1,
          entryPath,
          `${where}/additionalProperties`,
        )
      : ctx.anyJson(depth + 1);
  const entries = fc.uniqueArray(
    fc.tuple(
      mapKeyArbitrary().filter(k => !declared.has(k)),
      value,
    ),
    {
      maxLength: isMap ? ctx.maxArrayLength : Math.min(2, ctx.maxArrayLength),
      selector: ([key]) => key,
    },
  );
  return isMap
    ? entries
    : fc.oneof(
        { weight: NO_EXTRA_PROPERTY_WEIGHT, arbitrary: none },
        { weight: EXTRA_PROPERTY_WEIGHT, arbitrary: entries },
      );
}
