import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createGitHost, GitHostOptions } from '../index';

const execFileAsync = promisify(execFile);

/** The account of every test host. */
export const USER = { username: 'mlops', password: 'mlops-demo' };

/** A started host on an ephemeral loopback port with its own temp data dir. */
export interface TestHost {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** `127.0.0.1:<port>`, the `host` of the integration config. */
  hostAndPort: string;
  close(): Promise<void>;
}

/** Starts a host on port 0 (temp data dir, removed by close). */
export async function startTestHost(
  options: GitHostOptions = {},
): Promise<TestHost> {
  const host = createGitHost({ ...USER, ...options });
  const running = await host.start(0, '127.0.0.1');
  return {
    baseUrl: running.baseUrl,
    port: running.port,
    dataDir: host.dataDir,
    hostAndPort: `127.0.0.1:${running.port}`,
    close: running.close,
  };
}

/** App config with one Gitea integration pointing at `host` (password overridable). */
export function giteaConfig(host: TestHost, password = USER.password) {
  return new ConfigReader({
    integrations: {
      gitea: [
        {
          host: host.hostAndPort,
          baseUrl: host.baseUrl,
          username: USER.username,
          password,
        },
      ],
    },
  });
}

/** The integrations registry of {@link giteaConfig}. */
export function giteaIntegrations(host: TestHost, password?: string) {
  return ScmIntegrations.fromConfig(giteaConfig(host, password));
}

/** A fresh temp dir (callers remove it with {@link removeDirs}). */
export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), `git-host-test-${prefix}-`));
}

/** Removes temp dirs. */
export async function removeDirs(dirs: string[]): Promise<void> {
  // A git process still finishing its last write can leave a file behind for a moment.
  await Promise.all(
    dirs.map(d =>
      fs.rm(d, {
        recursive: true,
        force: true,
        maxRetries: 5,
        retryDelay: 200,
      }),
    ),
  );
}

/** Writes `files` (path to content) below `dir`. */
export async function writeFiles(
  dir: string,
  files: Record<string, string | Buffer>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await fs.mkdir(dirname(join(dir, path)), { recursive: true });
    await fs.writeFile(join(dir, path), content);
  }
}

/** Every file below `dir` except `.git`, as path to bytes. */
export async function readFiles(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  async function walk(current: string) {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out[relative(dir, full)] = await fs.readFile(full);
    }
  }
  await walk(dir);
  return out;
}

/** Runs the real git CLI (no prompts, no user config); rejects with its stderr on failure. */
export async function git(
  args: string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `http://user:password@host/...` for a remote of `host`. */
export function authedUrl(
  host: TestHost,
  path: string,
  password = USER.password,
): string {
  const url = new URL(`${host.baseUrl}${path}`);
  url.username = USER.username;
  url.password = password;
  return url.toString();
}

/** HTTP Basic header value for the test user (or another password). */
export function basic(password = USER.password): string {
  return `Basic ${Buffer.from(`${USER.username}:${password}`).toString(
    'base64',
  )}`;
}

/** Creates `demo/<name>` through the API. */
export async function createRepo(
  host: TestHost,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(`${host.baseUrl}/api/v1/orgs/demo/repos`, {
    method: 'POST',
    headers: { Authorization: basic(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, description: '', private: false, ...extra }),
  });
}
