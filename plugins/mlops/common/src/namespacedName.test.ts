import { InputError } from '@backstage/errors';
import { parseNamespacedName } from './namespacedName';

describe('parseNamespacedName', () => {
  it.each([
    ['models/fraud', { namespace: 'models', name: 'fraud' }],
    [
      'kserve-test/sklearn-iris',
      { namespace: 'kserve-test', name: 'sklearn-iris' },
    ],
    ['ns/name.with.dots', { namespace: 'ns', name: 'name.with.dots' }],
    ['0ns/9name', { namespace: '0ns', name: '9name' }],
    [`${'n'.repeat(63)}/x`, { namespace: 'n'.repeat(63), name: 'x' }],
  ])('accepts %j', (value, expected) => {
    expect(parseNamespacedName(value)).toEqual(expected);
  });

  it.each([
    ['fraud'],
    ['/fraud'],
    ['models/'],
    ['a/b/c'],
    ['Models/fraud'],
    ['models/Fraud'],
    ['models/fraud_v2'],
    ['mod.els/fraud'],
    ['-models/fraud'],
    ['models/fraud-'],
    [' models/fraud'],
    [`${'n'.repeat(64)}/x`],
    [`ns/${'a'.repeat(64)}`],
  ])('rejects %j with an InputError saying what was expected', value => {
    expect(() => parseNamespacedName(value)).toThrow(InputError);
    expect(() => parseNamespacedName(value)).toThrow(
      `${JSON.stringify(
        value,
      )} is not a namespaced name; expected '<namespace>/<name>'`,
    );
  });
});
