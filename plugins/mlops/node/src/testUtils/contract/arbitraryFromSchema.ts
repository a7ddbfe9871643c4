import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import { Flattener, type Alternative } from './flatten';
import {
  arrayArbitrary,
  objectArbitrary,
  type ContainerContext,
} from './containers';
import { isArbitrary, OverrideTable, type ValueOverrides } from './overrides';
import {
  integerArbitrary,
  numberArbitrary,
  stringArbitrary,
} from './primitives';
import { RefResolver, type JsonSchema, schemaError } from './schema';

/**
 * How {@link arbitraryFromSchema} shapes the values it draws.
 *
 * @public
 */
export interface ArbitraryFromSchemaOptions {
  /** Object/array nesting beyond which only required properties and minimal arrays appear. Defaults to 6. */
  maxDepth?: number;
  /** Most items per array and entries per map (unless the schema demands more). Defaults to 3. */
  maxArrayLength?: number;
  /** Per-place overrides, by JSON Pointer into the generated value (see {@link ValueOverrides}). */
  overrides?: ValueOverrides;
  /** Whether objects the schema leaves open sometimes carry undeclared properties. Defaults to true. */
  extraProperties?: boolean;
  /** Arbitraries for string formats the generator does not know, by format name. */
  formats?: Readonly<Record<string, fc.Arbitrary<string>>>;
}

// Past maxDepth only required properties are generated; a schema that still nests this much deeper requires infinite values.
const DEPTH_SLACK = 32;
const CONTAINER_TYPES = new Set(['object', 'array']);

function matchesTypes(value: unknown, types: string[] | undefined): boolean {
  if (!types) return true;
  if (value === null) return types.includes('null');
  if (Array.isArray(value)) return types.includes('array');
  if (typeof value === 'number') {
    return (
      types.includes('number') ||
      (types.includes('integer') && Number.isInteger(value))
    );
  }
  return types.includes(typeof value);
}

/** Types an untyped alternative implies by the keywords it carries; undefined when it implies none. */
function impliedTypes(alt: Alternative): string[] | undefined {
  if (alt.objectParts.length || alt.required.length || alt.exclusions.length)
    return ['object'];
  if (alt.items.length || alt.tuple) return ['array'];
  if (
    alt.patterns.length ||
    alt.format ||
    alt.minLength !== undefined ||
    alt.maxLength !== undefined
  ) {
    return ['string'];
  }
  const bounds = [
    alt.minimum,
    alt.maximum,
    alt.exclusiveMinimum,
    alt.exclusiveMaximum,
  ];
  return bounds.some(b => b !== undefined) ? ['number'] : undefined;
}

/** Builds arbitraries for the subschemas of one root schema. */
class ArbitraryBuilder implements ContainerContext {
  readonly overrides: OverrideTable;
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly extraProperties: boolean;
  private readonly flattener: Flattener;
  private readonly memo = new WeakMap<
    object,
    Map<number, fc.Arbitrary<unknown>>
  >();

  constructor(
    root: JsonSchema,
    private readonly options: ArbitraryFromSchemaOptions,
  ) {
    this.flattener = new Flattener(new RefResolver(root));
    this.overrides = new OverrideTable(options.overrides);
    this.maxDepth = options.maxDepth ?? 6;
    this.maxArrayLength = options.maxArrayLength ?? 3;
    this.extraProperties = options.extraProperties ?? true;
  }

  /** Throws when an override never applied (called once the whole arbitrary is built). */
  finish(): void {
    this.overrides.assertAllUsed(this.maxDepth);
  }

  /** The arbitrary for `schema` at `depth`, where `path` locates it in the value and `where` in the schema. */
  build(
    schema: JsonSchema,
    depth: number,
    path: string[],
    where: string,
  ): fc.Arbitrary<unknown> {
    const override = this.overrides.at(path);
    if (isArbitrary(override)) return override;
    if (override === 'absent' && path.length === 0) {
      throw new InputError(`Override '' cannot make the whole value absent`);
    }
    if (depth > this.maxDepth + DEPTH_SLACK) {
      throw schemaError(where, `its required properties nest without end`);
    }
    // Arbitraries depend only on schema and depth, unless an override applies somewhere below.
    const shareable =
      typeof schema === 'object' && !this.overrides.reaches(path);
    if (shareable) {
      const cached = this.memo.get(schema)?.get(depth);
      if (cached) return cached;
    }
    let alternatives = this.flattener.flatten(schema, where);
    if (alternatives.length === 0) {
      throw schemaError(where, `no value satisfies it`);
    }
    if (depth >= this.maxDepth) {
      // Prefer the branches that can end the nesting (a scalar, null or an enum value).
      const leaves = alternatives.filter(
        alt =>
          alt.enum ||
          (alt.types ?? impliedTypes(alt) ?? []).some(
            t => !CONTAINER_TYPES.has(t),
          ),
      );
      if (leaves.length) alternatives = leaves;
    }
    const arbitraries = alternatives.flatMap(alt =>
      this.fromAlternative(alt, depth, path, where),
    );
    if (arbitraries.length === 0) {
      throw schemaError(where, `no value satisfies it`);
    }
    const result =
      arbitraries.length === 1 ? arbitraries[0] : fc.oneof(...arbitraries);
    if (shareable) {
      const byDepth = this.memo.get(schema) ?? new Map();
      byDepth.set(depth, result);
      this.memo.set(schema, byDepth);
    }
    return result;
  }

  private fromAlternative(
    alt: Alternative,
    depth: number,
    path: string[],
    where: string,
  ): fc.Arbitrary<unknown>[] {
    if (alt.enum) {
      const values = alt.enum.filter(v => matchesTypes(v, alt.types));
      return values.length ? [fc.constantFrom(...values)] : [];
    }
    const types = alt.types ?? impliedTypes(alt);
    if (!types) return [this.anyJson(depth)];
    return types
      .filter(t => !(t === 'integer' && types.includes('number')))
      .map(type => {
        switch (type) {
          case 'null':
            return fc.constant(null);
          case 'boolean':
            return fc.boolean();
          case 'integer':
            return integerArbitrary(alt, where);
          case 'number':
            return numberArbitrary(alt);
          case 'string':
            return stringArbitrary(alt, this.options.formats ?? {}, where);
          case 'array':
            return arrayArbitrary(this, alt, depth, path, where);
          case 'object':
            return objectArbitrary(this, alt, depth, path, where);
          default:
            throw schemaError(where, `type '${type}' is unknown`);
        }
      });
  }

  /** Any JSON value, as plain as JSON.parse makes it. */
  anyJson(depth: number): fc.Arbitrary<unknown> {
    const room = Math.max(0, Math.min(2, this.maxDepth - depth));
    return fc
      .jsonValue({ maxDepth: room })
      .map(v => JSON.parse(JSON.stringify(v)));
  }
}

/**
 * An arbitrary of JSON values the schema allows: every optional property independently present or
 * absent, maps with awkward keys, bounded arrays and recursion, formats and patterns honoured.
 *
 * @public
 */
export function arbitraryFromSchema(
  schema: JsonSchema,
  options: ArbitraryFromSchemaOptions = {},
): fc.Arbitrary<unknown> {
  const builder = new ArbitraryBuilder(schema, options);
  const arbitrary = builder.build(schema, 0, [], '');
  builder.finish();
  return arbitrary;
}
