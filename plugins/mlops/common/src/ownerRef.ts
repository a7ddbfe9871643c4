import {
  CompoundEntityRef,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

const validator = makeValidator();
const OWNER_KINDS: ReadonlySet<string> = new Set(['group', 'user']);

/**
 * Parses an owner the way `spec.owner` reads: a group or user entity ref, a bare name meaning a
 * group in the default namespace; returns the full, lower-case-kind ref or throws `InputError`.
 *
 * @remarks
 * Only groups and users own entities: `component:x` parses as a ref but would draw a wrong
 * `ownedBy` relation, so it is refused.
 *
 * @public
 */
export function parseOwnerRef(value: string): string {
  const parsed = readOwnerRef(value);
  if ('problem' in parsed) {
    throw new InputError(parsed.problem);
  }
  return parsed.ref;
}

const OWNER_REF_MEMO_SIZE = 1_000;
const ownerRefMemo = new Map<string, string | undefined>();

/**
 * {@link parseOwnerRef}, or `undefined` where it would throw.
 *
 * @public
 */
export function tryParseOwnerRef(value: string): string | undefined {
  // No exception on the way: a provider checks the owner tag of every model it ingests, and
  // a few owners recur across thousands of objects, so answers are remembered (bounded).
  const known = ownerRefMemo.get(value);
  if (known !== undefined || ownerRefMemo.has(value)) {
    return known;
  }
  const parsed = readOwnerRef(value);
  const ref = 'ref' in parsed ? parsed.ref : undefined;
  if (ownerRefMemo.size >= OWNER_REF_MEMO_SIZE) {
    ownerRefMemo.clear();
  }
  ownerRefMemo.set(value, ref);
  return ref;
}

function readOwnerRef(value: string): { ref: string } | { problem: string } {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') {
    return {
      problem: `${JSON.stringify(
        value,
      )} is not an owner; expected a group or user entity ref`,
    };
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(trimmed, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return {
      problem: `'${value}' is not an entity ref; expected e.g. 'group:default/ml-platform'`,
    };
  }
  if (
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    return {
      problem: `'${value}' is not a valid entity ref: '${ref.namespace}/${ref.name}' is not a valid namespace and name`,
    };
  }
  const kind = ref.kind.toLowerCase();
  if (!OWNER_KINDS.has(kind)) {
    return {
      problem: `'${value}' must refer to a group or a user, not a ${ref.kind}`,
    };
  }
  return { ref: stringifyEntityRef({ ...ref, kind }) };
}

/**
 * Whether two owner values name the same owner (`fraud-detection` and
 * `group:default/fraud-detection` do); values that are no owner are compared as written.
 *
 * @public
 */
export function isSameOwner(a: string, b: string): boolean {
  const normalise = (value: string) =>
    tryParseOwnerRef(value)?.toLowerCase() ?? value;
  return normalise(a) === normalise(b);
}
