import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { GitCommandError, gitEnv, isSafeRevision, runGit } from './git';

const META_FILE = 'git-host.json';
const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
const RESERVED_NAMES = ['.', '..', '-'];
const RESERVED_SUFFIXES = ['.git', '.wiki', '.rss', '.atom'];

/** The branch HEAD of a new, empty repository names (Gitea's default). */
export const INITIAL_BRANCH = 'main';

/** A configured organization. */
export interface OrgRecord {
  id: number;
  name: string;
}

/** A hosted repository as the store keeps it. */
export interface RepoRecord {
  id: number;
  owner: OrgRecord;
  name: string;
  description: string;
  private: boolean;
  createdAt: string;
  /** Absolute path of the bare repository. */
  dir: string;
  /** Path of the bare repository below the data dir (`/owner/name.git`). */
  pathInfo: string;
}

/** One entry of a tree listing. */
export interface TreeEntry {
  name: string;
  /** Path from the repository root. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  sha: string;
  size: number;
}

/** A commit as the API shows it. */
export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

/** Why a repository cannot be created. */
export class RepoCreateError extends Error {
  constructor(readonly reason: 'exists' | 'invalid', message: string) {
    super(message);
    this.name = 'RepoCreateError';
  }
}

/** Returns why Gitea would reject `name` as a repository name, or undefined if it is valid. */
export function repoNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return '[Name]: Required';
  if (name.length > 100) return '[Name]: MaxSize';
  if (!NAME_PATTERN.test(name)) return '[Name]: AlphaDashDot';
  if (RESERVED_NAMES.includes(name)) return `name is reserved [name: ${name}]`;
  const suffix = RESERVED_SUFFIXES.find(s => name.toLowerCase().endsWith(s));
  if (suffix) return `name pattern is not allowed [pattern: *${suffix}]`;
  return undefined;
}

/** Splits a repository path into segments, or undefined if it leaves the tree. */
export function splitRepoPath(path: string): string[] | undefined {
  const segments = path.split('/').filter(s => s.length > 0);
  if (segments.some(s => s === '.' || s === '..')) return undefined;
  return segments;
}

const MODE_TYPES: Record<string, TreeEntry['type']> = {
  '040000': 'dir',
  '120000': 'symlink',
  '160000': 'submodule',
};

/** Bare repositories on disk, `<dataDir>/<org>/<repo>.git`, with a small JSON file of metadata each. */
export class RepoStore {
  private readonly orgs: OrgRecord[];
  private nextId?: Promise<{ value: number }>;

  constructor(
    readonly dataDir: string,
    orgNames: string[],
    private readonly gitPath = 'git',
  ) {
    // id 1 is the configured user; organizations follow, repositories have their own sequence.
    this.orgs = orgNames.map((name, i) => ({ id: i + 2, name }));
  }

  /** The configured organization called `name` (case-insensitive, as Gitea), if any. */
  org(name: string): OrgRecord | undefined {
    const lower = name.toLowerCase();
    return this.orgs.find(o => o.name.toLowerCase() === lower);
  }

  /** The repository `owner/name` (case-insensitive), if it exists. */
  async get(owner: string, name: string): Promise<RepoRecord | undefined> {
    const org = this.org(owner);
    if (!org || repoNameProblem(name)) return undefined;
    const pathInfo = `/${org.name.toLowerCase()}/${name.toLowerCase()}.git`;
    const dir = join(this.dataDir, pathInfo);
    let raw: string;
    try {
      raw = await fs.readFile(join(dir, META_FILE), 'utf8');
    } catch {
      return undefined;
    }
    const meta = JSON.parse(raw) as Omit<RepoRecord, 'owner' | 'dir'>;
    return { ...meta, owner: org, dir, pathInfo };
  }

