import {
  CatalogOwnerDirectory,
  OwnerLookupOptions,
} from '@mlops-portal/plugin-mlops-node';

/**
 * The owner Airflow gives every task that names none (`[operators] default_owner`).
 *
 * @internal
 */
export const AIRFLOW_DEFAULT_TASK_OWNER = 'airflow';

/** `airflow` is looked up among users only (see {@link matchDagOwner}). */
const USERS_ONLY: OwnerLookupOptions = { kinds: ['user'] };

/**
 * Whom a DAG's `owners` name in the catalog.
 *
 * @internal
 */
export interface DagOwnerMatch {
  /** The full ref of the first owner that names a catalog user or group. */
  ref?: string;
  /**
   * The owners that were looked up and matched nothing (empty when one matched): what a warning
   * names. Airflow's own default owner is not among them: leaving it is not a mistake.
   */
  unmatched: string[];
}

/**
 * Maps a DAG's `owners` to the catalog user or group they name: the first owner, in Airflow's
 * order, that the directory knows (by ref, email or name).
 *
 * @remarks
 * Airflow lists the owners of all of a DAG's tasks, and an owner value may itself hold several
 * separated by commas (`jane, fraud-detection`), so each value is split. `airflow`, what Airflow
 * writes where nobody set an owner, is matched only against users: a catalog group of that name
 * is the team running Airflow, not the owner of every DAG nobody claimed.
 *
 * @internal
 */
export function matchDagOwner(
  owners: readonly string[],
  directory: CatalogOwnerDirectory,
): DagOwnerMatch {
  const unmatched: string[] = [];
  for (const value of owners) {
    // Most values hold one owner: no list of parts for them.
    const parts = value.includes(',') ? value.split(',') : [value];
    for (const part of parts) {
      const owner = part.trim();
      if (owner === '') {
        continue;
      }
      const isDefault = owner.toLowerCase() === AIRFLOW_DEFAULT_TASK_OWNER;
      const ref = directory.find(owner, isDefault ? USERS_ONLY : undefined);
      if (ref) {
        return { ref, unmatched: [] };
      }
      if (!isDefault) {
        unmatched.push(owner);
      }
    }
  }
  return { unmatched };
}
