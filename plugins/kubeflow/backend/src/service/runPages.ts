import { InputError } from '@backstage/errors';
import type { KubeflowRunState } from '@mlops-portal/plugin-kubeflow-common';
import type {
  KubeflowApi,
  KubeflowPage,
  KubeflowPredicate,
  KubeflowRun,
} from '@mlops-portal/plugin-kubeflow-node';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import { z } from 'zod/v3';

/**
 * Newest first: KFP's `sort_by` on the run's creation time.
 *
 * @internal
 */
export const NEWEST_FIRST = 'created_at desc';
/**
 * Upstream pages one request may read while scanning for a pipeline's runs.
 *
 * @internal
 */
export const MAX_SCAN_PAGES = 5;

/**
 * Whose runs to list: an experiment's (KFP filters), or a pipeline's.
 *
 * @internal
 */
export type RunsSource =
  | { kind: 'experiment'; experimentId: string }
  | {
      kind: 'pipeline';
      pipelineId: string;
      /** Ids of the pipeline's versions, for runs that name a version but not the pipeline. */
      versionIds(): Promise<ReadonlySet<string>>;
    };

/**
 * What the caller asked for.
 *
 * @internal
 */
export interface RunPageRequest {
  state?: KubeflowRunState;
  pageSize: number;
  pageToken?: string;
}

/**
 * Where a page of runs continues, as the page token the routes hand out: the way the runs are
 * listed (`e` an experiment's, `f` filtered by `pipeline_id`, `s` scanned), KFP's token of the
 * next upstream page, and — when scanning — how many of that page's matches were already shown.
 */
const cursorSchema = z
  .object({
    m: z.enum(['e', 'f', 's']),
    t: z.string().min(1).optional(),
    k: z.number().int().min(0).optional(),
  })
  .strict();
type Cursor = z.infer<typeof cursorSchema>;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(token: string): Cursor {
  try {
    return cursorSchema.parse(
      JSON.parse(Buffer.from(token, 'base64url').toString('utf8')),
    );
  } catch {
    throw new InputError(
      'pageToken is not one this route handed out; pass a nextPageToken unchanged, or none for the first page',
    );
  }
}

/**
 * Pages through an entity's runs, newest first, whichever way the instance allows.
 *
 * @remarks
 * An experiment's runs are KFP's own filter (`experiment_id`). A pipeline's are not, on any KFP
 * released so far: the runs filter of v2beta1 (up to 2.17) knows no `pipeline_id` nor
 * `pipeline_version_id` key and answers them with a 400 ("no support for filtering on
 * unrecognized field"); KFP's main branch added `pipeline_id`. So `pipeline_id` is asked for
 * first, and on an instance that refuses it the runs are scanned newest first and kept when they
 * are of the pipeline — at most {@link MAX_SCAN_PAGES} upstream pages per request, so a page may
 * hold fewer runs than asked for and still have a next one. Which instances refuse it is
 * remembered per client (one refused request per instance and process). The page token says how
 * the runs were listed, so a listing goes on the way it started.
 *
 * @internal
 */
export class RunPages {
  private readonly pipelineFilter = new WeakMap<KubeflowApi, boolean>();

