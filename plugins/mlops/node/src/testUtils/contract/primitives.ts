import fc from 'fast-check';
import type { Alternative } from './flatten';
import { schemaError } from './schema';

/**
 * Strings that break code assuming "normal" text: empty, blank, reserved words, unicode, markup.
 *
 * @internal
 */
export const AWKWARD_STRINGS: readonly string[] = [
  '',
  ' ',
  '0',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  '\u0000',
  'line\nbreak',
  'ключ',
  '模型',
  '🚀',
  'e\u0301',
  '<b>&amp;</b>',
  '../..',
  '%2F',
];

/**
 * Object keys that break code using objects as maps (prototype names) or assuming tidy names.
 *
 * @internal
 */
export const AWKWARD_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'ключ',
  '🔑',
  'a.b',
  'a/b',
  '$ref',
];

/**
 * Keys of generated maps: awkward ones as often as ordinary ones.
 *
 * @internal
 */
export function mapKeyArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...AWKWARD_KEYS),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );
}

const MAX_INT32 = 2 ** 31 - 1;
const MAX_UINT32 = 2 ** 32 - 1;

// Integer ranges that numeric formats imply (int64 kept to what a JS number holds exactly).
const INTEGER_FORMATS: Record<string, [number, number]> = {
  int32: [-MAX_INT32 - 1, MAX_INT32],
  uint32: [0, MAX_UINT32],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};
const NUMBER_FORMATS = new Set([
  ...Object.keys(INTEGER_FORMATS),
  'float',
  'double',
]);

const dates = fc.date({
  min: new Date('1970-01-01T00:00:00.000Z'),
  max: new Date('2100-01-01T00:00:00.000Z'),
  noInvalidDate: true,
});

const pad = (n: number) => String(n).padStart(2, '0');

// Only what the contracts use and ajv-formats checks; anything else needs the caller's own arbitrary.
const STRING_FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  'date-time': () =>
    fc
      .tuple(dates, fc.constantFrom('millis', 'seconds', 'offset'))
      .map(([d, style]) => {
        const iso = d.toISOString();
        if (style === 'seconds') return iso.replace(/\.\d{3}Z$/, 'Z');
        if (style === 'offset') return iso.replace(/Z$/, '+00:00');
        return iso;
      }),
  date: () => dates.map(d => d.toISOString().slice(0, 10)),
  time: () =>
    fc
      .tuple(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
      )
      .map(([h, m, s]) => `${pad(h)}:${pad(m)}:${pad(s)}Z`),
  duration: () =>
    fc
      .record(
        {
          D: fc.nat({ max: 400 }),
          H: fc.nat({ max: 23 }),
          M: fc.nat({ max: 59 }),
          S: fc.nat({ max: 59 }),
        },
        { requiredKeys: [] },
      )
      .map(({ D, H, M, S }) => {
        const time = [
          H === undefined ? '' : `${H}H`,
          M === undefined ? '' : `${M}M`,
          S === undefined ? '' : `${S}S`,
        ].join('');
        const date = D === undefined ? '' : `${D}D`;
        if (!date && !time) return 'PT0S';
        return `P${date}${time ? `T${time}` : ''}`;
      }),
  uuid: () => fc.uuid(),
  byte: () =>
    fc
      .uint8Array({ maxLength: 12 })
      .map(bytes => Buffer.from(bytes).toString('base64')),
  password: () => fc.string(),
  // grpc-gateway (KFP) writes 64-bit integers as decimal strings.
  int32: () => fc.integer().map(String),
  uint32: () => fc.nat({ max: MAX_UINT32 }).map(String),
  int64: () =>
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  uint64: () => fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
};

function codePoints(text: string): number {
  return [...text].length;
}

/**
 * Arbitrary strings honouring pattern, format and length keywords.
 *
 * @internal
 */
