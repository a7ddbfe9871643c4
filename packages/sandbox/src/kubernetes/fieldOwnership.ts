import { k8sStatus } from './status';
import { InferenceService, JsonObject, ManagedFieldsEntry } from './types';
import { API_VERSION, clone, isObject } from './validation';

/*
 * Server-side apply, simplified but with the semantics a client notices: the applied fields
 * are merged in and recorded per field manager in `metadata.managedFields` (FieldsV1); a field
 * another manager applied with a different value is a 409 conflict unless `force=true`, which
 * takes it over; a field this manager applied before and now omits is removed unless another
 * manager also owns it. Lists are atomic (a list is one field), as for `+listType=atomic`.
 */

const SEP = '\u0000';
/** Owned field paths (segments joined by NUL: keys such as label names may hold dots). */
export type FieldSet = Set<string>;

// Identity and server-managed metadata are never owned by a manager.
const SERVER_METADATA = new Set([
  'name',
  'namespace',
  'generateName',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
]);

/** The part of an applied configuration that is owned: no apiVersion/kind, server metadata or status. */
export function ownedPart(config: JsonObject): JsonObject {
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...rest } = config;
  const out: JsonObject = { ...rest };
  if (isObject(metadata)) {
    const meta = Object.fromEntries(
      Object.entries(metadata).filter(([key]) => !SERVER_METADATA.has(key)),
    );
    if (Object.keys(meta).length > 0) out.metadata = meta;
  }
  return out;
}

/** Adds the paths of every field in `value` (maps and leaves) to `out`. */
export function collect(
  value: JsonObject,
  prefix: string[],
  out: FieldSet,
): void {
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    const path = [...prefix, key];
    // metadata itself is never owned (it always exists), only what is in it.
    if (!(prefix.length === 0 && key === 'metadata')) out.add(path.join(SEP));
    if (isObject(child)) collect(child, path, out);
  }
}

/** FieldsV1 (`{"f:spec":{".":{},"f:predictor":{…}}}`) of a field set. */
function toFieldsV1(set: FieldSet, prefix: string[] = []): JsonObject {
  const depth = prefix.length;
  const children = [...set]
    .map(p => p.split(SEP))
    .filter(
      segs => segs.length > depth && prefix.every((seg, i) => segs[i] === seg),
    )
    .map(segs => segs[depth]);
  const out: JsonObject = {};
  for (const child of [...new Set(children)].sort()) {
    const path = [...prefix, child];
    const sub = toFieldsV1(set, path);
    out[`f:${child}`] =
      Object.keys(sub).length > 0 && set.has(path.join(SEP))
        ? { '.': {}, ...sub }
        : sub;
  }
  return out;
}

function fromFieldsV1(fields: unknown, prefix: string[], out: FieldSet): void {
  if (!isObject(fields)) return;
  for (const [key, child] of Object.entries(fields)) {
    // Only field names ("f:"); list keys ("k:", "v:", "i:") are not produced here.
    if (!key.startsWith('f:') || !isObject(child)) continue;
    const path = [...prefix, key.slice(2)];
    if (Object.keys(child).length === 0 || '.' in child)
      out.add(path.join(SEP));
    fromFieldsV1(child, path, out);
  }
}

function valueAt(obj: JsonObject, path: string): unknown {
  let node: unknown = obj;
  for (const seg of path.split(SEP)) {
    if (!isObject(node)) return undefined;
    node = node[seg];
  }
  return node;
}

function removeAt(obj: JsonObject, path: string): void {
  const segs = path.split(SEP);
  let node: unknown = obj;
  for (const seg of segs.slice(0, -1)) {
    if (!isObject(node)) return;
    node = node[seg];
  }
  const last = segs[segs.length - 1];
  if (!isObject(node) || !(last in node)) return;
  // A map is only removed once nothing is left in it (others' or unowned fields stay).
  const value = node[last];
  if (isObject(value) && Object.keys(value).length > 0) return;
  delete node[last];
}

