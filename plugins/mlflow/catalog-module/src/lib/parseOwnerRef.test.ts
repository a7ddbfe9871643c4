import { parseOwnerRef } from './parseOwnerRef';

describe('parseOwnerRef', () => {
  it('reads a bare value as a group in the default namespace', () => {
    expect(parseOwnerRef('fraud-detection')).toBe(
      'group:default/fraud-detection',
    );
    expect(parseOwnerRef('  fraud-detection ')).toBe(
      'group:default/fraud-detection',
    );
  });

  it('keeps full and partial refs of groups and users', () => {
    expect(parseOwnerRef('group:ml/fraud-detection')).toBe(
      'group:ml/fraud-detection',
    );
    expect(parseOwnerRef('ml/fraud-detection')).toBe(
      'group:ml/fraud-detection',
    );
    expect(parseOwnerRef('user:jane.doe')).toBe('user:default/jane.doe');
    expect(parseOwnerRef('User:default/jane')).toBe('user:default/jane');
  });

  it('rejects values that name no group or user', () => {
    expect(parseOwnerRef('')).toBeUndefined();
    expect(parseOwnerRef('   ')).toBeUndefined();
    expect(parseOwnerRef('Fraud Detection Team')).toBeUndefined();
    expect(parseOwnerRef('fraud@detection')).toBeUndefined();
    expect(parseOwnerRef('a:b:c')).toBeUndefined();
    expect(parseOwnerRef('component:default/fraud-service')).toBeUndefined();
    expect(parseOwnerRef(`group:${'x'.repeat(64)}`)).toBeUndefined();
  });
});
