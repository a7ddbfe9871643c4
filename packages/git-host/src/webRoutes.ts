import express, { Request, Response, Router } from 'express';
import { HostContext, authOf, canRead, escapeHtml, handle } from './context';
import { RepoRecord, TreeEntry, splitRepoPath } from './repoStore';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<p><small>mlops-portal demo git host (a stand-in for Gitea)</small></p>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

function notFound(res: Response): void {
  res
    .status(404)
    .type('html')
    .send(page('Not found', '<p>Page not found.</p>'));
}

/**
 * The few web pages Backstage links to or polls: a repository's home, `src/branch/{branch}/{path}`
 * (the `repoContentsUrl` of publish:gitea: a listing or a file) and `raw/branch/{branch}/{path}`.
 * Private repositories are visible only to the configured user, as in Gitea.
 */
export function createWebRouter(ctx: HostContext): Router {
  const router = express.Router();

  async function visibleRepo(
    req: Request,
    res: Response,
  ): Promise<RepoRecord | undefined> {
    const repo = await ctx.store.get(req.params.owner, req.params.repo);
    if (!repo || !canRead(authOf(res), repo)) {
      notFound(res);
      return undefined;
    }
    return repo;
  }

  /**
   * Splits `{branch}/{path}` where the branch may contain slashes: the longest existing branch
   * wins, as in Gitea.
   */
  async function branchAndPath(
    repo: RepoRecord,
    rest: string,
  ): Promise<{ branch: string; sha: string; path: string[] } | undefined> {
    const segments = splitRepoPath(rest);
    if (!segments || segments.length === 0) return undefined;
    const branches = new Set(await ctx.store.branches(repo));
    for (let n = segments.length; n > 0; n--) {
      const branch = segments.slice(0, n).join('/');
      if (!branches.has(branch)) continue;
      const sha = await ctx.store.resolveCommit(repo, `refs/heads/${branch}`);
      if (sha) return { branch, sha, path: segments.slice(n) };
    }
    return undefined;
  }

  function listing(
    repo: RepoRecord,
    branch: string,
    entries: TreeEntry[],
  ): string {
    const base = `/${repo.owner.name}/${repo.name}/src/branch/${branch}`;
    const items = entries
      .map(e => {
        const href = `${base}/${e.path
          .split('/')
          .map(encodeURIComponent)
          .join('/')}`;
        const label = e.type === 'dir' ? `${e.name}/` : e.name;
        return `<li><a href="${escapeHtml(href)}">${escapeHtml(
          label,
        )}</a></li>`;
      })
      .join('\n');
    return `<ul>\n${items}\n</ul>`;
  }

  router.get(
    '/:owner/:repo',
    handle(async (req, res) => {
      const repo = await visibleRepo(req, res);
      if (!repo) return;
      const branch = await ctx.store.defaultBranch(repo);
      const sha = await ctx.store.resolveCommit(repo, `refs/heads/${branch}`);
      const clone = `${ctx.publicUrl(req)}/${repo.owner.name}/${repo.name}.git`;
      const title = `${repo.owner.name}/${repo.name}`;
      const intro = `<p>${escapeHtml(
        repo.description,
      )}</p><p>Clone: <code>${escapeHtml(clone)}</code></p>`;
      if (!sha) {
        res
          .type('html')
          .send(page(title, `${intro}<p>This repository is empty.</p>`));
        return;
      }
      const entries = (await ctx.store.listTree(repo, sha, [])) ?? [];
      res
        .type('html')
        .send(
          page(
            title,
            `${intro}<h2>${escapeHtml(branch)}</h2>${listing(
              repo,
              branch,
              entries,
            )}`,
          ),
        );
    }),
  );

  router.get(
    '/:owner/:repo/src/branch/*',
    handle(async (req, res) => {
      const repo = await visibleRepo(req, res);
      if (!repo) return;
      const found = await branchAndPath(repo, req.params[0] ?? '');
      if (!found) {
        notFound(res);
        return;
      }
      const { branch, sha, path } = found;
      const title = `${repo.owner.name}/${repo.name} at ${branch}${
        path.length ? `: ${path.join('/')}` : ''
      }`;
      const dir = await ctx.store.listTree(repo, sha, path);
      if (dir) {
        res.type('html').send(page(title, listing(repo, branch, dir)));
        return;
      }
      const entry = await ctx.store.entry(repo, sha, path);
      if (!entry) {
        notFound(res);
        return;
      }
      const content = await ctx.store.readBlob(repo, entry.sha);
      res
        .type('html')
        .send(
          page(title, `<pre>${escapeHtml(content.toString('utf8'))}</pre>`),
        );
    }),
  );

  router.get(
    '/:owner/:repo/raw/branch/*',
    handle(async (req, res) => {
      const repo = await visibleRepo(req, res);
      if (!repo) return;
      const found = await branchAndPath(repo, req.params[0] ?? '');
      const entry =
        found && found.path.length
          ? await ctx.store.entry(repo, found.sha, found.path)
          : undefined;
      if (!entry || entry.type !== 'file') {
        notFound(res);
        return;
      }
      res
        .type('application/octet-stream')
        .send(await ctx.store.readBlob(repo, entry.sha));
    }),
  );

  return router;
}
