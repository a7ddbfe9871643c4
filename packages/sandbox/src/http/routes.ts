import express, { Request, Response, Router } from 'express';
import { Reply, SandboxHttpError, isSandboxHttpError } from './errors';
import { StatsRecorder } from './stats';

/** A mount of the sandbox: one emulated system (or the sandbox's own admin API). */
export type SystemId =
  | 'mlflow'
  | 'mlflow2'
  | 'airflow'
  | 'airflow2'
  | 'kubeflow'
  | 'kubernetes'
  | 'oidc'
  | 'sandbox';

/** The upstream contract a route's responses follow (names as in @mlops-portal/contract-testing). */
export type ContractName =
  | 'mlflow-3'
  | 'mlflow-2'
  | 'airflow-v2'
  | 'airflow-v1'
  | 'kfp-v2beta1'
  | 'kserve';

/** HTTP methods the sandbox serves. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One served route, as registered (the route table). */
export interface SandboxRoute {
  /** Which mount serves it. */
  system: SystemId;
  /** Mount prefix, e.g. `/mlflow`. */
  mount: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Upstream path template with `{param}` placeholders, without the mount prefix. */
  path: string;
  /** Contract the responses follow, when there is one. */
  contract?: ContractName;
  /** Whether the route requires the system's credentials. */
  auth: boolean;
}

/** What a system plugs into its router: auth and its error shapes. */
export interface SystemAdapter {
  system: SystemId;
  mount: string;
  contract?: ContractName;
  /** Throws a SandboxHttpError (401) when the request is not authenticated. */
  authenticate?(req: Request): void | Promise<void>;
  /** The system's error for an unparseable request body. */
  malformedBody(message: string): SandboxHttpError;
  /** The system's error for a path it does not serve. */
  routeNotFound(req: Request): SandboxHttpError;
  /** The system's error for an unexpected failure. */
  internalError(message: string): SandboxHttpError;
}

/** A route handler: returns the reply or throws a SandboxHttpError. */
export type RouteHandler = (req: Request) => Reply | Promise<Reply>;

/** Options for one route. */
export interface RouteOptions {
  /** Defaults to true when the adapter has authenticate(). */
  auth?: boolean;
  /** Overrides the adapter's contract; null = the route is not in any contract. */
  contract?: ContractName | null;
}

/** Response header naming the route template that answered, e.g. `GET /api/v2/dags/{dag_id}`. */
export const ROUTE_HEADER = 'X-Sandbox-Route';

/** Writes a Reply to the response. */
export function sendReply(res: Response, reply: Reply): void {
  res.status(reply.status ?? 200);
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    res.setHeader(name, value);
  }
  if (reply.text !== undefined) {
    res.setHeader(
      'Content-Type',
      reply.contentType ?? 'text/plain; charset=utf-8',
    );
    res.send(reply.text);
  } else if (reply.json !== undefined) {
    res.setHeader('Content-Type', reply.contentType ?? 'application/json');
    res.send(JSON.stringify(reply.json));
  } else {
    res.end();
  }
}

/**
 * Converts `{param}` templates to express `:param` paths. A ':' of the template itself stays
 * literal (KFP's custom methods, `{recurring_run_id}:enable`), which express would otherwise
 * read as a second parameter.
 */
function toExpressPath(template: string): string {
  return template
    .replace(/:/g, '\\:')
    .replace(
      /\{([^}]+)\}/g,
      (_m, name: string) => `:${name.replace(/\W/g, '_')}`,
    );
}

/**
 * Parses the raw text body: JSON for every content type except form encoding (which only
 * Airflow's token endpoint accepts) and multipart forms (KFP's uploads), which stay text for
 * the route to read; undefined when empty.
 */
function parseJsonBody(req: Request, adapter: SystemAdapter): unknown {
  const raw: unknown = req.body;
  if (typeof raw !== 'string' || raw.trim() === '') {
    return undefined;
  }
  if (/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    return raw;
  }
  if (
    (req.headers['content-type'] ?? '').includes(
      'application/x-www-form-urlencoded',
    )
  ) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw adapter.malformedBody(
      error instanceof Error ? error.message : String(error),
    );
  }
}

/**
 * Registers routes of one system on an express router and records them in the route
 * table, so the table is generated from what is actually served (tests iterate it).
 */
export class SystemRouter {
  /** The express router to mount at adapter.mount. */
  readonly router: Router = express.Router();

  constructor(
    private readonly adapter: SystemAdapter,
    private readonly table: SandboxRoute[],
    private readonly stats: StatsRecorder,
  ) {
    // Raw text for every content type: each system parses JSON itself so malformed input
    // gets that system's error shape, and Kubernetes can see the patch media type.
    this.router.use(express.text({ type: () => true, limit: '20mb' }));
  }

  /** Registers a GET route. */
  get(path: string, handler: RouteHandler, options?: RouteOptions): void {
    this.add('GET', path, handler, options);
  }

  /** Registers a POST route. */
  post(path: string, handler: RouteHandler, options?: RouteOptions): void {
    this.add('POST', path, handler, options);
  }

  /** Registers a PATCH route. */
  patch(path: string, handler: RouteHandler, options?: RouteOptions): void {
    this.add('PATCH', path, handler, options);
  }

  /** Registers a DELETE route. */
  delete(path: string, handler: RouteHandler, options?: RouteOptions): void {
    this.add('DELETE', path, handler, options);
  }

  /** Adds the system-shaped fallback for unknown paths and returns the router. */
  finish(): Router {
    this.router.use((req, res) => {
      if (this.adapter.system !== 'sandbox') {
        this.stats.recordUnmatched();
      }
      void this.run(req, res, true, () => {
        throw this.adapter.routeNotFound(req);
      });
    });
    return this.router;
  }

  private add(
    method: HttpMethod,
    path: string,
    handler: RouteHandler,
    options?: RouteOptions,
  ): void {
    const auth = options?.auth ?? this.adapter.authenticate !== undefined;
    this.table.push({
      system: this.adapter.system,
      mount: this.adapter.mount,
      method,
      path,
      contract:
        options?.contract === null
          ? undefined
          : options?.contract ?? this.adapter.contract,
      auth,
    });
    const key = `${method} ${path}`;
    const expressPath = toExpressPath(path);
    const register = {
      GET: this.router.get.bind(this.router),
      POST: this.router.post.bind(this.router),
      PATCH: this.router.patch.bind(this.router),
      DELETE: this.router.delete.bind(this.router),
    }[method];
    register(expressPath, (req: Request, res: Response) => {
      // Which route template answered (tests use it to prove every route is covered).
      res.setHeader(ROUTE_HEADER, key);
      // The sandbox's own endpoints are not upstream traffic; benchmarks poll them.
      if (this.adapter.system !== 'sandbox') {
        this.stats.record(this.adapter.system, key);
      }
      void this.run(req, res, auth, handler);
    });
  }

  private async run(
    req: Request,
    res: Response,
    auth: boolean,
    handler: RouteHandler,
  ): Promise<void> {
    try {
      if (auth && this.adapter.authenticate) {
        await this.adapter.authenticate(req);
      }
      req.body = parseJsonBody(req, this.adapter);
      sendReply(res, await handler(req));
    } catch (error) {
      if (isSandboxHttpError(error)) {
        sendReply(res, error.reply);
      } else {
        const message = error instanceof Error ? error.message : String(error);
        sendReply(res, this.adapter.internalError(message).reply);
      }
    }
  }
}