  /** Creates an empty bare repository that accepts pushes; throws RepoCreateError. */
  async create(
    org: OrgRecord,
    input: {
      name: string;
      description: string;
      private: boolean;
      defaultBranch?: string;
    },
  ): Promise<RepoRecord> {
    const problem = repoNameProblem(input.name);
    if (problem) throw new RepoCreateError('invalid', problem);
    const initialBranch = input.defaultBranch ?? INITIAL_BRANCH;
    if (!(await this.isBranchName(initialBranch))) {
      throw new RepoCreateError('invalid', '[DefaultBranch]: GitRefName');
    }
    const pathInfo = `/${org.name.toLowerCase()}/${input.name.toLowerCase()}.git`;
    const dir = join(this.dataDir, pathInfo);
    await fs.mkdir(join(this.dataDir, org.name.toLowerCase()), {
      recursive: true,
    });
    try {
      // mkdir without `recursive` is the atomic claim on the name.
      await fs.mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new RepoCreateError(
          'exists',
          'The repository with the same name already exists.',
        );
      }
      throw error;
    }
    try {
      await this.git(dir, [
        'init',
        '--bare',
        '--quiet',
        `--initial-branch=${initialBranch}`,
      ]);
      await this.git(dir, ['config', 'http.receivepack', 'true']);
      await this.git(dir, ['config', 'receive.denyNonFastForwards', 'false']);
      const counter = await this.idCounter();
      const meta = {
        id: counter.value++,
        name: input.name,
        description: input.description,
        private: input.private,
        createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        pathInfo,
      };
      // Written last and renamed into place: a repository is visible only when complete.
      const tmp = join(dir, `${META_FILE}.tmp`);
      await fs.writeFile(tmp, JSON.stringify(meta, null, 2));
      await fs.rename(tmp, join(dir, META_FILE));
      return { ...meta, owner: org, dir };
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Branch names, sorted. */
  async branches(repo: RepoRecord): Promise<string[]> {
    const out = await this.git(repo.dir, [
      'for-each-ref',
      '--format=%(refname:lstrip=2)',
      'refs/heads/',
    ]);
    return lines(out).sort();
  }

  /** The branch HEAD points at (the default branch), whether or not it exists yet. */
  async defaultBranch(repo: RepoRecord): Promise<string> {
    const out = await this.git(repo.dir, ['symbolic-ref', '--short', 'HEAD']);
    return out.toString('utf8').trim();
  }

  /** The commit `ref` (branch, tag or sha) names, if any. */
  async resolveCommit(
    repo: RepoRecord,
    ref: string,
  ): Promise<string | undefined> {
    if (!isSafeRevision(ref)) return undefined;
    try {
      const out = await this.git(repo.dir, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
      return out.toString('utf8').trim() || undefined;
    } catch (error) {
      if (error instanceof GitCommandError) return undefined;
      throw error;
    }
  }

  /** The entries of the directory `dirPath` (segments) at `commit`, or undefined if it is no directory. */
  async listTree(
    repo: RepoRecord,
    commit: string,
    dirPath: string[],
  ): Promise<TreeEntry[] | undefined> {
    const treeish = dirPath.length ? `${commit}:${dirPath.join('/')}` : commit;
    let out: Buffer;
    try {
      out = await this.git(repo.dir, ['ls-tree', '-z', '-l', treeish]);
    } catch (error) {
      if (error instanceof GitCommandError) return undefined;
      throw error;
    }
    const prefix = dirPath.length ? `${dirPath.join('/')}/` : '';
    return out
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map(record => {
        const tab = record.indexOf('\t');
        const [mode, , sha, size] = record.slice(0, tab).split(/ +/);
        const name = record.slice(tab + 1);
        return {
          name,
          path: prefix + name,
          type: MODE_TYPES[mode] ?? 'file',
          sha,
          size: size === '-' ? 0 : Number(size),
        };
      });
  }

  /** The entry at `path` (segments, non-empty) at `commit`, if any. */
  async entry(
    repo: RepoRecord,
    commit: string,
    path: string[],
  ): Promise<TreeEntry | undefined> {
    const siblings = await this.listTree(repo, commit, path.slice(0, -1));
    return siblings?.find(e => e.name === path[path.length - 1]);
  }

  /** The bytes of the blob `sha`. */
  readBlob(repo: RepoRecord, sha: string): Promise<Buffer> {
    return this.git(repo.dir, ['cat-file', 'blob', sha]);
  }

  /** The last commit up to `commit` that changed `path` (segments; empty for the root). */
  async lastCommit(
    repo: RepoRecord,
    commit: string,
    path: string[],
  ): Promise<string> {
    const out = await this.git(repo.dir, [
      '--literal-pathspecs',
      'log',
      '-1',
      '--format=%H',
      commit,
      '--',
      path.length ? path.join('/') : '.',
    ]);
    return out.toString('utf8').trim() || commit;
  }

  /** Author, committer, parents and message of the commit `sha` (a full id). */
  async commit(repo: RepoRecord, sha: string): Promise<CommitInfo> {
    const out = await this.git(repo.dir, [
      'show',
      '-s',
      '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B',
      sha,
    ]);
    const [h, t, p, an, ae, ad, cn, ce, cd, ...message] = out
      .toString('utf8')
      .split('\0');
    return {
      sha: h,
      tree: t,
      parents: p ? p.split(' ') : [],
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      message: message.join('\0').replace(/\n+$/, '\n'),
    };
  }

  /** A `git archive` process writing `commit` to stdout with the single top-level folder `<repo>/`. */
  archive(
    repo: RepoRecord,
    commit: string,
    format: 'tar.gz' | 'zip',
  ): ChildProcessWithoutNullStreams {
    return spawn(
      this.gitPath,
      ['archive', `--format=${format}`, `--prefix=${repo.name}/`, commit],
      { cwd: repo.dir, env: gitEnv() },
    );
  }

  /**
   * After a push: if HEAD names a branch that does not exist but others do (the first push
   * of a branch other than the initial one), HEAD moves to the pushed branch, as in Gitea.
   */
  async afterPush(repo: RepoRecord): Promise<void> {
    const branches = await this.branches(repo);
    if (branches.length === 0) return;
    const head = await this.defaultBranch(repo);
    if (branches.includes(head)) return;
    const next =
      ['main', 'master'].find(b => branches.includes(b)) ?? branches[0];
    await this.git(repo.dir, ['symbolic-ref', 'HEAD', `refs/heads/${next}`]);
  }

  private async isBranchName(name: string): Promise<boolean> {
    if (name.startsWith('-')) return false;
    try {
      await this.git(this.dataDir, ['check-ref-format', '--branch', name]);
      return true;
    } catch (error) {
      if (error instanceof GitCommandError) return false;
      throw error;
    }
  }

  private git(cwd: string, args: string[]): Promise<Buffer> {
    return runGit(this.gitPath, args, cwd);
  }

  private idCounter(): Promise<{ value: number }> {
    this.nextId ??= this.scanMaxId().then(max => ({ value: max + 1 }));
    return this.nextId;
  }

  private async scanMaxId(): Promise<number> {
    let max = 0;
    for (const org of this.orgs) {
      const orgDir = join(this.dataDir, org.name.toLowerCase());
      const names = await fs.readdir(orgDir).catch(() => [] as string[]);
      for (const name of names) {
        try {
          const raw = await fs.readFile(join(orgDir, name, META_FILE), 'utf8');
          max = Math.max(max, Number(JSON.parse(raw).id) || 0);
        } catch {
          // not a repository of this host
        }
      }
    }
    return max;
  }
}

function lines(out: Buffer): string[] {
  return out
    .toString('utf8')
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean);
}
