/**
 * Opaque offset page tokens: base64 of `{"offset": n}`, the format MLflow's own stores use.
 * Tokens are positions in a sorted result, so walking pages never duplicates or skips an
 * item while the data does not change.
 */

/** Encodes an offset as an opaque page token. */
export function encodeOffsetToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

/** Decodes a token made by encodeOffsetToken; undefined when it is not one. */
export function decodeOffsetToken(token: string): number | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(token)) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(token, 'base64').toString('utf8'),
    );
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'offset' in parsed &&
      Number.isSafeInteger((parsed as { offset: unknown }).offset) &&
      (parsed as { offset: number }).offset >= 0
    ) {
      return (parsed as { offset: number }).offset;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** One page of an array plus the offset of the next page (undefined on the last page). */
export function pageOf<T>(
  items: readonly T[],
  offset: number,
  size: number,
): { page: T[]; nextOffset: number | undefined } {
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return { page, nextOffset: next < items.length ? next : undefined };
}