function mergeInto(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key]))
      out[key] = mergeInto(out[key] as JsonObject, value);
    else out[key] = clone(value);
  }
  return out;
}

const display = (path: string) => `.${path.split(SEP).join('.')}`;

/** 409 with the API server's conflict message (managers sorted, one line per field). */
function conflictError(conflicts: Array<{ manager: string; path: string }>) {
  const causes = conflicts.map(c => ({
    reason: 'FieldManagerConflict',
    message: `conflict with "${c.manager}"`,
    field: display(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with "${
      conflicts[0].manager
    }": ${display(conflicts[0].path)}`;
  } else {
    const lines: string[] = [];
    for (const manager of [...new Set(conflicts.map(c => c.manager))].sort()) {
      lines.push(`conflicts with "${manager}":`);
      for (const c of conflicts.filter(x => x.manager === manager))
        lines.push(`- ${display(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  return k8sStatus('Conflict', message, { causes });
}

interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

function owners(isvc: InferenceService): Owner[] {
  return (isvc.metadata.managedFields ?? []).map(entry => {
    const set: FieldSet = new Set();
    fromFieldsV1(entry.fieldsV1, [], set);
    return { entry, set };
  });
}

export function entryFor(manager: string, set: FieldSet, time: string) {
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: API_VERSION,
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(set),
  };
  return entry;
}

/** The applied configuration merged into the live object, with ownership updated. */
export function applyToLive(
  live: InferenceService,
  config: JsonObject,
  manager: string,
  force: boolean,
): InferenceService {
  const applied = ownedPart(config);
  const newSet: FieldSet = new Set();
  collect(applied, [], newSet);
  const all = owners(live);
  const mine = all.find(
    o => o.entry.manager === manager && o.entry.operation === 'Apply',
  );
  const others = all.filter(o => o !== mine);
  const liveJson = live as unknown as JsonObject;
  const conflicts: Array<{ manager: string; path: string; owner: Owner }> = [];
  for (const path of [...newSet].sort()) {
    const value = valueAt(applied, path);
    if (isObject(value)) continue;
    const current = valueAt(liveJson, path);
    if (
      current === undefined ||
      JSON.stringify(current) === JSON.stringify(value)
    )
      continue;
    for (const owner of others.filter(o => o.set.has(path)))
      conflicts.push({ manager: owner.entry.manager, path, owner });
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);
  for (const c of conflicts) c.owner.set.delete(c.path);

  const result = clone(liveJson);
  const dropped = [...(mine?.set ?? [])]
    .filter(path => !newSet.has(path))
    .filter(
      path =>
        !others.some(
          o =>
            o.set.has(path) ||
            [...o.set].some(p => p.startsWith(`${path}${SEP}`)),
        ),
    )
    .sort((a, b) => b.split(SEP).length - a.split(SEP).length);
  for (const path of dropped) removeAt(result, path);
  const merged = mergeInto(result, applied) as unknown as InferenceService;

  // The time stays until the caller knows the apply changed something.
  const time = mine?.entry.time ?? '';
  const entries: ManagedFieldsEntry[] = [
    ...all.map(o =>
      o === mine
        ? entryFor(manager, newSet, time)
        : { ...o.entry, fieldsV1: toFieldsV1(o.set) },
    ),
    ...(mine ? [] : [entryFor(manager, newSet, time)]),
  ].filter(e => Object.keys(e.fieldsV1).length > 0);
  return {
    ...merged,
    metadata: {
      ...merged.metadata,
      name: live.metadata.name,
      namespace: live.metadata.namespace,
      uid: live.metadata.uid,
      resourceVersion: live.metadata.resourceVersion,
      generation: live.metadata.generation,
      creationTimestamp: live.metadata.creationTimestamp,
      managedFields: entries,
    },
  };
}
