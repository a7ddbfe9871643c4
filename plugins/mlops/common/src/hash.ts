const FNV_64_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV_64_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
const MASK_32 = 0xffffffffn;

/**
 * FNV-1a (64-bit) over the UTF-8 bytes of `input`, xor-folded to 32 bits, as 8 hex digits.
 *
 * Isomorphic on purpose (no node:crypto): the same name must hash the same in
 * the browser and in the backend. Not a cryptographic hash; it only has to keep
 * distinct upstream names apart. Folding (rather than truncating) keeps the
 * well-mixed high bits, since FNV's low bits depend on few input bits.
 *
 * @internal
 */
export function shortStableHash(input: string): string {
  let hash = FNV_64_OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_64_PRIME) & MASK_64;
  }
  const folded = (hash >> 32n) ^ (hash & MASK_32);
  return folded.toString(16).padStart(8, '0');
}
