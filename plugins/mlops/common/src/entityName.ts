import { InputError } from '@backstage/errors';
import { shortStableHash } from './hash';

/** Backstage (Kubernetes) object names are at most 63 characters. */
const MAX_ENTITY_NAME_LENGTH = 63;
const HASH_LENGTH = 8;
/** Leaves room for at least a few readable characters plus the hash. */
const MAX_PREFIX_LENGTH = 32;
const PREFIX_PATTERN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
/** What `sanitize` returns unchanged: lower-case letters and digits at both ends, `-_.` inside. */
const VALID_NAME = /^[a-z0-9](?:[-_.a-z0-9]*[a-z0-9])?$/;

/**
 * Options for {@link toEntityName}.
 *
 * @public
 */
export interface ToEntityNameOptions {
  /**
   * Put in front of the name, e.g. the instance name for non-default instances.
   * Lower-case letters, digits and '-', at most 32 characters.
   */
  prefix?: string;
}

/**
 * Derives a valid, deterministic, collision-free entity name from an upstream object name.
 *
 * @remarks
 * A name that is already a valid lower-case entity name is returned unchanged.
 * Any lossy step (case change, characters replaced, accents stripped, truncation)
 * appends `-<8 hex digits>`, a stable hash of the original name, so `Fraud Model`,
 * `fraud-model` and `fraud_model ` end up as three different names. A prefixed
 * name always carries the hash, so it can never equal an unprefixed name from
 * the default instance (`staging` + `fraud-model` versus an upstream model
 * literally called `staging-fraud-model`). Keep the original in
 * `metadata.title` and in the annotation; the result is only an identifier.
 *
 * @public
 */
export function toEntityName(
  upstreamName: string,
  options: ToEntityNameOptions = {},
): string {
  const { prefix } = options;
  if (
    prefix !== undefined &&
    (prefix.length > MAX_PREFIX_LENGTH || !PREFIX_PATTERN.test(prefix))
  ) {
    throw new InputError(
      `Invalid entity name prefix ${JSON.stringify(
        prefix,
      )}; expected lower-case ` +
        `letters, digits and '-', starting and ending with a letter or digit, ` +
        `at most ${MAX_PREFIX_LENGTH} characters`,
    );
  }

  // Most upstream names are valid entity names already; skip the Unicode normalisation for them.
  if (
    !prefix &&
    upstreamName.length <= MAX_ENTITY_NAME_LENGTH &&
    VALID_NAME.test(upstreamName)
  ) {
    return upstreamName;
  }
  // sanitize() leaves a valid name as it is; skipping it spares the Unicode normalisation of
  // every prefixed name (a provider names thousands per refresh).
  const sanitized = VALID_NAME.test(upstreamName)
    ? upstreamName
    : sanitize(upstreamName);
  const unchanged = sanitized !== '' && sanitized === upstreamName;
  if (unchanged && !prefix && sanitized.length <= MAX_ENTITY_NAME_LENGTH) {
    return sanitized;
  }

  const head = prefix ? `${prefix}-` : '';
  const hash = shortStableHash(upstreamName);
  const room = MAX_ENTITY_NAME_LENGTH - head.length - HASH_LENGTH - 1;
  const readable = trimSeparators(sanitized.slice(0, room));
  return readable ? `${head}${readable}-${hash}` : `${head}${hash}`;
}

/**
 * Lower-cases, strips accents, and turns every run of characters an entity
 * name cannot hold into a single '-'. Valid lower-case names pass unchanged.
 */
function sanitize(name: string): string {
  const folded = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return trimSeparators(folded.replace(/[^a-z0-9_.-]+/g, '-'));
}

/** `-`, `_` or `.`: what an entity name holds inside but cannot start or end with. */
function isSeparator(code: number): boolean {
  return code === 0x2d || code === 0x5f || code === 0x2e;
}

/** Entity names must start and end with a letter or digit. */
function trimSeparators(value: string): string {
  // Scanned rather than two regular expressions: every prefixed name of a refresh passes here.
  let start = 0;
  let end = value.length;
  while (start < end && isSeparator(value.charCodeAt(start))) start++;
  while (end > start && isSeparator(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
