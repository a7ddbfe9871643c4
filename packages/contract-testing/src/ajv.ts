import Ajv, { type ErrorObject, type Options } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ContractViolation } from './types';

/** A JSON object as parsed from a contract file. */
export type JsonObject = { [key: string]: unknown };

/** True for plain (non-array) objects. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which JSON Schema dialect a contract's schemas are written in. */
export type Dialect = 'draft07' | 'draft2020';

/** The Ajv instance type shared by both dialects. */
export type AjvInstance = Ajv;

// Formats whose upstream spelling is a typo of a standard one (Airflow v1 writes "datetime").
const FORMAT_ALIASES: Record<string, string> = { datetime: 'date-time' };

/** A lenient-about-vocabulary, strict-about-data Ajv instance for one contract. */
export function createAjv(dialect: Dialect): AjvInstance {
  const options: Options = {
    // Contracts carry vendor keywords (x-*, example, discriminator...); they must not stop compilation.
    strict: false,
    allErrors: true,
    // verbose keeps the offending data on each error so messages can say what was sent.
    verbose: true,
    // The KServe CRD is 1.9 MB; meta-validating it costs seconds and tells us nothing new.
    validateSchema: false,
    logger: false,
  };
  const ajv: AjvInstance =
    dialect === 'draft2020' ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** Collects every `format` value and `x-*` key in a document (walks everything, cheap next to compiling). */
export function scanVocabulary(doc: unknown): {
  formats: Set<string>;
  extensions: Set<string>;
} {
  const formats = new Set<string>();
  const extensions = new Set<string>();
  const stack: unknown[] = [doc];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'format' && typeof value === 'string') formats.add(value);
        if (key.startsWith('x-')) extensions.add(key);
        if (typeof value === 'object' && value !== null) stack.push(value);
      }
    }
  }
  return { formats, extensions };
}

/** Registers a document's unknown formats (as no-ops or aliases) and x-* keys (as annotations). */
export function registerVocabulary(
  ajv: AjvInstance,
  doc: unknown,
  keepKeywords: string[] = [],
): void {
  const { formats, extensions } = scanVocabulary(doc);
  for (const format of formats) {
    if (ajv.formats[format] !== undefined) continue;
    const alias = FORMAT_ALIASES[format];
    const target = alias ? ajv.formats[alias] : undefined;
    // Unknown formats (e.g. KFP "path", Airflow "password") carry no checkable rule; accept any string.
    ajv.addFormat(format, target ?? true);
  }
  for (const keyword of extensions) {
    if (keepKeywords.includes(keyword) || ajv.getKeyword(keyword)) continue;
    ajv.addKeyword({ keyword });
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  if (Array.isArray(value)) return `array ${text}`;
  if (value === null) return 'null';
  return `${typeof value} ${text}`;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Turns a JSON pointer into a "where" string, e.g. "/dags/0" -> "response body /dags/0". */
export type WhereFn = (pointer: string) => string;

/** A WhereFn that prefixes the pointer with a fixed label. */
export function whereWithPrefix(prefix: string): WhereFn {
  return pointer => (pointer ? `${prefix} ${pointer}` : prefix);
}

/** How formatErrors words some messages. */
export interface FormatOptions {
  /** Message for a property the schema does not allow (additionalProperties: false). */
  unknownProperty?: (name: string) => string;
}

/** Converts Ajv errors into violations with readable where/message, merging anyOf/nullable noise. */
export function formatErrors(
  errors: ErrorObject[] | null | undefined,
  where: WhereFn,
  options: FormatOptions = {},
): ContractViolation[] {
  if (!errors?.length) return [];
  const typeErrors = new Map<string, { types: string[]; data: unknown }>();
  const out: Array<ContractViolation & { pointer: string }> = [];
  const combinators: Array<{ pointer: string; error: ErrorObject }> = [];

  for (const error of errors) {
    const pointer = error.instancePath;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'type': {
        // Branches of anyOf (nullable wrappers, int-or-string) each report a type error; merge them.
        const entry = typeErrors.get(pointer) ?? {
          types: [],
          data: error.data,
        };
        for (const t of String(params.type).split(',')) {
          if (!entry.types.includes(t)) entry.types.push(t);
        }
        typeErrors.set(pointer, entry);
        break;
      }
      case 'required': {
        const missing = String(params.missingProperty);
        const p = `${pointer}/${escapePointer(missing)}`;
        out.push({
          pointer: p,
          where: where(p),
          message: `required property '${missing}' is missing`,
        });
        break;
      }
      case 'additionalProperties': {
        const extra = String(params.additionalProperty);
        const p = `${pointer}/${escapePointer(extra)}`;
        const message = options.unknownProperty
          ? options.unknownProperty(extra)
          : `property '${extra}' is not in the contract`;
        out.push({ pointer: p, where: where(p), message });
        break;
      }
      case 'enum': {
        const allowed = (params.allowedValues as unknown[]) ?? [];
        const shown = allowed
          .slice(0, 15)
          .map(v => JSON.stringify(v))
          .join(', ');
        const more =
          allowed.length > 15 ? `, ... (${allowed.length} values)` : '';
        out.push({
          pointer,
          where: where(pointer),
          message: `must be one of ${shown}${more}; got ${describeValue(
            error.data,
          )}`,
        });
        break;
      }
      case 'const':
        out.push({
          pointer,
          where: where(pointer),
          message: `must be ${JSON.stringify(
            params.allowedValue,
          )}; got ${describeValue(error.data)}`,
        });
        break;
      case 'anyOf':
      case 'oneOf':
        combinators.push({ pointer, error });
        break;
      case 'not': {
        const parent = error.parentSchema as JsonObject | undefined;
        const group = parent?.['x-oneof-fields'];
        const message = Array.isArray(group)
          ? `at most one of ${group.join(
              ', ',
            )} may be set (proto oneof '${String(parent?.['x-oneof'])}')`
          : `${error.message ?? 'is not allowed'}; got ${describeValue(
              error.data,
            )}`;
        out.push({ pointer, where: where(pointer), message });
        break;
      }
      default:
        out.push({
          pointer,
          where: where(pointer),
          message: `${error.message ?? error.keyword}; got ${describeValue(
            error.data,
          )}`,
        });
    }
  }

  const combinatorAt = new Set(combinators.map(c => c.pointer));
  for (const [pointer, { types, data }] of typeErrors) {
    // In anyOf [string, Obj] an object with a bad field fails both branches; the deeper errors say why.
    const explainedDeeper =
      combinatorAt.has(pointer) &&
      out.some(
        v => v.pointer === pointer || v.pointer.startsWith(`${pointer}/`),
      );
    if (!explainedDeeper) {
      out.push({
        pointer,
        where: where(pointer),
        message: `must be ${types.join(' or ')}; got ${describeValue(data)}`,
      });
    }
  }
  for (const { pointer, error } of combinators) {
    // A failed anyOf is already explained by its branches' errors at or below the same place.
    const explained = out.some(
      v => v.pointer === pointer || v.pointer.startsWith(`${pointer}/`),
    );
    if (!explained) {
      out.push({
        pointer,
        where: where(pointer),
        message: `${error.message ?? 'does not match'}; got ${describeValue(
          error.data,
        )}`,
      });
    }
  }

  const seen = new Set<string>();
  const result: ContractViolation[] = [];
  for (const v of out) {
    const key = `${v.where}\u0000${v.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ where: v.where, message: v.message });
  }
  return result;
}
