import { Config } from '@backstage/config';
import { configError } from '../config/keyPath';

/**
 * `mlops.authority`, validated.
 *
 * @public
 */
export interface AuthorityConfig {
  /** Whether reads through an annotation are authorized against the ingested entity too. */
  restrictReads: boolean;
}

/**
 * Reads `mlops.authority`; a value of the wrong type fails startup naming the key.
 *
 * @public
 */
export function readAuthorityConfig(config: Config): AuthorityConfig {
  const key = 'mlops.authority.restrictReads';
  const value = config.getOptional(key);
  if (value === undefined) {
    return { restrictReads: false };
  }
  // Env substitution yields strings.
  if (value === true || value === 'true') {
    return { restrictReads: true };
  }
  if (value === false || value === 'false') {
    return { restrictReads: false };
  }
  throw configError(key, `must be true or false, got ${JSON.stringify(value)}`);
}
