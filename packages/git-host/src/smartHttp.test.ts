import { mockServices } from '@backstage/backend-test-utils';
import { initRepoAndPush } from '@backstage/plugin-scaffolder-node';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createGitHost, GitHost } from './index';
import {
  TestHost,
  USER,
  authedUrl,
  basic,
  createRepo,
  git,
  readFiles,
  removeDirs,
  startTestHost,
  tempDir,
  writeFiles,
} from './__testUtils__/gitHost';

const logger = mockServices.logger.mock();

describe('git smart HTTP', () => {
  let host: TestHost;
  const dirs: string[] = [];

  beforeAll(async () => {
    host = await startTestHost();
  });

  afterAll(async () => {
    await host.close();
    await removeDirs(dirs);
  });

  async function workspace(files: Record<string, string>) {
    const dir = await tempDir('ws');
    dirs.push(dir);
    await writeFiles(dir, files);
    return dir;
  }

  async function lsRemote(name: string): Promise<string> {
    const { stdout } = await git(
      ['ls-remote', authedUrl(host, `/demo/${name}.git`)],
      host.dataDir,
    );
    return stdout;
  }

  it('accepts a push from isomorphic-git (initRepoAndPush) with the configured user', async () => {
    expect((await createRepo(host, 'iso')).status).toBe(201);
    const { commitHash } = await initRepoAndPush({
      dir: await workspace({ 'a.txt': 'a\n' }),
      remoteUrl: `${host.baseUrl}/demo/iso.git`,
      auth: USER,
      defaultBranch: 'main',
      logger,
    });
    expect(await lsRemote('iso')).toContain(`${commitHash}\trefs/heads/main`);
  });

  it('refuses a push with a wrong password and changes nothing', async () => {
    expect((await createRepo(host, 'guarded')).status).toBe(201);
    await expect(
      initRepoAndPush({
        dir: await workspace({ 'a.txt': 'a\n' }),
        remoteUrl: `${host.baseUrl}/demo/guarded.git`,
        auth: { username: USER.username, password: 'wrong' },
        defaultBranch: 'main',
        logger,
      }),
    ).rejects.toThrow(/401/);

    const cli = await workspace({ 'b.txt': 'b\n' });
    await git(['init', '--quiet', '-b', 'main'], cli);
    await git(['add', '.'], cli);
    await git(['commit', '--quiet', '-m', 'b'], cli);
    await expect(
      git(['push', authedUrl(host, '/demo/guarded.git', 'wrong'), 'main'], cli),
    ).rejects.toThrow(/Authentication failed/);
    await expect(
      git(['push', `${host.baseUrl}/demo/guarded.git`, 'main'], cli),
    ).rejects.toThrow(/could not read Username/);

    expect(await lsRemote('guarded')).toBe('');
    const repo = await fetch(`${host.baseUrl}/api/v1/repos/demo/guarded`);
    expect(await repo.json()).toMatchObject({ empty: true });
  });

  it('challenges anonymous pushes with WWW-Authenticate: Basic', async () => {
    expect((await createRepo(host, 'challenge')).status).toBe(201);
    const res = await fetch(
      `${host.baseUrl}/demo/challenge.git/info/refs?service=git-receive-pack`,
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
    const authed = await fetch(
      `${host.baseUrl}/demo/challenge.git/info/refs?service=git-receive-pack`,
      { headers: { Authorization: basic() } },
    );
    expect(authed.status).toBe(200);
    expect(authed.headers.get('content-type')).toBe(
      'application/x-git-receive-pack-advertisement',
    );
    expect(await authed.text()).toMatch(/^001f# service=git-receive-pack\n/);
  });

  it('serves only existing repositories and only the smart protocol', async () => {
    expect(
      (
        await fetch(
          `${host.baseUrl}/demo/absent.git/info/refs?service=git-upload-pack`,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await fetch(
          `${host.baseUrl}/nobody/iso.git/info/refs?service=git-upload-pack`,
        )
      ).status,
    ).toBe(404);
    expect((await fetch(`${host.baseUrl}/demo/iso.git/info/refs`)).status).toBe(
      403,
    );
    expect(
      (
        await fetch(`${host.baseUrl}/demo/iso.git/git-upload-pack`, {
          method: 'GET',
        })
      ).status,
    ).toBe(405);
  });

  it('clones without the .git suffix too, as Gitea does', async () => {
    const dest = join(await tempDir('nosuffix'), 'c');
    dirs.push(dest);
    await git(
      ['clone', '--quiet', `${host.baseUrl}/demo/iso`, dest],
      host.dataDir,
    );
    expect(await readFiles(dest)).toEqual({ 'a.txt': Buffer.from('a\n') });
  });

  it('moves HEAD to the first pushed branch when it is not the initial one', async () => {
    expect((await createRepo(host, 'on-master')).status).toBe(201);
    const cli = await workspace({ 'm.txt': 'm\n' });
    await git(['init', '--quiet', '-b', 'master'], cli);
    await git(['add', '.'], cli);
    await git(['commit', '--quiet', '-m', 'm'], cli);
    await git(
      ['push', '--quiet', authedUrl(host, '/demo/on-master.git'), 'master'],
      cli,
    );
    const repo = await fetch(`${host.baseUrl}/api/v1/repos/demo/on-master`);
    expect(await repo.json()).toMatchObject({ default_branch: 'master' });
    const { stdout } = await git(
      ['ls-remote', '--symref', `${host.baseUrl}/demo/on-master.git`, 'HEAD'],
      cli,
    );
    expect(stdout).toContain('ref: refs/heads/master\tHEAD');
  });

  it('rejects request bodies it cannot decode', async () => {
    const url = `${host.baseUrl}/demo/iso.git/git-upload-pack`;
    const headers = {
      'Content-Type': 'application/x-git-upload-pack-request',
    };
    const garbage = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Encoding': 'gzip' },
      body: 'not gzip at all',
    });
    expect(garbage.status).toBe(400);
    const brotli = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Encoding': 'br' },
      body: 'x',
    });
    expect(brotli.status).toBe(415);
  });

  it('answers a gzip-encoded upload-pack request like a plain one', async () => {
    const refs = await lsRemote('iso');
    const sha = refs.split('\t')[0];
    const pkt = (line: string) =>
      `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const request = `${pkt(`want ${sha} ofs-delta\n`)}0000${pkt('done\n')}`;
    const send = async (body: Buffer, encoding?: string) => {
      const res = await fetch(`${host.baseUrl}/demo/iso.git/git-upload-pack`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-git-upload-pack-request',
          ...(encoding ? { 'Content-Encoding': encoding } : {}),
        },
        body,
      });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    };
    const plain = await send(Buffer.from(request));
    const gzipped = await send(gzipSync(request), 'gzip');
    expect(plain.status).toBe(200);
    expect(plain.body.subarray(0, 8).toString()).toBe('0008NAK\n');
    expect(plain.body.includes(Buffer.from('PACK'))).toBe(true);
    expect(gzipped).toEqual(plain);
  });
});

describe('git smart HTTP with the git CLI sending gzip bodies', () => {
  let gitHost: GitHost;
  let server: Server;
  let baseUrl: string;
  const encodings: string[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    gitHost = createGitHost({ ...USER });
    // Record what the client sends, then hand the request to the host unchanged.
    server = createServer((req, res) => {
      if (req.method === 'POST') {
        encodings.push(req.headers['content-encoding'] ?? 'identity');
      }
      gitHost.app(req, res);
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(r => server.close(r));
    await removeDirs([gitHost.dataDir, ...dirs]);
  });

  it('clones a repository whose want list is large enough for git to gzip it', async () => {
    const created = await fetch(`${baseUrl}/api/v1/orgs/demo/repos`, {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'many-refs' }),
    });
    expect(created.status).toBe(201);
    const src = await tempDir('many');
    dirs.push(src);
    await git(['init', '--quiet', '-b', 'main'], src);
    for (let i = 0; i < 60; i++) {
      await writeFiles(src, { [`f${i}.txt`]: `${i}\n` });
      await git(['add', '.'], src);
      await git(['commit', '--quiet', '-m', `c${i}`], src);
      await git(['branch', `branch-${i}`], src);
    }
    const remote = new URL(`${baseUrl}/demo/many-refs.git`);
    remote.username = USER.username;
    remote.password = USER.password;
    await git(['push', '--quiet', remote.toString(), '--all'], src);

    const dest = join(await tempDir('many-clone'), 'c');
    dirs.push(dest);
    encodings.length = 0;
    await git(
      [
        'clone',
        '--quiet',
        '--no-single-branch',
        `${baseUrl}/demo/many-refs.git`,
        dest,
      ],
      src,
    );
    expect(encodings).toContain('gzip');
    const { stdout } = await git(['branch', '-r'], dest);
    expect(
      stdout.split('\n').filter(l => l.includes('origin/branch-')),
    ).toHaveLength(60);
    expect(Object.keys(await readFiles(dest))).toHaveLength(60);
    // Dozens of git commands: minutes on a loaded CI machine, not the default 5 s.
  }, 120_000);
});
