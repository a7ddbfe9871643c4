import { JsonValue } from './types';

/**
 * RFC 6902 JSON Patch (add, remove, replace, move, copy, test), which
 * @kubernetes/client-node sends by default for custom objects. Returns a new document.
 */

/** A patch that cannot be applied (Kubernetes answers 422/400 with this message). */
export class JsonPatchError extends Error {}

/** One operation. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const clone = (v: JsonValue): JsonValue =>
  JSON.parse(JSON.stringify(v)) as JsonValue;

function parentOf(
  doc: JsonValue,
  tokens: string[],
  path: string,
): { parent: JsonValue; key: string } {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (node !== null && typeof node === 'object') node = node[token];
    else node = undefined as unknown as JsonValue;
    if (node === undefined)
      throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return { parent: node, key: tokens[tokens.length - 1] };
}

function get(doc: JsonValue, path: string): JsonValue {
  let node: JsonValue | undefined = doc;
  for (const token of parsePointer(path)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (node !== null && typeof node === 'object')
      node = (node as Record<string, JsonValue>)[token];
    else node = undefined;
    if (node === undefined)
      throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return node;
}

function add(doc: JsonValue, path: string, value: JsonValue): JsonValue {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw new JsonPatchError(`invalid array index in "${path}"`);
    parent.splice(index, 0, value);
  } else if (parent !== null && typeof parent === 'object') {
    parent[key] = value;
  } else {
    throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return doc;
}

function remove(doc: JsonValue, path: string): JsonValue {
  const tokens = parsePointer(path);
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length)
      throw new JsonPatchError(`doc is missing path: "${path}"`);
    parent.splice(index, 1);
  } else if (parent !== null && typeof parent === 'object' && key in parent) {
    delete parent[key];
  } else {
    throw new JsonPatchError(`doc is missing path: "${path}"`);
  }
  return doc;
}

/** Applies the operations in order. */
export function applyJsonPatch(
  target: JsonValue,
  operations: unknown,
): JsonValue {
  if (!Array.isArray(operations)) {
    throw new JsonPatchError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  let doc = clone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    if (
      typeof raw !== 'object' ||
      raw === null ||
      typeof raw.path !== 'string'
    ) {
      throw new JsonPatchError('invalid JSON patch operation');
    }
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, clone(raw.value ?? null));
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'replace':
        get(doc, raw.path);
        doc = add(remove(doc, raw.path), raw.path, clone(raw.value ?? null));
        break;
      case 'move': {
        const value = get(doc, raw.from ?? '');
        doc = add(remove(doc, raw.from ?? ''), raw.path, value);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, clone(get(doc, raw.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(get(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw new JsonPatchError(
            `testing value ${raw.path} failed: test failed`,
          );
        }
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${String(raw.op)}`);
    }
  }
  return doc;
}
