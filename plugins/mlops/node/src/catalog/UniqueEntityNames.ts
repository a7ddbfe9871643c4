/**
 * An upstream object left out of ingestion because another object already has its entity name.
 *
 * @public
 */
export interface EntityNameClash {
  /** The object left out, by its upstream key. */
  upstream: string;
  /** The entity ref both would have. */
  entityRef: string;
  /** The object that kept the name. */
  kept: string;
}

/**
 * Hands out each entity name once per ingestion run: two entities with one name would both be
 * rejected by the catalog, so the first object keeps it and later ones are reported.
 *
 * @remarks
 * The same object listed twice (a registry that changed while it was paged) is kept once,
 * silently; a different object with the same name needs a hash collision in `toEntityName`, or
 * an entity name derivation that is not injective, and is reported in {@link UniqueEntityNames.clashes}.
 *
 * @public
 */
export class UniqueEntityNames {
  private readonly claimed = new Map<string, string>();
  /** The objects left out so far. */
  readonly clashes: EntityNameClash[] = [];

  /** Whether the entity may be emitted: true the first time its ref is claimed. */
  claim(entityRef: string, upstream: string): boolean {
    // Refs are ASCII; the locale-aware lowering costs more than the rest of a claim.
    const key = entityRef.toLowerCase();
    const kept = this.claimed.get(key);
    if (kept === undefined) {
      this.claimed.set(key, upstream);
      return true;
    }
    if (kept !== upstream) {
      this.clashes.push({ upstream, entityRef, kept });
    }
    return false;
  }
}
