/**
 * Freezes a JSON value and everything in it, so that a value shared by callers (a decoded read,
 * a view derived from one) cannot be changed by one of them.
 *
 * @public
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}
