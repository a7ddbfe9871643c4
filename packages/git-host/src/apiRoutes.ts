import express, { Request, Response, Router } from 'express';
import { HostContext, authOf, canRead, handle, sendApiError } from './context';
import { isSafeRevision } from './git';
import {
  GITEA_VERSION,
  commitJson,
  contentsJson,
  organizationJson,
  repositoryJson,
  userJson,
} from './giteaJson';
import { RepoCreateError, RepoRecord, splitRepoPath } from './repoStore';

const MAX_DESCRIPTION = 2048;
const ARCHIVE_FORMATS = [
  { suffix: '.tar.gz', format: 'tar.gz', type: 'application/gzip' },
  { suffix: '.zip', format: 'zip', type: 'application/zip' },
] as const;

/**
 * The subset of Gitea's REST API (`/api/v1`) that Backstage's `publish:gitea` action and its
 * Gitea URL reader use, plus `version`, `user` and the repository itself.
 */
export function createApiRouter(ctx: HostContext): Router {
  const router = express.Router();
  const fail = (req: Request, res: Response, status: number, message: string) =>
    sendApiError(ctx, req, res, status, message);

  /** The repository of the route, if the caller may read it; otherwise a 404 has been sent. */
  async function readableRepo(
    req: Request,
    res: Response,
  ): Promise<RepoRecord | undefined> {
    const repo = await ctx.store.get(req.params.owner, req.params.repo);
    if (!repo || !canRead(authOf(res), repo)) {
      fail(req, res, 404, "The target couldn't be found.");
      return undefined;
    }
    return repo;
  }

  /** The commit `ref` names (the default branch when absent); otherwise a 404 has been sent. */
  async function commitOf(
    req: Request,
    res: Response,
    repo: RepoRecord,
    ref: string | undefined,
  ): Promise<string | undefined> {
    const name = ref || (await ctx.store.defaultBranch(repo));
    const sha = await ctx.store.resolveCommit(repo, name);
    if (!sha)
      fail(req, res, 404, `object does not exist [id: ${name}, rel_path: ]`);
    return sha;
  }

  router.get('/version', (_req, res) => {
    res.json({ version: GITEA_VERSION });
  });

  router.get('/user', (req, res) => {
    const auth = authOf(res);
    if (auth.kind !== 'user') {
      fail(req, res, 401, 'token is required');
      return;
    }
    res.json(userJson(ctx.publicUrl(req), auth.username));
  });

  /** The organisation of `:owner`, or a Gitea-style 404 sent and undefined. */
  const orgOr404 = (req: Request, res: Response) => {
    const org = ctx.store.org(req.params.owner);
    if (!org) {
      fail(
        req,
        res,
        404,
        `GetOrgByName: org does not exist [name: ${req.params.owner}]`,
      );
    }
    return org;
  };

  router.get('/orgs/:owner', (req, res) => {
    const org = orgOr404(req, res);
    if (!org) {
      return;
    }
    res.json(organizationJson(ctx.publicUrl(req), org));
  });

  router.post(
    '/orgs/:owner/repos',
    express.json({ limit: '1mb', type: () => true }),
    handle(async (req, res) => {
      if (authOf(res).kind !== 'user') {
        fail(req, res, 401, 'token is required');
        return;
      }
      const org = orgOr404(req, res);
      if (!org) {
        return;
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const description = body.description ?? '';
      if (
        typeof description !== 'string' ||
        description.length > MAX_DESCRIPTION
      ) {
        fail(req, res, 422, '[Description]: MaxSize');
        return;
      }
      const defaultBranch = body.default_branch;
      if (
        defaultBranch !== undefined &&
        (typeof defaultBranch !== 'string' || !isSafeRevision(defaultBranch))
      ) {
        fail(req, res, 422, '[DefaultBranch]: GitRefName');
        return;
      }
      try {
        const repo = await ctx.store.create(org, {
          name: body.name as string,
          description,
          private: body.private === true,
          defaultBranch: defaultBranch || undefined,
        });
        res.status(201).json(
          repositoryJson(ctx.publicUrl(req), repo, {
            defaultBranch: await ctx.store.defaultBranch(repo),
            empty: true,
            canWrite: true,
          }),
        );
      } catch (error) {
        if (error instanceof RepoCreateError) {
          fail(req, res, error.reason === 'exists' ? 409 : 422, error.message);
          return;
        }
        throw error;
      }
    }),
  );

  router.get(
    '/repos/:owner/:repo',
    handle(async (req, res) => {
      const repo = await readableRepo(req, res);
      if (!repo) return;
      const branches = await ctx.store.branches(repo);
      res.json(
        repositoryJson(ctx.publicUrl(req), repo, {
          defaultBranch: await ctx.store.defaultBranch(repo),
          empty: branches.length === 0,
          canWrite: authOf(res).kind === 'user',
        }),
      );
    }),
  );

  router.get(
    ['/repos/:owner/:repo/contents', '/repos/:owner/:repo/contents/*'],
    handle(async (req, res) => {
      const repo = await readableRepo(req, res);
      if (!repo) return;
      const ref = typeof req.query.ref === 'string' ? req.query.ref : undefined;
      const sha = await commitOf(req, res, repo, ref);
      if (!sha) return;
      const refName = ref || (await ctx.store.defaultBranch(repo));
      const path = splitRepoPath(req.params[0] ?? '');
      const baseUrl = ctx.publicUrl(req);
      const listing = async (dir: string[]) => {
        const entries = (await ctx.store.listTree(repo, sha, dir)) ?? [];
        return Promise.all(
          entries.map(async e =>
            contentsJson(
              baseUrl,
              repo,
              refName,
              e,
              await ctx.store.lastCommit(repo, sha, e.path.split('/')),
            ),
          ),
        );
      };
      // The root and any directory answer with a listing, as in Gitea.
      const entry = path?.length
        ? await ctx.store.entry(repo, sha, path)
        : undefined;
      if (!path || (path.length > 0 && !entry)) {
        fail(
          req,
          res,
          404,
          `object does not exist [id: ${sha}, rel_path: ${
            req.params[0] ?? ''
          }]`,
        );
      } else if (!entry || entry.type === 'dir') {
        res.json(await listing(path));
      } else {
        const last = await ctx.store.lastCommit(repo, sha, path);
        const blob =
          entry.type === 'file' || entry.type === 'symlink'
            ? await ctx.store.readBlob(repo, entry.sha)
            : undefined;
        res.json(
          entry.type === 'file'
            ? contentsJson(baseUrl, repo, refName, entry, last, blob)
            : contentsJson(
                baseUrl,
                repo,
                refName,
                entry,
                last,
                undefined,
                blob?.toString('utf8'),
              ),
        );
      }
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/commits/:ref',
    handle(async (req, res) => {
      const repo = await readableRepo(req, res);
      if (!repo) return;
      const sha = await commitOf(req, res, repo, req.params.ref);
      if (!sha) return;
      res.json(
        commitJson(ctx.publicUrl(req), repo, await ctx.store.commit(repo, sha)),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/archive/*',
    handle(async (req, res) => {
      const repo = await readableRepo(req, res);
      if (!repo) return;
      const file = req.params[0] ?? '';
      const kind = ARCHIVE_FORMATS.find(f => file.endsWith(f.suffix));
      if (!kind) {
        fail(req, res, 400, 'Unknown archive format');
        return;
      }
      const ref = file.slice(0, -kind.suffix.length);
      const sha = ref ? await commitOf(req, res, repo, ref) : undefined;
      if (!ref) fail(req, res, 404, 'object does not exist');
      if (!sha) return;
      const child = ctx.store.archive(repo, sha, kind.format);
      const stderr: Buffer[] = [];
      child.stderr.on('data', chunk => stderr.push(chunk));
      res.once('close', () => {
        if (child.exitCode === null) child.kill();
      });
      child.once('error', error => {
        if (!res.headersSent)
          fail(req, res, 500, `git archive: ${error.message}`);
        else res.destroy();
      });
      child.once('close', code => {
        if (code !== 0) {
          ctx.logger.warn(
            `git archive ${repo.pathInfo} ${sha}: ${Buffer.concat(stderr)}`,
          );
          // A half-written archive must not look complete.
          if (!res.headersSent) fail(req, res, 500, 'git archive failed');
          else res.destroy();
        }
      });
      const safeRef = ref.replace(/[^\w.-]+/g, '-');
      res.status(200);
      res.type(kind.type);
      res.set(
        'Content-Disposition',
        `attachment; filename="${repo.name}-${safeRef}${kind.suffix}"`,
      );
      child.stdout.pipe(res);
    }),
  );

  router.use((req, res) => {
    fail(req, res, 404, "The target couldn't be found.");
  });

  return router;
}
