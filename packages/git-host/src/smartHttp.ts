import express, { Request, Response, Router } from 'express';
import { basicChallenge } from './auth';
import { requestBody, runCgi } from './cgi';
import { gitEnv } from './git';
import { HostContext, authOf, canRead, handle } from './context';

const SERVICES = ['git-upload-pack', 'git-receive-pack'];
/** `/{owner}/{repo}[.git]/{info/refs | git-upload-pack | git-receive-pack}` */
const SMART_PATH =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

function challenge(res: Response, message: string): void {
  res
    .status(401)
    .set('WWW-Authenticate', basicChallenge())
    .type('text/plain')
    .send(`${message}\n`);
}

/**
 * Git smart HTTP for the hosted repositories, served by `git http-backend` run as CGI.
 * Pushing needs the configured user; cloning and fetching need it only for private repositories.
 */
export function createSmartHttpRouter(ctx: HostContext): Router {
  const router = express.Router();

  router.use(
    handle(async (req: Request, res: Response, next) => {
      const match = SMART_PATH.exec(req.path);
      if (!match) {
        next();
        return;
      }
      const [, owner, name, endpoint] = match;
      const service =
        endpoint === 'info/refs' ? String(req.query.service ?? '') : endpoint;
      if (!SERVICES.includes(service)) {
        res
          .status(403)
          .type('text/plain')
          .send('only the smart HTTP protocol is served\n');
        return;
      }
      const expected = endpoint === 'info/refs' ? 'GET' : 'POST';
      if (req.method !== expected) {
        res.status(405).set('Allow', expected).end();
        return;
      }

      const repo = await ctx.store.get(owner, name);
      const auth = authOf(res);
      const write = service === 'git-receive-pack';
      if (!repo) {
        res.status(404).type('text/plain').send('Repository not found\n');
        return;
      }
      if (auth.kind !== 'user' && (write || !canRead(auth, repo))) {
        challenge(res, 'authentication required');
        return;
      }

      const body = req.method === 'POST' ? await requestBody(req) : undefined;
      if (body && !body.ok) {
        res.status(body.status).type('text/plain').send(`${body.message}\n`);
        return;
      }
      const query = new URL(req.originalUrl, 'http://host').search.slice(1);
      const cgiEnv: Record<string, string> = {
        GATEWAY_INTERFACE: 'CGI/1.1',
        SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
        SERVER_SOFTWARE: 'mlops-git-host',
        GIT_PROJECT_ROOT: ctx.store.dataDir,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `${repo.pathInfo}/${endpoint}`,
        QUERY_STRING: query,
        REQUEST_METHOD: req.method,
        REMOTE_ADDR: req.socket.remoteAddress ?? '',
      };
      if (auth.kind === 'user') cgiEnv.REMOTE_USER = auth.username;
      const contentType = req.headers['content-type'];
      if (contentType) cgiEnv.CONTENT_TYPE = contentType;
      if (body?.ok && body.contentLength) {
        cgiEnv.CONTENT_LENGTH = body.contentLength;
      }
      const protocol = req.headers['git-protocol'];
      if (typeof protocol === 'string' && /^[\w.=:-]+$/.test(protocol)) {
        cgiEnv.GIT_PROTOCOL = protocol;
      }

      const stderr: string[] = [];
      const result = await runCgi(res, body?.ok ? body.body : undefined, {
        command: ctx.gitPath,
        args: ['http-backend'],
        env: gitEnv(cgiEnv),
        onStderr: text => stderr.push(text),
        // HEAD follows the first pushed branch before the client sees the push end.
        beforeEnd:
          endpoint === 'git-receive-pack'
            ? () =>
                ctx.store
                  .afterPush(repo)
                  .catch(error =>
                    ctx.logger.warn(`after push of ${repo.pathInfo}: ${error}`),
                  )
            : undefined,
      });
      if (stderr.length) {
        ctx.logger.debug(
          `git http-backend ${repo.pathInfo}: ${stderr.join('').trim()}`,
        );
      }
      if (result.exitCode !== 0) {
        ctx.logger.warn(
          `git http-backend ${service} ${repo.pathInfo} exited with ${result.exitCode}`,
        );
      }
    }),
  );

  return router;
}
