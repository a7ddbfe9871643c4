import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

const validator = makeValidator();
const OWNER_KINDS: ReadonlySet<string> = new Set(['group', 'user']);

/**
 * The full entity ref of a group or user named by an owner tag value, or undefined when the
 * value names neither. A bare name means a group in the default namespace, as in `spec.owner`.
 */
export function parseOwnerRef(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  let ref;
  try {
    ref = parseEntityRef(trimmed, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
  // Only groups and users own things; `component:x` parses but would draw a wrong ownedBy edge.
  if (
    !OWNER_KINDS.has(ref.kind.toLocaleLowerCase('en-US')) ||
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    return undefined;
  }
  return stringifyEntityRef(ref);
}
