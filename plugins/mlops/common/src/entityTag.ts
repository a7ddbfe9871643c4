/** The catalog's `metadata.tags` limit (`CommonValidatorFunctions.isValidTag`). */
const MAX_TAG_LENGTH = 63;
/** Runs of what a catalog tag cannot hold; `-` is the tag's own separator. */
const NOT_TAG_CHARACTERS = /[^a-z0-9+#]+/g;
/** What the catalog accepts as a tag (its length aside). */
const VALID_TAG = /^[a-z0-9+#]+(?:-[a-z0-9+#]+)*$/;

/**
 * Turns an upstream label (an Airflow tag, a Kubernetes label value) into a valid catalog tag, or
 * `undefined` when nothing of it is left.
 *
 * @remarks
 * The catalog accepts `metadata.tags` of lower-case letters, digits, `+` and `#`, in words joined
 * by single `-`, at most 63 characters. So accents are stripped, letters lower-cased and every run
 * of anything else (spaces, `_`, `.`, `/`, `:`) becomes one `-`, trimmed at both ends:
 * `Feature Store` → `feature-store`, `team:fraud_detection` → `team-fraud-detection`. Unlike
 * entity names, no hash is appended: a tag is a label to filter by, and `ML Ops` and `ml-ops`
 * meaning the same tag is what a user expects.
 *
 * @public
 */
export function toEntityTag(label: string): string | undefined {
  // Most labels are valid tags already; skip the Unicode normalisation for them.
  if (label.length <= MAX_TAG_LENGTH && VALID_TAG.test(label)) {
    return label;
  }
  // Lower-cased first: `İ` lower-cases to `i` plus a combining dot, which the next step drops.
  const folded = label.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  const tag = trimDashes(
    trimDashes(folded.replace(NOT_TAG_CHARACTERS, '-')).slice(
      0,
      MAX_TAG_LENGTH,
    ),
  );
  return tag === '' ? undefined : tag;
}

/**
 * {@link toEntityTag} over a list: each resulting tag once, sorted (so an entity stays the same
 * when the upstream lists its labels in another order), labels that leave nothing dropped.
 *
 * @public
 */
export function toEntityTags(labels: readonly string[]): string[] {
  const tags = new Set<string>();
  for (const label of labels) {
    const tag = toEntityTag(label);
    if (tag !== undefined) {
      tags.add(tag);
    }
  }
  return [...tags].sort();
}

function trimDashes(value: string): string {
  return value.replace(/^-+/, '').replace(/-+$/, '');
}
