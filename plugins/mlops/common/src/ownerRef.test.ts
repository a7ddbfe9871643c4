import { InputError } from '@backstage/errors';
import { isSameOwner, parseOwnerRef, tryParseOwnerRef } from './ownerRef';

describe('parseOwnerRef', () => {
  it.each([
    ['fraud-detection', 'group:default/fraud-detection'],
    [' fraud-detection ', 'group:default/fraud-detection'],
    ['group:ml/fraud-detection', 'group:ml/fraud-detection'],
    ['User:jane', 'user:default/jane'],
    ['user:default/jane.doe', 'user:default/jane.doe'],
  ])('reads %j as %j', (value, expected) => {
    expect(parseOwnerRef(value)).toBe(expected);
  });

  it.each([
    ['', /is not an owner/],
    ['   ', /is not an owner/],
    ['component:default/x', /must refer to a group or a user, not a component/],
    ['group:default/Not Valid', /is not a valid entity ref/],
    ['group:', /is not an entity ref/],
  ])('refuses %j with an InputError saying why', (value, message) => {
    expect(() => parseOwnerRef(value)).toThrow(InputError);
    expect(() => parseOwnerRef(value)).toThrow(message);
    expect(tryParseOwnerRef(value)).toBeUndefined();
  });
});

describe('isSameOwner', () => {
  it('compares refs, not spellings', () => {
    expect(
      isSameOwner('fraud-detection', 'group:default/fraud-detection'),
    ).toBe(true);
    expect(
      isSameOwner('Group:default/Fraud-Detection', 'fraud-detection'),
    ).toBe(true);
    expect(isSameOwner('user:jane', 'group:jane')).toBe(false);
    expect(isSameOwner('not a ref', 'not a ref')).toBe(true);
  });
});
