import { MlflowPage } from '@mlops-portal/plugin-mlflow-node';

/** Stops a paging loop that the upstream never ends (as `paginateByToken` does). */
const DEFAULT_MAX_PAGES = 1000;

/**
 * Iterates the pages of a token-paged search, requesting page n + 1 as soon as page n has
 * arrived, so the caller's work on a page overlaps the upstream's work on the next one.
 *
 * @remarks
 * The requests are exactly those of a plain sequential loop (one per page, one at a time
 * upstream); only the caller's processing moves off the critical path. Throws on a repeated
 * page token or after `maxPages`, like `paginateByToken` from `@mlops-portal/plugin-mlops-node`.
 */
export async function* prefetchPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<MlflowPage<T>>,
  options: { maxPages?: number } = {},
): AsyncGenerator<T[], void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seenTokens = new Set<string>();
  let pending = fetchPage(undefined);
  for (let pages = 1; ; pages++) {
    const page = await pending;
    const next = page.nextPageToken;
    if (next) {
      if (seenTokens.has(next)) {
        throw new Error(
          `Paging stopped: the upstream returned page token '${next}' twice`,
        );
      }
      if (pages >= maxPages) {
        throw new Error(
          `Paging stopped after ${maxPages} pages and the upstream still reports more`,
        );
      }
      seenTokens.add(next);
      pending = fetchPage(next);
      // Awaited on the next turn; until then (or forever, if the caller stops early) a
      // rejection must not count as unhandled.
      pending.catch(() => {});
    }
    yield page.items;
    if (!next) {
      return;
    }
  }
}
