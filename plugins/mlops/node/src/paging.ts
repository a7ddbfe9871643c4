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
  for await (const items of offsetPages(fetchPage, options)) {
    yield* items;
  }
}

/**
 * Options of {@link prefetchOffsetPages}.
 *
 * @public
 */
export interface PrefetchOffsetPagesOptions extends PagingOptions {
  /** The `limit` asked for; the server may cap it (Airflow's `maximum_page_limit`). */
  pageSize: number;
  /**
   * Page requests kept in flight once the list's size is known, 1 (the default) to 4. With 2,
   * the upstream has the next request waiting while it answers one, so it never idles between
   * pages while the caller reads and maps what arrived.
   */
  inFlight?: number;
}

/** The most page requests {@link prefetchOffsetPages} keeps in flight. */
const MAX_PAGES_IN_FLIGHT = 4;

/**
 * Iterates the pages of an offset-paged list, requesting the next page as soon as a page has
 * arrived (or, with `inFlight` above 1, the next few: their offsets follow from the page size the
 * server answered with and the total it reported), so the caller's work on a page overlaps the
 * upstream's work on the next ones.
 *
 * @remarks
 * Never a request beyond the reported total, nor one a sequential loop would not send, as long as
 * the list stays put: when a page comes back shorter than the ones before it without ending the
 * list (the list changed while it was paged), the requests sent ahead are dropped and paging goes
 * on from where that page ended, as a sequential loop would.
 *
 * @public
 */
export async function* prefetchOffsetPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<OffsetPage<T>>,
  options: PrefetchOffsetPagesOptions,
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const inFlight = options.inFlight ?? 1;
  if (
    !Number.isInteger(inFlight) ||
    inFlight < 1 ||
    inFlight > MAX_PAGES_IN_FLIGHT
  ) {
    throw new TypeError(
      `inFlight must be an integer from 1 to ${MAX_PAGES_IN_FLIGHT}, got ${inFlight}`,
    );
  }
  const requested: Array<{ offset: number; page: Promise<OffsetPage<T>> }> = [];
  let sent = 0;
  const request = (offset: number) => {
    sent++;
    const page = fetchPage(offset, options.pageSize);
    // Awaited in its turn; until then (or forever, if the caller stops early or the request is
    // dropped) a rejection must not count as unhandled.
    page.catch(() => {});
    requested.push({ offset, page });
  };
  request(0);
  while (requested.length > 0) {
    const { offset, page: pending } = requested.shift()!;
    const page = await pending;
    const end = offset + page.items.length;
    const total = page.totalEntries;
    const done =
      page.items.length === 0 || (total !== undefined && end >= total);
    if (done) {
      requested.length = 0;
    } else {
      if (requested.length > 0 && requested[0].offset !== end) {
        requested.length = 0; // sent ahead for a list that has since changed
      }
      // Ahead only when the total says where the list ends; else one page at a time.
      const depth = total === undefined ? 1 : inFlight;
      const step = page.items.length;
      let next =
        requested.length > 0
          ? requested[requested.length - 1].offset + step
          : end;
      while (
        requested.length < depth &&
        (total === undefined || next < total) &&
        sent < maxPages
      ) {
        request(next);
        next += step;
      }
      if (requested.length === 0) {
        throw tooManyPages(maxPages);
      }
    }
    yield page.items;
  }
}

async function* offsetPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<OffsetPage<T>>,
  options: PagingOptions & { pageSize: number },
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let offset = 0;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(offset, options.pageSize);
    offset += page.items.length;
    yield page.items;
    const done =
      page.items.length === 0 ||
      (page.totalEntries !== undefined && offset >= page.totalEntries);
    if (done) {
      return;
    }
    if (pages >= maxPages) {
      throw tooManyPages(maxPages);
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
