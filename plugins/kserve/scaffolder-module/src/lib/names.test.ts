import fc from 'fast-check';
import { dnsLabelProblems } from './names';

// The rules as KServe's webhook and Kubernetes write them.
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Strings near the rules: label characters, some upper-case, dots, underscores, any length. */
const candidates = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab09-.A_'), maxLength: 70 }),
  fc.stringMatching(/^[a-z][-a-z0-9]{0,70}$/),
  fc.string({ maxLength: 70 }),
);

describe('dnsLabelProblems', () => {
  it.each([
    ['DNS-1035', DNS_1035_LABEL],
    ['DNS-1123', DNS_1123_LABEL],
  ] as const)(
    'finds no problem exactly when a value is a %s label of at most 63 characters',
    (kind, rule) => {
      fc.assert(
        fc.property(candidates, value => {
          const valid = rule.test(value) && value.length <= 63;
          expect(dnsLabelProblems(value, kind).length === 0).toBe(valid);
        }),
        { numRuns: 2000 },
      );
    },
  );

  it('names every rule a value breaks', () => {
    expect(
      dnsLabelProblems(`9Fraud_detector.${'x'.repeat(60)}-`, 'DNS-1035'),
    ).toEqual([
      'it is 77 characters long, more than 63',
      'it has upper-case letters',
      `it contains "_", ".", but only lower-case letters, digits and '-' are allowed (Kubernetes allows '.' in names; KServe does not)`,
      'it does not start with a letter',
      'it does not end with a letter or a digit',
    ]);
  });

  it('lets a namespace start with a digit, but not an InferenceService name', () => {
    expect(dnsLabelProblems('9-models', 'DNS-1123')).toEqual([]);
    expect(dnsLabelProblems('9-models', 'DNS-1035')).toEqual([
      'it does not start with a letter',
    ]);
  });
});
