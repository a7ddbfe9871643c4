import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * What the MLOps Portal permission policy reads from config.
 *
 * @public
 */
export interface MlopsPolicyConfig {
  /** Full, lower-cased group refs whose members may perform every write. */
  adminGroups: string[];
}

const ADMIN_GROUPS_KEY = 'mlops.permission.adminGroups';

/**
 * Reads `mlops.permission.adminGroups`; a value that is not a full group ref fails startup,
 * because a typo there would silently lock the platform team out.
 *
 * @public
 */
export function readPolicyConfig(config: Config): MlopsPolicyConfig {
  const values = config.getOptionalStringArray(ADMIN_GROUPS_KEY) ?? [];
  const adminGroups = values.map((value, index) => {
    const keyPath = `${ADMIN_GROUPS_KEY}[${index}]`;
    if (!/^group:/i.test(value)) {
      throw new InputError(
        `${keyPath}: '${value}' must be a full group ref such as 'group:default/ml-platform'`,
      );
    }
    try {
      return stringifyEntityRef(parseEntityRef(value)).toLocaleLowerCase(
        'en-US',
      );
    } catch (error) {
      throw new InputError(`${keyPath}: '${value}' is not an entity ref`);
    }
  });
  return { adminGroups };
}
