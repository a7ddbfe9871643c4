import { JsonValue } from './types';

const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * RFC 7386 JSON Merge Patch: objects merge recursively, `null` deletes, everything else
 * (arrays included) replaces. Returns a new value; the target is not modified.
 */
export function applyMergePatch(
  target: JsonValue | undefined,
  patch: JsonValue,
): JsonValue {
  if (!isObject(patch)) {
    return patch;
  }
  const result: Record<string, JsonValue> = isObject(target)
    ? { ...target }
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = applyMergePatch(result[key], value);
    }
  }
  return result;
}
