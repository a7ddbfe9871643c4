import { makeValidator } from '@backstage/catalog-model';
import { toEntityTag, toEntityTags } from './entityTag';

const { isValidTag } = makeValidator();

const awkwardLabels = [
  'training',
  'Feature Store',
  'team:fraud_detection',
  'ml.ops/v2',
  'C++',
  'C#',
  '  --padded--  ',
  'Détection – β',
  'İstanbul',
  'emoji 🚀 tag',
  'tab\tand\nnewline',
  'a--b',
  'x'.repeat(63),
  'x'.repeat(64),
  `${'x'.repeat(62)} y`,
  'Very Long Label '.repeat(10),
];

describe('toEntityTag', () => {
  it('keeps labels that are valid catalog tags already', () => {
    for (const label of ['training', 'batch-inference', 'c++', 'c#', 'v2']) {
      expect(toEntityTag(label)).toBe(label);
    }
  });

  it('makes every label a valid catalog tag, as the catalog checks it', () => {
    for (const label of awkwardLabels) {
      const tag = toEntityTag(label);
      expect(tag).toBeDefined();
      expect({ label, valid: isValidTag(tag) }).toEqual({ label, valid: true });
    }
  });

  it('lower-cases, strips accents and joins words with single dashes', () => {
    expect(toEntityTag('Feature Store')).toBe('feature-store');
    expect(toEntityTag('team:fraud_detection')).toBe('team-fraud-detection');
    expect(toEntityTag('ml.ops/v2')).toBe('ml-ops-v2');
    expect(toEntityTag('  --padded--  ')).toBe('padded');
    expect(toEntityTag('Détection – β')).toBe('detection');
    expect(toEntityTag('İstanbul')).toBe('istanbul');
    expect(toEntityTag('a--b')).toBe('a-b');
    expect(toEntityTag('C++')).toBe('c++');
  });

  it('cuts long labels to 63 characters without a dash at the end', () => {
    expect(toEntityTag('x'.repeat(64))).toBe('x'.repeat(63));
    // The cut falls right after the dash: the dash goes too.
    expect(toEntityTag(`${'x'.repeat(62)} y`)).toBe('x'.repeat(62));
  });

  it('leaves nothing of labels without a letter or digit', () => {
    for (const label of ['', '   ', '---', '🚀', '日本語', '...']) {
      expect(toEntityTag(label)).toBeUndefined();
    }
  });
});

describe('toEntityTags', () => {
  it('keeps each tag once, sorted, and drops labels that leave nothing', () => {
    expect(
      toEntityTags([
        'Training',
        'feature store',
        'training',
        '🚀',
        'Feature_Store',
      ]),
    ).toEqual(['feature-store', 'training']);
    expect(toEntityTags([])).toEqual([]);
  });
});
