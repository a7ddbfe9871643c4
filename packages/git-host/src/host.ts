import express, { NextFunction, Request, Response } from 'express';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { authenticate, basicChallenge } from './auth';
import { createApiRouter } from './apiRoutes';
import { GitHostLogger, HostContext, sendApiError } from './context';
import { RepoStore } from './repoStore';
import { createSmartHttpRouter } from './smartHttp';
import { createWebRouter } from './webRoutes';

/** Port the CLI listens on unless told otherwise. */
export const DEFAULT_PORT = 7101;
/** Interface the host binds to unless told otherwise (loopback). */
export const DEFAULT_HOST = '127.0.0.1';
/** The account of the demo host. */
export const DEFAULT_CREDENTIALS = {
  username: 'mlops',
  password: 'mlops-demo',
};
/** Organizations that exist unless others are configured. */
export const DEFAULT_ORGS = ['demo'];

/** Options of {@link createGitHost}; every one has a demo default. */
export interface GitHostOptions {
  /** Where the bare repositories live; default a fresh temp dir, removed by `close()`. */
  dataDir?: string;
  /** Organizations repositories can be created in (default `['demo']`). */
  orgs?: string[];
  /** The one account (default `mlops`). */
  username?: string;
  /** Its password, also accepted as `token <password>` (default `mlops-demo`). */
  password?: string;
  /** Base URL clients use (clone_url, html_url); default `http://<host>:<port>` once started. */
  publicUrl?: string;
  /** Where to log; one debug line per request. Default: silent. */
  logger?: GitHostLogger;
  /** The git executable (default `git`; `git http-backend` serves smart HTTP). */
  gitPath?: string;
}

/** A running host. */
export interface RunningGitHost {
  /** `http://<host>:<port>`, or the configured public URL. */
  baseUrl: string;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops listening, ends open connections, and removes the data dir if the host created it. */
  close(): Promise<void>;
}

/** A Gitea-compatible git host: the express app and a way to start it. */
export interface GitHost {
  /** The request handler (API, smart HTTP, web pages). */
  app: express.Express;
  /** The directory holding the repositories. */
  dataDir: string;
  /** Starts listening (loopback by default). */
  start(port?: number, host?: string): Promise<RunningGitHost>;
}

const silent: GitHostLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Creates a small Gitea stand-in serving repositories from `dataDir` through `git http-backend`. */
export function createGitHost(options: GitHostOptions = {}): GitHost {
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir
    ? resolve(options.dataDir)
    : mkdtempSync(join(tmpdir(), 'mlops-git-host-'));
  mkdirSync(dataDir, { recursive: true });
  const logger = options.logger ?? silent;
  const credentials = {
    username: options.username ?? DEFAULT_CREDENTIALS.username,
    password: options.password ?? DEFAULT_CREDENTIALS.password,
  };
  const gitPath = options.gitPath ?? 'git';
  const store = new RepoStore(dataDir, options.orgs ?? DEFAULT_ORGS, gitPath);
  let publicUrl = options.publicUrl?.replace(/\/+$/, '');

  const ctx: HostContext = {
    store,
    credentials,
    gitPath,
    logger,
    publicUrl: req => publicUrl ?? `${req.protocol}://${req.get('host')}`,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug(
        `${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(0)}ms`,
      );
    });
    next();
  });

  app.use((req, res, next) => {
    const auth = authenticate(req.headers, credentials);
    if (auth.kind === 'invalid') {
      res.set('WWW-Authenticate', basicChallenge());
      if (req.path.startsWith('/api/')) {
        sendApiError(
          ctx,
          req,
          res,
          401,
          'user does not exist or password is wrong',
        );
      } else {
        res.status(401).type('text/plain').send('invalid credentials\n');
      }
      return;
    }
    res.locals.auth = auth;
    next();
  });

  app.use('/api/v1', createApiRouter(ctx));
  app.use(createSmartHttpRouter(ctx));
  app.use(createWebRouter(ctx));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((error: Error, req: Request, res: Response, _next: NextFunction) => {
    logger.error(`${req.method} ${req.path}: ${error.stack ?? error}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const status = (error as { status?: number }).status;
    const code = status && status >= 400 && status < 500 ? status : 500;
    if (req.path.startsWith('/api/')) {
      sendApiError(
        ctx,
        req,
        res,
        code,
        code === 500 ? 'internal error' : error.message,
      );
    } else {
      res
        .status(code)
        .type('text/plain')
        .send(`${code === 500 ? 'internal error' : error.message}\n`);
    }
  });

  return {
    app,
    dataDir,
    start(port = DEFAULT_PORT, host = DEFAULT_HOST) {
      return new Promise((resolveStart, reject) => {
        const server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          const bound = (server.address() as AddressInfo).port;
          if (!options.publicUrl) {
            // A wildcard bind is reachable on loopback; IPv6 literals need brackets in URLs.
            let shown =
              host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
            if (shown.includes(':')) shown = `[${shown}]`;
            publicUrl = `http://${shown}:${bound}`;
          }
          let closed: Promise<void> | undefined;
          resolveStart({
            baseUrl: publicUrl!,
            port: bound,
            close() {
              closed ??= new Promise<void>(done => {
                server.close(() => done());
                server.closeAllConnections();
              }).then(() => {
                if (ownsDataDir)
                  rmSync(dataDir, { recursive: true, force: true });
              });
              return closed;
            },
          });
        });
      });
    },
  };
}
