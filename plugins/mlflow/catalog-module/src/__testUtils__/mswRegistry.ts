import {
  MlflowModelVersion,
  MlflowRegisteredModel,
} from '@mlops-portal/plugin-mlflow-node';
import { http, HttpResponse } from 'msw';

/** A request the fake MLflow server received, and what it answered. */
export interface ServedPage {
  path: string;
  query: Record<string, string>;
  status: number;
  body: unknown;
}

const token = (offset: number) =>
  Buffer.from(JSON.stringify({ offset })).toString('base64');
const offsetOf = (pageToken: string | null) =>
  pageToken
    ? (
        JSON.parse(Buffer.from(pageToken, 'base64').toString()) as {
          offset: number;
        }
      ).offset
    : 0;

/**
 * msw handlers answering MLflow's `registered-models/search` and `model-versions/search` as the
 * server does: offset page tokens, `max_results` capped per search, unset lists omitted.
 */
export function mlflowRegistryHandlers(options: {
  baseUrl: string;
  models: MlflowRegisteredModel[];
  versions: MlflowModelVersion[];
  /** The server's page size caps (MLflow: 1000 models; the test may lower the versions cap). */
  maxPageSize: { registeredModels: number; modelVersions: number };
  /** Answers the n-th (1-based) page of a search with 503. */
  failPage?: { search: 'registeredModels' | 'modelVersions'; page: number };
}) {
  const served: ServedPage[] = [];
  const pageCounts = { registeredModels: 0, modelVersions: 0 };

  const search = <T>(
    kind: 'registeredModels' | 'modelVersions',
    path: string,
    listField: string,
    items: T[],
  ) =>
    http.get(`${options.baseUrl}${path}`, ({ request }) => {
      const url = new URL(request.url);
      const query = Object.fromEntries(url.searchParams);
      pageCounts[kind]++;
      if (
        options.failPage?.search === kind &&
        options.failPage.page === pageCounts[kind]
      ) {
        const body = {
          error_code: 'TEMPORARILY_UNAVAILABLE',
          message: 'The server is overloaded',
        };
        served.push({ path, query, status: 503, body });
        return HttpResponse.json(body, { status: 503 });
      }
      const offset = offsetOf(url.searchParams.get('page_token'));
      const size = Math.min(
        Number(url.searchParams.get('max_results') ?? 100),
        options.maxPageSize[kind],
      );
      const page = items.slice(offset, offset + size);
      const body: Record<string, unknown> = {};
      if (page.length > 0) body[listField] = page;
      if (offset + size < items.length) {
        body.next_page_token = token(offset + size);
      }
      served.push({ path, query, status: 200, body });
      return HttpResponse.json(body);
    });

  return {
    served,
    handlers: [
      search(
        'registeredModels',
        '/api/2.0/mlflow/registered-models/search',
        'registered_models',
        options.models,
      ),
      search(
        'modelVersions',
        '/api/2.0/mlflow/model-versions/search',
        'model_versions',
        options.versions,
      ),
    ],
  };
}
