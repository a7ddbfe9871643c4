import { InputError } from '@backstage/errors';
import type fc from 'fast-check';

/**
 * What to do at one place of generated values: `'absent'` never sets it (an optional property, or
 * no items/entries for `/*`), `'present'` always sets it from the schema, an arbitrary always sets
 * it from that arbitrary (e.g. `fc.constant('token-1')`).
 *
 * @public
 */
export type ValueOverride = 'absent' | 'present' | fc.Arbitrary<unknown>;

/**
 * Overrides keyed by JSON Pointer into the generated value, where a `*` segment stands for any
 * array item or map entry, e.g. `{ '/next_page_token': 'absent', '/runs': 'present' }`.
 *
 * @public
 */
export type ValueOverrides = Readonly<Record<string, ValueOverride>>;

interface CompiledOverride {
  pointer: string;
  segments: string[];
  value: ValueOverride;
  wildcards: number;
  used: boolean;
}

/**
 * True for fast-check arbitraries.
 *
 * @internal
 */
export function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  // Duck-typed so that an arbitrary from another copy of fast-check still counts.
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { generate?: unknown }).generate === 'function' &&
    typeof (value as { canShrinkWithoutContext?: unknown })
      .canShrinkWithoutContext === 'function'
  );
}

/**
 * Finds the override for a place in generated values and remembers which ones were ever used.
 *
 * @internal
 */
export class OverrideTable {
  private readonly entries: CompiledOverride[];

  /** Parses the pointers; throws an InputError for a malformed pointer or value. */
  constructor(overrides: ValueOverrides = {}) {
    this.entries = Object.entries(overrides).map(([pointer, value]) => {
      if (pointer !== '' && !pointer.startsWith('/')) {
        throw new InputError(
          `Override '${pointer}' is not a JSON Pointer (it must start with '/')`,
        );
      }
      if (value !== 'absent' && value !== 'present' && !isArbitrary(value)) {
        throw new InputError(
          `Override '${pointer}' must be 'absent', 'present' or a fast-check arbitrary`,
        );
      }
      const segments = pointer
        .split('/')
        .slice(1)
        .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      return {
        pointer,
        segments,
        value,
        wildcards: segments.filter(s => s === '*').length,
        used: false,
      };
    });
  }

  /** The override for exactly this place (the most specific when several match). */
  at(path: readonly string[]): ValueOverride | undefined {
    let best: CompiledOverride | undefined;
    for (const entry of this.entries) {
      if (
        entry.segments.length === path.length &&
        entry.segments.every((s, i) => s === '*' || s === path[i]) &&
        (!best || entry.wildcards < best.wildcards)
      ) {
        best = entry;
      }
    }
    if (best) best.used = true;
    return best?.value;
  }

  /** True when some override applies at or below this place (so its arbitrary cannot be shared). */
  reaches(path: readonly string[]): boolean {
    return this.entries.some(
      entry =>
        entry.segments.length >= path.length &&
        path.every(
          (p, i) => entry.segments[i] === '*' || entry.segments[i] === p,
        ),
    );
  }

  /** Throws an InputError naming overrides that matched no place (typos, or indexes instead of `*`). */
  assertAllUsed(maxDepth: number): void {
    const unused = this.entries.filter(e => !e.used).map(e => `'${e.pointer}'`);
    if (unused.length) {
      throw new InputError(
        `Override ${unused.join(
          ', ',
        )} matched no place in the schema within maxDepth ${maxDepth} (use '*' for array items and map entries)`,
      );
    }
  }
}
