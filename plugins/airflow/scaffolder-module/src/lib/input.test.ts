import {
  describeConfProblem,
  describeDateTimeProblem,
} from '@mlops-portal/plugin-airflow-common';
import fc from 'fast-check';
import {
  boundedSeconds,
  optionalBoolean,
  validateConf,
  validateDagId,
  validateLogicalDate,
  validateRunId,
} from './input';

const DAG_ID_CHARS =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-';

describe('validateDagId', () => {
  it('accepts every id Airflow stores, trimmed', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...DAG_ID_CHARS),
          minLength: 1,
          maxLength: 250,
        }),
        id => {
          expect(validateDagId(id)).toBe(id);
          expect(validateDagId(` ${id} `)).toBe(id);
        },
      ),
    );
  });

  it('refuses any id with a character Airflow does not allow', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...DAG_ID_CHARS), maxLength: 20 }),
        fc
          .string({ minLength: 1, maxLength: 1 })
          .filter(char => !DAG_ID_CHARS.includes(char) && char.trim() !== ''),
        fc.string({ unit: fc.constantFrom(...DAG_ID_CHARS), maxLength: 20 }),
        (before, char, after) => {
          expect(() => validateDagId(`${before}${char}${after}`)).toThrow(
            expect.objectContaining({ name: 'InputError' }),
          );
        },
      ),
    );
  });

  it('refuses ids longer than 250 characters', () => {
    expect(() => validateDagId('d'.repeat(251))).toThrow(
      /at most 250 characters/,
    );
  });
});

describe('validateConf', () => {
  it('accepts objects and treats absent as no conf', () => {
    expect(validateConf({ a: [1, { b: null }] })).toEqual({
      a: [1, { b: null }],
    });
    expect(validateConf({})).toEqual({});
    expect(validateConf(undefined)).toBeUndefined();
  });

  it('refuses anything else, null included, as the common rule says', () => {
    for (const value of [null, [], 'x', 1, true]) {
      expect(() => validateConf(value)).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: describeConfProblem(value),
        }),
      );
    }
  });
});

describe('validateLogicalDate', () => {
  it('accepts RFC 3339 date-times with an offset as written, null, and blank as absent', () => {
    for (const date of [
      '2026-11-01T02:00:00Z',
      '2026-11-01T02:00:00.123456+05:30',
      '2028-02-29T00:00:00-01:00',
    ]) {
      expect(validateLogicalDate(date)).toBe(date);
    }
    expect(validateLogicalDate(null)).toBeNull();
    expect(validateLogicalDate('  ')).toBeUndefined();
  });

  it('refuses dates without an offset, a time or seconds, or that do not exist, as the common rule says', () => {
    for (const date of [
      '2026-11-01',
      '2026-11-01T02:00:00',
      '2026-11-01T02:00Z',
      '2026-11-01 02:00:00Z',
      '2027-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-01T24:00:00Z',
      'now',
    ]) {
      expect(() => validateLogicalDate(date)).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: describeDateTimeProblem('logicalDate', date),
        }),
      );
    }
  });
});

describe('validateRunId', () => {
  it("accepts Airflow's own run ids and treats blank as absent", () => {
    expect(validateRunId('manual__2026-11-01T02:00:00+00:00')).toBe(
      'manual__2026-11-01T02:00:00+00:00',
    );
    expect(validateRunId('backstage~first.run-1')).toBe(
      'backstage~first.run-1',
    );
    expect(validateRunId('')).toBeUndefined();
  });

  it('refuses what Airflow refuses by default', () => {
    for (const runId of ['a b', 'a/b', 'r'.repeat(251), 'ä']) {
      expect(() => validateRunId(runId)).toThrow(/is not an Airflow run id/);
    }
  });
});

describe('optionalBoolean and boundedSeconds', () => {
  it('default when absent and refuse the wrong type or range', () => {
    expect(optionalBoolean('wait', undefined, false)).toBe(false);
    expect(optionalBoolean('wait', true, false)).toBe(true);
    expect(() => optionalBoolean('wait', 'true', false)).toThrow(
      'wait must be true or false',
    );
    const bounds = { default: 5, min: 1, max: 300 };
    expect(boundedSeconds('interval', undefined, bounds)).toBe(5);
    expect(boundedSeconds('interval', 1.5, bounds)).toBe(1.5);
    expect(() => boundedSeconds('interval', 301, bounds)).toThrow(
      'interval must be a number of seconds from 1 to 300, got 301',
    );
    expect(() => boundedSeconds('interval', Number.NaN, bounds)).toThrow(
      /got null/,
    );
  });
});
