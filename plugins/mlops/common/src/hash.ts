const encoder = new TextEncoder();
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * FNV-1a (64-bit) over the UTF-8 bytes of `input`, xor-folded to 32 bits, as 8 hex digits.
 *
 * Isomorphic on purpose (no node:crypto): the same name must hash the same in
 * the browser and in the backend. Not a cryptographic hash; it only has to keep
 * distinct upstream names apart. Folding (rather than truncating) keeps the
 * well-mixed high bits, since FNV's low bits depend on few input bits.
 *
 * The 64-bit state is kept in four 16-bit limbs rather than a BigInt: a provider hashes every
 * prefixed entity name of every refresh, and BigInt arithmetic is ten times slower. The prime
 * is 2^40 + 435, so a multiplication is ×435 per limb plus the limbs shifted up by 40 bits.
 *
 * @internal
 */
export function shortStableHash(input: string): string {
  // 0xcbf29ce484222325, the FNV-64 offset basis, low limb first
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  // An ASCII string is its own UTF-8: most names are, and need no encoded copy.
  const bytes = ASCII.test(input) ? undefined : encoder.encode(input);
  const length = bytes ? bytes.length : input.length;
  for (let i = 0; i < length; i++) {
    h0 ^= bytes ? bytes[i] : input.charCodeAt(i);
    const t0 = h0 * 435;
    let t1 = h1 * 435;
    let t2 = h2 * 435 + (h0 << 8);
    const t3 = h3 * 435 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  }
  const high = ((h3 << 16) | h2) >>> 0;
  const low = ((h1 << 16) | h0) >>> 0;
  return ((high ^ low) >>> 0).toString(16).padStart(8, '0');
}
