import {
  UrlReaders,
  GiteaUrlReader,
} from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { createPublishGiteaAction } from '@backstage/plugin-scaffolder-backend-module-gitea';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { join } from 'node:path';
import {
  TestHost,
  USER,
  giteaConfig,
  giteaIntegrations,
  git,
  readFiles,
  removeDirs,
  startTestHost,
  tempDir,
  writeFiles,
} from './__testUtils__/gitHost';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: churn-model
  annotations:
    mlflow.org/experiment: churn
spec:
  type: service
  lifecycle: experimental
  owner: team-ml
`;

const FILES: Record<string, string | Buffer> = {
  'catalog-info.yaml': CATALOG_INFO,
  'README.md': '# churn-model\n\nA model project.\n',
  'mkdocs.yml': 'site_name: churn-model\n',
  'docs/index.md': '# Docs\n',
  'src/train.py': 'print("train")\n',
  // bytes that are not valid UTF-8 must survive the round trip
  'assets/blob.bin': Buffer.from([0, 255, 254, 10, 13, 128, 1]),
};

describe('publish:gitea against the git host', () => {
  let host: TestHost;
  const dirs: string[] = [];

  // The host's one-line-per-request debug log, to see what publish:gitea asked.
  const requests: string[] = [];
  let onRequest: ((line: string) => void) | undefined;

  beforeAll(async () => {
    host = await startTestHost({
      orgs: ['demo', 'ml-team'],
      logger: {
        debug(line) {
          requests.push(line);
          onRequest?.(line);
        },
        info() {},
        warn() {},
        error() {},
      },
    });
  });

  afterAll(async () => {
    await host.close();
    await removeDirs(dirs);
  });

  async function workspace(files: Record<string, string | Buffer>) {
    const dir = await tempDir('workspace');
    dirs.push(dir);
    await writeFiles(dir, files);
    return dir;
  }

  async function publish(
    input: Record<string, string>,
    files: Record<string, string | Buffer> = FILES,
    signal?: AbortSignal,
  ) {
    const config = giteaConfig(host);
    const action = createPublishGiteaAction({
      integrations: giteaIntegrations(host),
      config,
    });
    const ctx = createMockActionContext({
      input: { description: 'published by a test', ...input } as any,
      workspacePath: await workspace(files),
    });
    if (signal) Object.assign(ctx, { signal });
    await action.handler(ctx as any);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return outputs as {
      remoteUrl: string;
      repoContentsUrl: string;
      commitHash: string;
    };
  }

  function reader() {
    return UrlReaders.create({
      config: giteaConfig(host),
      logger: mockServices.logger.mock(),
      factories: [GiteaUrlReader.factory],
    });
  }

  it('publishes the workspace; git clone, readUrl and readTree all see it', async () => {
    const out = await publish({
      repoUrl: `${host.hostAndPort}?owner=demo&repo=churn-model`,
    });

    expect(out.remoteUrl).toBe(`${host.baseUrl}/demo/churn-model.git`);
    expect(out.repoContentsUrl).toBe(
      `${host.baseUrl}/demo/churn-model/src/branch/main/`,
    );
    expect(out.commitHash).toMatch(/^[0-9a-f]{40}$/);

    // (2) the real git CLI clones it, anonymously (a public repository)
    const clone = join(await tempDir('clone'), 'churn-model');
    dirs.push(clone);
    await git(['clone', '--quiet', out.remoteUrl, clone], host.dataDir);
    expect(await readFiles(clone)).toEqual(
      Object.fromEntries(
        Object.entries(FILES).map(([k, v]) => [k, Buffer.from(v)]),
      ),
    );
    const head = await git(['rev-parse', 'HEAD'], clone);
    expect(head.stdout.trim()).toBe(out.commitHash);
    const branch = await git(['rev-parse', '--abbrev-ref', 'HEAD'], clone);
    expect(branch.stdout.trim()).toBe('main');

    // (3) Backstage's Gitea URL reader reads the catalog file and the tree
    const urlReader = reader();
    const file = await urlReader.readUrl(
      `${out.repoContentsUrl}catalog-info.yaml`,
    );
    expect((await file.buffer()).toString('utf8')).toBe(CATALOG_INFO);
    // the way templates usually join it: repoContentsUrl + '/catalog-info.yaml'
    const joined = await urlReader.readUrl(
      `${out.repoContentsUrl}/assets/blob.bin`,
    );
    expect(await joined.buffer()).toEqual(FILES['assets/blob.bin']);

    const tree = await urlReader.readTree(out.repoContentsUrl);
    expect(tree.etag).toBe(out.commitHash);
    const files = await tree.files();
    const contents = Object.fromEntries(
      await Promise.all(
        files.map(async f => [f.path, await f.content()] as const),
      ),
    );
    expect(contents).toEqual(
      Object.fromEntries(
        Object.entries(FILES).map(([k, v]) => [k, Buffer.from(v)]),
      ),
    );

    // a sub-tree (TechDocs reads `dir:` refs this way), extracted to a directory
    const docs = await urlReader.readTree(`${out.repoContentsUrl}docs`);
    const docsDir = await docs.dir();
    dirs.push(docsDir);
    expect(await readFiles(docsDir)).toEqual({
      'index.md': Buffer.from('# Docs\n'),
    });

    // an unchanged tree is NotModified for its etag
    await expect(
      urlReader.readTree(out.repoContentsUrl, { etag: out.commitHash }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
    // an absent file is NotFound
    await expect(
      urlReader.readUrl(`${out.repoContentsUrl}missing.yaml`),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('publishes a private repository that only the configured user can clone and read', async () => {
    // publish:gitea polls the branch page without credentials; like Gitea, the host answers 404
    // for a private repository, so the action would wait out its 20 s. The test ends that wait
    // through the task's abort signal as soon as the first poll has been answered.
    const poll = 'GET /ml-team/secret-model/src/branch/main 404';
    const controller = new AbortController();
    onRequest = line => {
      if (line.startsWith(poll)) controller.abort();
    };
    const out = await publish(
      {
        repoUrl: `${host.hostAndPort}?owner=ml-team&repo=secret-model`,
        repoVisibility: 'private',
      },
      FILES,
      controller.signal,
    );
    onRequest = undefined;
    expect(requests.some(l => l.startsWith(poll))).toBe(true);
    expect(out.remoteUrl).toBe(`${host.baseUrl}/ml-team/secret-model.git`);
    expect(out.commitHash).toMatch(/^[0-9a-f]{40}$/);

    const root = await tempDir('private');
    dirs.push(root);
    await expect(
      git(['clone', '--quiet', out.remoteUrl, join(root, 'anon')], root),
    ).rejects.toThrow(/Authentication failed|could not read Username/);
    const url = new URL(out.remoteUrl);
    url.username = USER.username;
    url.password = USER.password;
    await git(['clone', '--quiet', url.toString(), join(root, 'authed')], root);
    expect(
      (await readFiles(join(root, 'authed')))['catalog-info.yaml'],
    ).toEqual(Buffer.from(CATALOG_INFO));

    const file = await reader().readUrl(
      `${out.repoContentsUrl}catalog-info.yaml`,
    );
    expect((await file.buffer()).toString('utf8')).toBe(CATALOG_INFO);
    const anonymous = await fetch(
      `${host.baseUrl}/api/v1/repos/ml-team/secret-model/contents/catalog-info.yaml`,
    );
    expect(anonymous.status).toBe(404);
  });

  it('publishes another default branch, and HEAD follows it', async () => {
    const out = await publish({
      repoUrl: `${host.hostAndPort}?owner=demo&repo=on-trunk`,
      defaultBranch: 'trunk',
    });
    expect(out.repoContentsUrl).toBe(
      `${host.baseUrl}/demo/on-trunk/src/branch/trunk/`,
    );
    const repo = await fetch(`${host.baseUrl}/api/v1/repos/demo/on-trunk`);
    expect(await repo.json()).toMatchObject({
      default_branch: 'trunk',
      empty: false,
    });
    const clone = join(await tempDir('trunk'), 'c');
    dirs.push(clone);
    await git(['clone', '--quiet', out.remoteUrl, clone], host.dataDir);
    const branch = await git(['rev-parse', '--abbrev-ref', 'HEAD'], clone);
    expect(branch.stdout.trim()).toBe('trunk');
  });

  describe('refusals', () => {
    it('fails for an organization that does not exist', async () => {
      await expect(
        publish({ repoUrl: `${host.hostAndPort}?owner=nobody&repo=x` }),
      ).rejects.toThrow(
        'Organization nobody do not exist. Please create it first !',
      );
    });

    it('fails when the repository exists already (409) and leaves it as it was', async () => {
      const first = await publish({
        repoUrl: `${host.hostAndPort}?owner=demo&repo=twice`,
      });
      await expect(
        publish(
          { repoUrl: `${host.hostAndPort}?owner=demo&repo=twice` },
          { 'other.txt': 'other\n' },
        ),
      ).rejects.toThrow(/Unable to create repository, 409 Conflict/);
      const commit = await fetch(
        `${host.baseUrl}/api/v1/repos/demo/twice/git/commits/main`,
      );
      expect((await commit.json()).sha).toBe(first.commitHash);
    });

    it('fails for a repository name Gitea rejects (422)', async () => {
      for (const name of ['bad.git', 'has%20space', '..']) {
        await expect(
          publish({ repoUrl: `${host.hostAndPort}?owner=demo&repo=${name}` }),
        ).rejects.toThrow(
          /Unable to create repository, 422 Unprocessable Entity/,
        );
      }
    });

    it('fails when the configured password is wrong, before anything is created', async () => {
      const action = createPublishGiteaAction({
        integrations: giteaIntegrations(host, 'wrong'),
        config: giteaConfig(host, 'wrong'),
      });
      const ctx = createMockActionContext({
        input: {
          repoUrl: `${host.hostAndPort}?owner=demo&repo=never`,
          description: 'x',
        } as any,
        workspacePath: await workspace(FILES),
      });
      // the action reports the refused (401) organization lookup this way
      await expect(action.handler(ctx as any)).rejects.toThrow(
        'Organization demo do not exist',
      );
      const repo = await fetch(`${host.baseUrl}/api/v1/repos/demo/never`);
      expect(repo.status).toBe(404);
    });
  });
});
