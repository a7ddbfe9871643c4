import fc from 'fast-check';
import { shortStableHash } from './hash';

/** The definition, with BigInt: what entity names were built with, so they must not change. */
function reference(input: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return ((hash >> 32n) ^ (hash & 0xffffffffn)).toString(16).padStart(8, '0');
}

describe('shortStableHash', () => {
  it('keeps the hashes entity names already carry', () => {
    expect(shortStableHash('')).toBe(reference(''));
    expect(shortStableHash('Fraud Model')).toBe('de6ba177');
    expect(shortStableHash('team/fraud/model')).toBe(
      reference('team/fraud/model'),
    );
  });

  it('is FNV-1a 64 folded to 32 bits for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), input => {
        expect(shortStableHash(input)).toBe(reference(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes ASCII names (read without encoding) as their UTF-8 bytes', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc
            .integer({ min: 0, max: 0x7f })
            .map(c => String.fromCharCode(c)),
          maxLength: 80,
        }),
        fc.string({ unit: 'binary', maxLength: 3 }),
        (ascii, tail) => {
          expect(shortStableHash(ascii)).toBe(reference(ascii));
          // One character past ASCII takes the encoded path for the whole name.
          expect(shortStableHash(ascii + tail)).toBe(reference(ascii + tail));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
