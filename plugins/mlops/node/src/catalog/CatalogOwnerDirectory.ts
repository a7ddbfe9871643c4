import { AuthService } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * A kind of entity that can own others.
 *
 * @public
 */
export type OwnerKind = 'user' | 'group';

/**
 * Options of {@link CatalogOwnerDirectory.find}.
 *
 * @public
 */
export interface OwnerLookupOptions {
  /** The kinds that may match, in order of preference; defaults to users, then groups. */
  kinds?: readonly OwnerKind[];
}

/**
 * Options of {@link CatalogOwnerDirectory.read}.
 *
 * @public
 */
export interface CatalogOwnerDirectoryReadOptions {
  /** The catalog (`catalogServiceRef`). */
  catalog: CatalogService;
  /** The plugin's auth service: the catalog is read with the plugin's own credentials. */
  auth: AuthService;
}

// The fields matching needs: catalogs with tens of thousands of users stay a few MB.
const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'spec.profile.email',
];
const KINDS: readonly OwnerKind[] = ['user', 'group'];

/** Entity refs by lower-cased key, per kind. */
type Index = Record<OwnerKind, Map<string, string[]>>;

/**
 * The catalog's users and groups, read once, to map what an upstream calls an owner (a DAG's
 * `owners`, a label) to the user or group it means.
 *
 * @remarks
 * A value matches, in this order: the full ref of a user or group in the catalog
 * (`user:default/jane.doe`, `group:ml/fraud`); the `spec.profile.email` of a user, then of a group
 * (for a value with an `@`); the `metadata.name` of a user, then of a group. All comparisons
 * ignore case. A name or email found in several namespaces means the one in `default`, else the
 * first by ref. Anything else matches nothing: the caller picks the default owner, since an owner
 * that is not in the catalog would draw an `ownedBy` edge to nothing.
 *
 * @public
 */
export class CatalogOwnerDirectory {
  private readonly refs = new Map<string, string>();
  private readonly byName: Index = { user: new Map(), group: new Map() };
  private readonly byEmail: Index = { user: new Map(), group: new Map() };

  /**
   * Reads every user and group of the catalog (paged, only the fields matching needs), with
   * the plugin's own credentials; throws what the catalog throws.
   */
  static async read(
    options: CatalogOwnerDirectoryReadOptions,
  ): Promise<CatalogOwnerDirectory> {
    const credentials = await options.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    for await (const page of options.catalog.streamEntities(
      { filter: [{ kind: 'user' }, { kind: 'group' }], fields: FIELDS },
      { credentials },
    )) {
      entities.push(...page);
    }
    return new CatalogOwnerDirectory(entities);
  }

  /** A directory of these entities; entities of other kinds are ignored. */
  constructor(entities: readonly Entity[]) {
    for (const entity of entities) {
      const kind = entity.kind?.toLowerCase();
      if (kind !== 'user' && kind !== 'group') {
        continue;
      }
      const ref = stringifyEntityRef({
        kind,
        namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
        name: entity.metadata.name,
      });
      this.refs.set(ref.toLowerCase(), ref);
      add(this.byName[kind], entity.metadata.name, ref);
      const email = (entity.spec?.profile as { email?: unknown } | undefined)
        ?.email;
      if (typeof email === 'string' && email.trim() !== '') {
        add(this.byEmail[kind], email.trim(), ref);
      }
    }
    for (const index of [this.byName, this.byEmail]) {
      for (const kind of KINDS) {
        for (const refs of index[kind].values()) {
          refs.sort(preferDefaultNamespace);
        }
      }
    }
  }

  /** How many users and groups the directory holds. */
  get size(): number {
    return this.refs.size;
  }

  /** The full ref of the user or group `value` names, or `undefined` when it names none. */
  find(value: string, options: OwnerLookupOptions = {}): string | undefined {
    const kinds = options.kinds ?? KINDS;
    const trimmed = value.trim();
    if (trimmed === '') {
      return undefined;
    }
    const key = trimmed.toLowerCase();
    if (/[:/]/.test(key)) {
      const ref = this.findRef(key, kinds);
      if (ref) {
        return ref;
      }
    }
    const index = key.includes('@') ? this.byEmail : this.byName;
    for (const kind of kinds) {
      const refs = index[kind].get(key);
      if (refs) {
        return refs[0];
      }
    }
    return undefined;
  }

  private findRef(
    key: string,
    kinds: readonly OwnerKind[],
  ): string | undefined {
    let parsed;
    try {
      // As spec.owner reads: a kind-less ref means a group.
      parsed = parseEntityRef(key, {
        defaultKind: 'group',
        defaultNamespace: DEFAULT_NAMESPACE,
      });
    } catch {
      return undefined;
    }
    if (!kinds.includes(parsed.kind as OwnerKind)) {
      return undefined;
    }
    return this.refs.get(stringifyEntityRef(parsed));
  }
}

function add(index: Map<string, string[]>, key: string, ref: string): void {
  const lower = key.toLowerCase();
  const refs = index.get(lower);
  if (refs) {
    refs.push(ref);
  } else {
    index.set(lower, [ref]);
  }
}

/** `default` first, then by ref: the same value always picks the same owner. */
function preferDefaultNamespace(a: string, b: string): number {
  const aDefault = a.includes(`:${DEFAULT_NAMESPACE}/`);
  const bDefault = b.includes(`:${DEFAULT_NAMESPACE}/`);
  if (aDefault !== bDefault) {
    return aDefault ? -1 : 1;
  }
  return a < b ? -1 : Number(a > b);
}
