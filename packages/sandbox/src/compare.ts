/** Orders strings by UTF-16 code units (what byte-wise database collations do for ASCII). */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