export function stringArbitrary(
  alt: Alternative,
  formats: Readonly<Record<string, fc.Arbitrary<string>>>,
  where: string,
): fc.Arbitrary<string> {
  const { minLength = 0, maxLength } = alt;
  const [pattern, ...morePatterns] = alt.patterns;
  let base: fc.Arbitrary<string>;
  if (alt.format !== undefined && !NUMBER_FORMATS.has(alt.format)) {
    const custom = formats[alt.format] ?? STRING_FORMATS[alt.format]?.();
    if (!custom) {
      throw schemaError(
        where,
        `format '${alt.format}' is unknown (pass options.formats['${alt.format}'])`,
      );
    }
    base = custom;
  } else if (alt.format !== undefined) {
    base = STRING_FORMATS[alt.format]?.() ?? fc.double().map(String);
  } else if (pattern !== undefined) {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'u');
      base = fc.stringMatching(regex, { maxLength });
    } catch (e) {
      throw schemaError(where, `pattern /${pattern}/ (${String(e)})`);
    }
  } else if (minLength > 0 || maxLength !== undefined) {
    // One code point per unit, because JSON Schema lengths count code points.
    base = fc.oneof(
      fc.string({
        unit: 'grapheme-composite',
        minLength,
        maxLength: maxLength ?? minLength + 16,
      }),
      fc.constantFrom(
        ...AWKWARD_STRINGS.filter(
          s =>
            codePoints(s) >= minLength &&
            (maxLength === undefined || codePoints(s) <= maxLength),
        ),
        'x'.repeat(minLength),
      ),
    );
  } else {
    // Mostly readable (ids, names), sometimes any unicode, now and then an awkward classic.
    base = fc.oneof(
      { weight: 2, arbitrary: fc.string({ maxLength: 16 }) },
      {
        weight: 1,
        arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }),
      },
      { weight: 1, arbitrary: fc.constantFrom(...AWKWARD_STRINGS) },
    );
  }
  const checks: Array<(s: string) => boolean> = [];
  if (alt.format !== undefined && pattern !== undefined)
    morePatterns.unshift(pattern);
  for (const p of morePatterns) {
    const regex = new RegExp(p, 'u');
    checks.push(s => regex.test(s));
  }
  if (minLength > 0) checks.push(s => codePoints(s) >= minLength);
  if (maxLength !== undefined) checks.push(s => codePoints(s) <= maxLength);
  return checks.length ? base.filter(s => checks.every(c => c(s))) : base;
}

/** The integer range bounds and integer formats (int32, int64...) allow; min > max when none. */
function integerBounds(alt: Alternative): [number, number] {
  let [min, max] = INTEGER_FORMATS[alt.format ?? ''] ?? [
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  ];
  if (alt.minimum !== undefined) min = Math.max(min, Math.ceil(alt.minimum));
  if (alt.exclusiveMinimum !== undefined)
    min = Math.max(min, Math.floor(alt.exclusiveMinimum) + 1);
  if (alt.maximum !== undefined) max = Math.min(max, Math.floor(alt.maximum));
  if (alt.exclusiveMaximum !== undefined)
    max = Math.min(max, Math.ceil(alt.exclusiveMaximum) - 1);
  return [min, max];
}

/**
 * Arbitrary integers honouring bounds and integer formats (int32, int64...).
 *
 * @internal
 */
export function integerArbitrary(
  alt: Alternative,
  where: string,
): fc.Arbitrary<number> {
  const [min, max] = integerBounds(alt);
  if (min > max) {
    throw schemaError(where, `no integer lies within its bounds`);
  }
  return fc.integer({ min, max });
}

/**
 * Arbitrary finite numbers (JSON has no NaN or Infinity) honouring bounds; integers among them.
 *
 * @internal
 */
export function numberArbitrary(alt: Alternative): fc.Arbitrary<number> {
  let min = alt.minimum;
  let minExcluded = false;
  if (
    alt.exclusiveMinimum !== undefined &&
    (min === undefined || alt.exclusiveMinimum >= min)
  ) {
    min = alt.exclusiveMinimum;
    minExcluded = true;
  }
  let max = alt.maximum;
  let maxExcluded = false;
  if (
    alt.exclusiveMaximum !== undefined &&
    (max === undefined || alt.exclusiveMaximum <= max)
  ) {
    max = alt.exclusiveMaximum;
    maxExcluded = true;
  }
  const doubles = fc.double({
    min,
    max,
    minExcluded,
    maxExcluded,
    noNaN: true,
    noDefaultInfinity: true,
  });
  // Upstreams mostly send whole numbers even where fractions are allowed; doubles alone rarely are.
  const [intMin, intMax] = integerBounds({ ...alt, format: undefined });
  return intMin > intMax
    ? doubles
    : fc.oneof(doubles, fc.integer({ min: intMin, max: intMax }));
}
