import { createHash } from 'crypto';

/**
 * Identifiers derived from a label by hashing, never from the seed: the ids of the story
 * (MLflow run ids, KFP UUIDs, Kubernetes uids) stay the same for every seed, so fixtures
 * and docs in other packages can name them.
 */

/** Lower-case hex digest of a label, `length` characters long (max 40). */
export function stableHex(label: string, length = 32): string {
  return createHash('sha1').update(label).digest('hex').slice(0, length);
}

/** An RFC 4122 shaped UUID (version 5 style) derived from a label. */
export function stableUuid(label: string): string {
  const hex = stableHex(`uuid:${label}`, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}
