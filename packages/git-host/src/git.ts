import { spawn } from 'node:child_process';

/** A git command that exited with a non-zero status. */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0]} failed (${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/**
 * The environment every git process of the host runs with: no system or global
 * config of whoever started the host, no terminal prompts, a stable locale.
 */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** Runs `git <args>` in `cwd` and resolves with its stdout; rejects with GitCommandError. */
export function runGit(
  gitPath: string,
  args: string[],
  cwd: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(gitPath, args, {
      cwd,
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.once('error', reject);
    child.once('close', code => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
    });
  });
}

/**
 * True for a ref or object name that is safe to hand to git as a revision:
 * not an option, no whitespace or control characters, no `..` ranges.
 */
export function isSafeRevision(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 255 &&
    !ref.startsWith('-') &&
    !ref.includes('..') &&
    // eslint-disable-next-line no-control-regex
    !/[\s\x00-\x1f\x7f~^:?*[\\]/.test(ref)
  );
}
