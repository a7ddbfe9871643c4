/** Metadata the API server writes itself: absent or different in the answer, never pruned. */
const SERVER_MANAGED_METADATA = new Set([
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `spec.predictor`, `containers[0]`, `annotations["serving.kserve.io/x"]`. */
function childPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) {
    return parent ? `${parent}.${key}` : key;
  }
  return `${parent}[${JSON.stringify(key)}]`;
}

function collect(
  sent: unknown,
  stored: unknown,
  path: string,
  pruned: string[],
): void {
  const empty =
    (Array.isArray(sent) && sent.length === 0) ||
    (isPlainObject(sent) && Object.keys(sent).length === 0);
  if (empty) {
    // Sets no field: the server drops an empty map or list (e.g. `labels: {}`) as it likes.
    return;
  }
  if (stored === undefined) {
    pruned.push(path);
    return;
  }
  if (Array.isArray(sent)) {
    if (!Array.isArray(stored)) return;
    sent.forEach((item, index) =>
      collect(item, stored[index], `${path}[${index}]`, pruned),
    );
    return;
  }
  if (isPlainObject(sent)) {
    if (!isPlainObject(stored)) return;
    for (const [key, value] of Object.entries(sent)) {
      // null asks the server to unset a field: its absence is what was asked for.
      if (value === null) continue;
      if (path === 'metadata' && SERVER_MANAGED_METADATA.has(key)) continue;
      collect(value, stored[key], childPath(path, key), pruned);
    }
  }
  // A leaf that is there, whatever its value: defaulting may change a value, only pruning
  // removes it.
}

/**
 * The paths of the fields `manifest` sets that `stored` lacks: those the CRD's schema does not
 * know, which the API server pruned (e.g. `spec.predictor.model.storageURI` for
 * `storageUri`). Leaves are compared by presence, lists by index; metadata the server writes
 * itself, fields set to null and empty maps or lists (which set nothing) are left out. `status` is never applied with the object, so it
 * is not looked at.
 *
 * @internal
 */
export function prunedFields(
  manifest: Record<string, unknown>,
  stored: Record<string, unknown>,
): string[] {
  const pruned: string[] = [];
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'status' || value === null) continue;
    collect(value, stored[key], key, pruned);
  }
  return pruned;
}
