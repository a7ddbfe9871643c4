import { ConfigReader } from '@backstage/config';
import { readPolicyConfig } from './readPolicyConfig';

describe('readPolicyConfig', () => {
  it('defaults to no admin groups', () => {
    expect(readPolicyConfig(new ConfigReader({}))).toEqual({ adminGroups: [] });
  });

  it('normalises admin group refs', () => {
    const config = new ConfigReader({
      mlops: { permission: { adminGroups: ['group:default/ML-Platform'] } },
    });
    expect(readPolicyConfig(config).adminGroups).toEqual([
      'group:default/ml-platform',
    ]);
  });

  it.each([
    ['ml-platform', 'must be a full group ref'],
    ['user:default/alice', 'must be a full group ref'],
    ['group:', 'is not an entity ref'],
  ])('rejects %s with the key path', (value, message) => {
    const config = new ConfigReader({
      mlops: { permission: { adminGroups: ['group:default/ok', value] } },
    });
    expect(() => readPolicyConfig(config)).toThrow(
      `mlops.permission.adminGroups[1]: '${value}' ${message}`,
    );
  });
});
