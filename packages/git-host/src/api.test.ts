import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  TestHost,
  USER,
  authedUrl,
  basic,
  createRepo,
  git,
  removeDirs,
  startTestHost,
  tempDir,
  writeFiles,
} from './__testUtils__/gitHost';

const execFileAsync = promisify(execFile);

describe('the Gitea API subset', () => {
  let host: TestHost;
  let api: string;
  const dirs: string[] = [];
  let commit: string;

  beforeAll(async () => {
    host = await startTestHost({ orgs: ['demo', 'Research'] });
    api = `${host.baseUrl}/api/v1`;
    // one repository with content, pushed with the git CLI
    const created = await createRepo(host, 'content');
    if (created.status !== 201) throw new Error(`create: ${created.status}`);
    const src = await tempDir('content');
    dirs.push(src);
    await writeFiles(src, {
      'README.md': '# content\n',
      'docs/index.md': '# docs\n',
      'docs/deep/a b.md': 'spaced\n',
    });
    await git(['init', '--quiet', '-b', 'main'], src);
    await git(['add', '.'], src);
    await git(['commit', '--quiet', '-m', 'first'], src);
    await git(['checkout', '--quiet', '-b', 'feature/x'], src);
    await writeFiles(src, { 'feature.txt': 'on a branch with a slash\n' });
    await git(['add', '.'], src);
    await git(['commit', '--quiet', '-m', 'feature'], src);
    await git(['checkout', '--quiet', 'main'], src);
    await git(
      [
        'push',
        '--quiet',
        authedUrl(host, '/demo/content.git'),
        'main',
        'feature/x',
      ],
      src,
    );
    commit = (await git(['rev-parse', 'main'], src)).stdout.trim();
  });

  afterAll(async () => {
    await host.close();
    await removeDirs(dirs);
  });

  it('reports a Gitea version', async () => {
    const res = await fetch(`${api}/version`);
    expect(await res.json()).toEqual({
      version: expect.stringMatching(/^1\.\d+\.\d+/),
    });
  });

  it('knows the configured organizations only, case-insensitively', async () => {
    const demo = await fetch(`${api}/orgs/demo`);
    expect(demo.status).toBe(200);
    expect(await demo.json()).toMatchObject({
      username: 'demo',
      name: 'demo',
      id: expect.any(Number),
    });
    const research = await fetch(`${api}/orgs/research`);
    expect(await research.json()).toMatchObject({ username: 'Research' });
    const none = await fetch(`${api}/orgs/other`);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({
      message: expect.any(String),
      url: expect.any(String),
    });
  });

  it('accepts the credentials as Basic (any scheme case) or as a token, and refuses wrong ones', async () => {
    const user = (authorization?: string) =>
      fetch(`${api}/user`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
    const b64 = Buffer.from(`${USER.username}:${USER.password}`).toString(
      'base64',
    );
    expect((await user(`basic ${b64}`)).status).toBe(200);
    expect((await user(`Basic ${b64}`)).status).toBe(200);
    expect((await user(`token ${USER.password}`)).status).toBe(200);
    expect((await user(`Bearer ${USER.password}`)).status).toBe(200);
    expect(await (await user(`token ${USER.password}`)).json()).toMatchObject({
      login: USER.username,
    });
    expect((await user()).status).toBe(401);
    for (const wrong of [
      basic('nope'),
      'token nope',
      `Basic ${Buffer.from('other:mlops-demo').toString('base64')}`,
      'Digest x',
    ]) {
      const res = await user(wrong);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ message: expect.any(String) });
    }
    // wrong credentials are refused even where anonymous access would do
    expect(
      (
        await fetch(`${api}/orgs/demo`, {
          headers: { Authorization: 'token nope' },
        })
      ).status,
    ).toBe(401);
  });

  it('creates repositories only for the configured user', async () => {
    const anonymous = await fetch(`${api}/orgs/demo/repos`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'anon' }),
    });
    expect(anonymous.status).toBe(401);
    const token = await fetch(`${api}/orgs/demo/repos`, {
      method: 'POST',
      headers: {
        Authorization: `token ${USER.password}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        name: 'by-token',
        description: 'made with a token',
        private: true,
      }),
    });
    expect(token.status).toBe(201);
    expect(await token.json()).toMatchObject({
      name: 'by-token',
      full_name: 'demo/by-token',
      owner: { login: 'demo' },
      description: 'made with a token',
      private: true,
      empty: true,
      default_branch: 'main',
      clone_url: `${host.baseUrl}/demo/by-token.git`,
      html_url: `${host.baseUrl}/demo/by-token`,
    });
    const unknownOrg = await fetch(`${api}/orgs/unknown/repos`, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'y' }),
    });
    expect(unknownOrg.status).toBe(404);
  });

  it('validates names as Gitea does (422) and treats names case-insensitively (409)', async () => {
    for (const name of [
      '',
      'a b',
      'a/b',
      '.',
      '..',
      '-',
      'x.git',
      'X.GIT',
      'y.wiki',
      'ü',
      'a'.repeat(101),
    ]) {
      const res = await createRepo(host, name);
      expect({ name, status: res.status }).toEqual({ name, status: 422 });
    }
    expect((await createRepo(host, 'ok-Name_1.2')).status).toBe(201);
    expect((await createRepo(host, 'OK-name_1.2')).status).toBe(409);
    expect(
      (await createRepo(host, 'long-desc', { description: 'd'.repeat(2049) }))
        .status,
    ).toBe(422);
    const ids = await Promise.all(
      ['p1', 'p2', 'p3'].map(
        async n => (await (await createRepo(host, n)).json()).id,
      ),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('hides private repositories from anonymous callers', async () => {
    expect((await createRepo(host, 'hidden', { private: true })).status).toBe(
      201,
    );
    expect((await fetch(`${api}/repos/demo/hidden`)).status).toBe(404);
    expect((await fetch(`${host.baseUrl}/demo/hidden`)).status).toBe(404);
    const authed = await fetch(`${api}/repos/demo/hidden`, {
      headers: { Authorization: basic() },
    });
    expect(authed.status).toBe(200);
    expect(await authed.json()).toMatchObject({
      private: true,
      permissions: { push: true },
    });
  });

  it('answers 404 for an empty repository’s branch page, contents, commit and archive', async () => {
    expect((await createRepo(host, 'empty')).status).toBe(201);
    expect(
      (await fetch(`${host.baseUrl}/demo/empty/src/branch/main/`)).status,
    ).toBe(404);
    expect(
      (await fetch(`${api}/repos/demo/empty/contents/README.md?ref=main`))
        .status,
    ).toBe(404);
    expect(
      (await fetch(`${api}/repos/demo/empty/git/commits/main`)).status,
    ).toBe(404);
    expect(
      (await fetch(`${api}/repos/demo/empty/archive/main.tar.gz`)).status,
    ).toBe(404);
    expect(await (await fetch(`${api}/repos/demo/empty`)).json()).toMatchObject(
      { empty: true },
    );
  });

  it('serves file contents as a ContentsResponse', async () => {
    const res = await fetch(
      `${api}/repos/demo/content/contents/docs/index.md?ref=main`,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      name: 'index.md',
      path: 'docs/index.md',
      type: 'file',
      encoding: 'base64',
      size: 7,
      last_commit_sha: commit,
    });
    expect(Buffer.from(body.content, 'base64').toString()).toBe('# docs\n');
    const { stdout: blob } = await git(
      ['rev-parse', `${commit}:docs/index.md`],
      join(host.dataDir, 'demo', 'content.git'),
    );
    expect(body.sha).toBe(blob.trim());

    const spaced = await fetch(
      `${api}/repos/demo/content/contents/docs/deep/a%20b.md?ref=${commit}`,
    );
    expect(
      Buffer.from((await spaced.json()).content, 'base64').toString(),
    ).toBe('spaced\n');
    const defaultRef = await fetch(
      `${api}/repos/demo/content/contents/README.md`,
    );
    expect(
      Buffer.from((await defaultRef.json()).content, 'base64').toString(),
    ).toBe('# content\n');
    const onBranch = await fetch(
      `${api}/repos/demo/content/contents/feature.txt?ref=feature/x`,
    );
    expect(onBranch.status).toBe(200);
  });

  it('lists a directory, and 404s for what does not exist', async () => {
    const dir = await (
      await fetch(`${api}/repos/demo/content/contents/docs?ref=main`)
    ).json();
    expect(
      dir.map((e: { name: string; type: string }) => [e.name, e.type]),
    ).toEqual([
      ['deep', 'dir'],
      ['index.md', 'file'],
    ]);
    for (const path of [
      'nope.md',
      'docs/nope.md',
      'README.md/x',
      '../etc/passwd',
    ]) {
      expect(
        (await fetch(`${api}/repos/demo/content/contents/${path}?ref=main`))
          .status,
      ).toBe(404);
    }
    expect(
      (await fetch(`${api}/repos/demo/content/contents/README.md?ref=nope`))
        .status,
    ).toBe(404);
    expect(
      (
        await fetch(
          `${api}/repos/demo/content/contents/README.md?ref=--output=x`,
        )
      ).status,
    ).toBe(404);
  });

  it('resolves refs to commits', async () => {
    const res = await fetch(`${api}/repos/demo/content/git/commits/main`);
    const body = await res.json();
    expect(body).toMatchObject({
      sha: commit,
      commit: { message: 'first\n', author: { name: 'Test' } },
      parents: [],
    });
    expect(
      (
        await (
          await fetch(`${api}/repos/demo/content/git/commits/${commit}`)
        ).json()
      ).sha,
    ).toBe(commit);
  });

  it('archives a ref as tar.gz with the single top-level folder <repo>/', async () => {
    const res = await fetch(`${api}/repos/demo/content/archive/main.tar.gz`);
    expect(res.status).toBe(200);
    const dir = await tempDir('archive');
    dirs.push(dir);
    await fs.writeFile(
      join(dir, 'a.tar.gz'),
      Buffer.from(await res.arrayBuffer()),
    );
    const { stdout } = await execFileAsync('tar', ['-tzf', 'a.tar.gz'], {
      cwd: dir,
    });
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual([
      'content/',
      'content/README.md',
      'content/docs/',
      'content/docs/deep/',
      'content/docs/deep/a b.md',
      'content/docs/index.md',
    ]);
    expect(
      (await fetch(`${api}/repos/demo/content/archive/main.rar`)).status,
    ).toBe(400);
    const zip = await fetch(`${api}/repos/demo/content/archive/feature/x.zip`);
    expect(zip.status).toBe(200);
    expect(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('serves the branch pages publish:gitea polls, including branches with slashes', async () => {
    const page = await fetch(`${host.baseUrl}/demo/content/src/branch/main/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('README.md');
    const file = await fetch(
      `${host.baseUrl}/demo/content/src/branch/feature/x/feature.txt`,
    );
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('on a branch with a slash');
    expect(
      (await fetch(`${host.baseUrl}/demo/content/src/branch/feature/`)).status,
    ).toBe(404);
    expect(
      (await fetch(`${host.baseUrl}/demo/content/src/branch/main/missing`))
        .status,
    ).toBe(404);
    const raw = await fetch(
      `${host.baseUrl}/demo/content/raw/branch/main/docs/deep/a%20b.md`,
    );
    expect(await raw.text()).toBe('spaced\n');
  });
});
