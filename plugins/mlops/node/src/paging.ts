/** Stops a paging loop that the upstream never ends. */
export const DEFAULT_MAX_PAGES = 1000;

/**
 * One page of a token-paged list (MLflow and KFP `next_page_token`, Kubernetes `metadata.continue`).
 *
 * @public
 */
export interface TokenPage<T> {
  /** The items of this page. */
  items: T[];
  /** Absent or empty on the last page. */
  nextPageToken?: string;
}

/**
 * One page of an offset-paged list (Airflow `limit`/`offset`).
 *
 * @public
 */
export interface OffsetPage<T> {
  /** The items of this page. */
  items: T[];
  /** The list's total size (Airflow `total_entries`), when the upstream says. */
  totalEntries?: number;
}

/**
 * Options shared by the paging helpers.
 *
 * @public
 */
export interface PagingOptions {
  /** Throw rather than fetch more than this many pages. Defaults to 1000. */
  maxPages?: number;
}

/**
 * Iterates the items of a token-paged list, fetching page after page; throws on a runaway list.
 *
 * @public
 */
export async function* paginateByToken<T>(
  fetchPage: (pageToken: string | undefined) => Promise<TokenPage<T>>,
  options: PagingOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const items of tokenPages(fetchPage, options, false)) {
    yield* items;
  }
}

/**
 * Iterates the pages of a token-paged list, requesting page n + 1 as soon as page n has arrived,
 * so the caller's work on a page overlaps the upstream's work on the next one.
 *
 * @remarks
 * The requests are exactly those of a plain sequential loop (one per page, one at a time
 * upstream); only the caller's processing moves off the critical path. Throws on a repeated
 * page token or after `maxPages`, like {@link paginateByToken}.
 *
 * @public
 */
export function prefetchPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<TokenPage<T>>,
  options: PagingOptions = {},
): AsyncGenerator<T[], void, undefined> {
  return tokenPages(fetchPage, options, true);
}

async function* tokenPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<TokenPage<T>>,
  options: PagingOptions,
  prefetch: boolean,
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seenTokens = new Set<string>();
  let pending: Promise<TokenPage<T>> | undefined = fetchPage(undefined);
  for (let pages = 1; pending; pages++) {
    const page: TokenPage<T> = await pending;
    pending = undefined;
    const next = page.nextPageToken;
    if (next) {
      if (seenTokens.has(next)) {
        // An upstream that hands out a token twice would loop forever.
        throw new Error(
          `Paging stopped: the upstream returned page token '${next}' twice`,
        );
      }
      if (pages >= maxPages) {
        throw tooManyPages(maxPages);
      }
      seenTokens.add(next);
      if (prefetch) {
        pending = fetchPage(next);
        // Awaited on the next turn; until then (or forever, if the caller stops early) a
        // rejection must not count as unhandled.
        pending.catch(() => {});
      }
    }
    yield page.items;
    if (next && !prefetch) {
      pending = fetchPage(next);
    }
  }
}

/**
 * Iterates the items of an offset-paged list, advancing by what each page returned; throws on a runaway list.
 *
 * @remarks
 * The offset advances by the number of items received, not by `pageSize`,
 * because servers cap the page size (Airflow's `maximum_page_limit`).
 *
 * @public
 */
export async function* paginateByOffset<T>(
  fetchPage: (offset: number, limit: number) => Promise<OffsetPage<T>>,
  options: PagingOptions & { pageSize: number },
): AsyncGenerator<T, void, undefined> {
  for await (const items of offsetPages(fetchPage, options, false)) {
    yield* items;
  }
}

/**
 * Iterates the pages of an offset-paged list, requesting page n + 1 as soon as page n has
 * arrived (its size gives the next offset), so the caller's work on a page overlaps the
 * upstream's work on the next one.
 *
 * @public
 */
export function prefetchOffsetPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<OffsetPage<T>>,
  options: PagingOptions & { pageSize: number },
): AsyncGenerator<T[], void, undefined> {
  return offsetPages(fetchPage, options, true);
}

async function* offsetPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<OffsetPage<T>>,
  options: PagingOptions & { pageSize: number },
  prefetch: boolean,
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let offset = 0;
  let pending: Promise<OffsetPage<T>> | undefined = fetchPage(
    offset,
    options.pageSize,
  );
  for (let pages = 1; pending; pages++) {
    const page: OffsetPage<T> = await pending;
    pending = undefined;
    offset += page.items.length;
    const done =
      page.items.length === 0 ||
      (page.totalEntries !== undefined && offset >= page.totalEntries);
    if (!done) {
      if (pages >= maxPages) {
        throw tooManyPages(maxPages);
      }
      if (prefetch) {
        pending = fetchPage(offset, options.pageSize);
        // Awaited on the next turn; until then (or forever, if the caller stops early) a
        // rejection must not count as unhandled.
        pending.catch(() => {});
      }
    }
    yield page.items;
    if (!done && !prefetch) {
      pending = fetchPage(offset, options.pageSize);
    }
  }
}

/**
 * Collects every item of an async iterable, e.g. of {@link paginateByToken} or {@link paginateByOffset}.
 *
 * @public
 */
export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const result: T[] = [];
  for await (const item of items) {
    result.push(item);
  }
  return result;
}

function tooManyPages(maxPages: number): Error {
  return new Error(
    `Paging stopped after ${maxPages} pages and the upstream still reports more; ` +
      'raise maxPages if the list really is this long',
  );
}
