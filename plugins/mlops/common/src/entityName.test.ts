import { makeValidator } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { toEntityName } from './entityName';
import { shortStableHash } from './hash';

const { isValidEntityName } = makeValidator();

const awkwardNames = [
  'fraud-model',
  'Fraud Model',
  'fraud_model ',
  'fraud_model',
  'team/fraud/model',
  'Détection de fraude – β',
  '欺诈检测',
  '  --leading and trailing punctuation!!--  ',
  '...',
  '',
  'a',
  'x'.repeat(63),
  'x'.repeat(64),
  'Very Long Name '.repeat(20),
  'ß straße',
  'emoji 🚀 model',
  'tab\tand\nnewline',
  'İstanbul',
];

describe('toEntityName', () => {
  it('keeps names that are already valid lower-case entity names', () => {
    expect(toEntityName('fraud-model')).toBe('fraud-model');
    expect(toEntityName('churn.v2_final')).toBe('churn.v2_final');
    expect(toEntityName('a')).toBe('a');
    expect(toEntityName('x'.repeat(63))).toBe('x'.repeat(63));
  });

  it('adds a hash of the original name whenever sanitising is lossy', () => {
    expect(toEntityName('Fraud Model')).toBe(
      `fraud-model-${shortStableHash('Fraud Model')}`,
    );
    expect(toEntityName('team/fraud/model')).toBe(
      `team-fraud-model-${shortStableHash('team/fraud/model')}`,
    );
    // case change alone is lossy
    expect(toEntityName('Churn')).toBe(`churn-${shortStableHash('Churn')}`);
  });

  it('keeps names readable where it can, including accented text', () => {
    expect(toEntityName('Détection de fraude – β')).toMatch(
      /^detection-de-fraude-[0-9a-f]{8}$/,
    );
    expect(toEntityName('  --leading and trailing punctuation!!--  ')).toMatch(
      /^leading-and-trailing-punctuation-[0-9a-f]{8}$/,
    );
  });

  it('falls back to the hash alone when nothing readable is left', () => {
    expect(toEntityName('欺诈检测')).toBe(shortStableHash('欺诈检测'));
    expect(toEntityName('...')).toBe(shortStableHash('...'));
    expect(toEntityName('')).toBe(shortStableHash(''));
  });

  it('never lets names collide that differ only in what sanitising drops', () => {
    const names = [
      'fraud-model',
      'Fraud Model',
      'fraud_model ',
      'fraud_model',
      'FRAUD-MODEL',
      'fraud model',
      'fraud  model',
      'fraud/model',
      'fraud-model ',
    ];
    const results = names.map(name => toEntityName(name));
    expect(new Set(results).size).toBe(names.length);
  });

  it('truncates very long names to 63 characters and keeps them apart', () => {
    const long = 'x'.repeat(64);
    const longer = 'x'.repeat(65);
    expect(toEntityName(long)).toHaveLength(63);
    expect(toEntityName(longer)).toHaveLength(63);
    expect(toEntityName(long)).not.toBe(toEntityName(longer));
    expect(toEntityName(long)).toMatch(/^x{54}-[0-9a-f]{8}$/);
  });

  it('does not end the readable part on a separator after truncation', () => {
    // the cut at 54 characters lands right after a '-'
    const name = `${'a'.repeat(53)}-bbbbbbbbbbbbbbbb`;
    expect(toEntityName(name)).toBe(
      `${'a'.repeat(53)}-${shortStableHash(name)}`,
    );
  });

  it('is stable: the same input always gives the same output', () => {
    for (const name of awkwardNames) {
      expect(toEntityName(name)).toBe(toEntityName(name));
      expect(toEntityName(name, { prefix: 'staging' })).toBe(
        toEntityName(name, { prefix: 'staging' }),
      );
    }
    // pinned so an accidental change of the hash is noticed: it would rename
    // every ingested entity
    expect(toEntityName('Fraud Model')).toBe('fraud-model-de6ba177');
  });

  it('always produces a valid entity name', () => {
    for (const name of awkwardNames) {
      for (const prefix of [undefined, 'staging', 'p'.repeat(32)]) {
        const result = toEntityName(name, { prefix });
        expect({
          name,
          prefix,
          result,
          valid: isValidEntityName(result),
        }).toEqual({ name, prefix, result, valid: true });
        expect(result).toBe(result.toLowerCase());
      }
    }
  });

  describe('with a prefix', () => {
    it('puts the prefix in front and always adds the hash', () => {
      expect(toEntityName('fraud-model', { prefix: 'staging' })).toBe(
        `staging-fraud-model-${shortStableHash('fraud-model')}`,
      );
    });

    it('cannot collide with an unprefixed name from the default instance', () => {
      expect(toEntityName('fraud-model', { prefix: 'staging' })).not.toBe(
        toEntityName('staging-fraud-model'),
      );
    });

    it('keeps long prefixed names within 63 characters', () => {
      const result = toEntityName('m'.repeat(80), { prefix: 'p'.repeat(32) });
      expect(result).toHaveLength(63);
      expect(result.startsWith(`${'p'.repeat(32)}-m`)).toBe(true);
    });

    it.each([['Staging'], ['-staging'], ['a b'], [''], ['p'.repeat(33)]])(
      'rejects the invalid prefix %j',
      prefix => {
        expect(() => toEntityName('x', { prefix })).toThrow(InputError);
        expect(() => toEntityName('x', { prefix })).toThrow(
          /Invalid entity name prefix/,
        );
      },
    );
  });
});

describe('shortStableHash', () => {
  it('folds the published FNV-1a 64-bit test vectors to 32 bits', () => {
    const fold = (fnv64: bigint) =>
      ((fnv64 >> 32n) ^ (fnv64 & 0xffffffffn)).toString(16).padStart(8, '0');
    expect(shortStableHash('')).toBe(fold(0xcbf29ce484222325n));
    expect(shortStableHash('a')).toBe(fold(0xaf63dc4c8601ec8cn));
    expect(shortStableHash('foobar')).toBe(fold(0x85944171f73967e8n));
  });

  it('hashes the UTF-8 bytes, so composed and decomposed accents differ', () => {
    expect(shortStableHash('é')).not.toBe(shortStableHash('e\u0301'));
  });
});