  /** One page of the source's runs. */
  async page(
    client: KubeflowApi,
    source: RunsSource,
    request: RunPageRequest,
  ): Promise<KubeflowPage<KubeflowRun>> {
    const cursor = request.pageToken
      ? decodeCursor(request.pageToken)
      : undefined;
    const state: KubeflowPredicate[] = request.state
      ? [{ key: 'state', operation: 'EQUALS', value: request.state }]
      : [];
    const pageSize = Math.min(request.pageSize, client.instance.pageSize);

    if (source.kind === 'experiment') {
      if (cursor && cursor.m !== 'e') {
        throw staleToken();
      }
      return wrap(
        'e',
        await client.listRuns({
          experimentId: source.experimentId,
          filter: state,
          sortBy: NEWEST_FIRST,
          pageSize,
          pageToken: cursor?.t,
        }),
      );
    }
    if (cursor?.m === 'e') {
      throw staleToken();
    }
    if (
      cursor?.m === 'f' ||
      (!cursor && this.pipelineFilter.get(client) !== false)
    ) {
      try {
        const page = await client.listRuns({
          filter: [
            {
              key: 'pipeline_id',
              operation: 'EQUALS',
              value: source.pipelineId,
            },
            ...state,
          ],
          sortBy: NEWEST_FIRST,
          pageSize,
          pageToken: cursor?.t,
        });
        this.pipelineFilter.set(client, true);
        return wrap('f', page);
      } catch (error) {
        if (cursor || !refusesFilterKey(error, 'pipeline_id')) {
          throw error;
        }
        this.pipelineFilter.set(client, false);
      }
    }
    return this.scan(client, source, state, pageSize, cursor);
  }

  private async scan(
    client: KubeflowApi,
    source: Extract<RunsSource, { kind: 'pipeline' }>,
    state: KubeflowPredicate[],
    pageSize: number,
    cursor: Cursor | undefined,
  ): Promise<KubeflowPage<KubeflowRun>> {
    const items: KubeflowRun[] = [];
    let token = cursor?.t;
    let skip = cursor?.k ?? 0;
    let versionIds: ReadonlySet<string> | undefined;
    const isOfPipeline = async (run: KubeflowRun) => {
      if (run.pipelineId !== undefined) {
        return run.pipelineId === source.pipelineId;
      }
      if (run.pipelineVersionId === undefined) {
        return false;
      }
      versionIds ??= await source.versionIds();
      return versionIds.has(run.pipelineVersionId);
    };
    for (let pages = 0; pages < MAX_SCAN_PAGES; pages++) {
      // Full upstream pages: most runs of a namespace may be of other pipelines.
      const page = await client.listRuns({
        filter: state,
        sortBy: NEWEST_FIRST,
        pageSize: client.instance.pageSize,
        pageToken: token,
      });
      const matches: KubeflowRun[] = [];
      for (const run of page.items) {
        if (await isOfPipeline(run)) {
          matches.push(run);
        }
      }
      const fresh = matches.slice(skip);
      const wanted = pageSize - items.length;
      if (fresh.length > wanted) {
        // The rest of this upstream page's matches come first on the next page.
        items.push(...fresh.slice(0, wanted));
        return {
          items,
          nextPageToken: encodeCursor({ m: 's', t: token, k: skip + wanted }),
        };
      }
      items.push(...fresh);
      skip = 0;
      if (!page.nextPageToken || page.nextPageToken === token) {
        return { items };
      }
      token = page.nextPageToken;
      if (items.length === pageSize) {
        break;
      }
    }
    return { items, nextPageToken: encodeCursor({ m: 's', t: token }) };
  }
}

function wrap(
  mode: 'e' | 'f',
  page: KubeflowPage<KubeflowRun>,
): KubeflowPage<KubeflowRun> {
  return {
    items: page.items,
    ...(page.nextPageToken && {
      nextPageToken: encodeCursor({ m: mode, t: page.nextPageToken }),
    }),
    ...(page.totalSize !== undefined && { totalSize: page.totalSize }),
  };
}

function staleToken(): InputError {
  return new InputError(
    "pageToken belongs to another listing of runs (the entity's annotations changed since); start again from the first page",
  );
}

/** Whether KFP refused a list filter because it does not know the key. */
function refusesFilterKey(error: unknown, key: string): boolean {
  if ((error as Error | undefined)?.name !== 'InputError') {
    return false;
  }
  const details = getUpstreamErrorDetails(error);
  const said = [
    (error as Error).message,
    details?.upstreamMessage,
    details?.bodyExcerpt,
  ].join(' ');
  return said.includes(key) && /unrecognized field|filter/i.test(said);
}
