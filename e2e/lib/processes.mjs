// Starting and stopping the processes the slower tiers need, with their output kept in
// e2e/artifacts/ so a failed CI run can be read afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');

/** Spawns a command in its own process group, logging to e2e/artifacts/<name>.log. */
export function startProcess(name, command, args, options = {}) {
  mkdirSync(artifactsDir, { recursive: true });
  const logPath = join(artifactsDir, `${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  // A Backstage backend whose plugin failed to start keeps running but never becomes ready;
  // spotting the failure in its output saves waiting for the timeout.
  let failure;
  const watchForFailure = chunk => {
    const match = options.failurePattern?.exec(String(chunk));
    if (match && !failure) failure = match[0];
  };
  child.stdout.on('data', watchForFailure);
  child.stderr.on('data', watchForFailure);
  let exited = false;
  const exit = new Promise(resolve =>
    child.on('exit', code => {
      exited = true;
      resolve(code);
    }),
  );
  return {
    name,
    logPath,
    hasExited: () => exited,
    failure: () => failure,
    async stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Polls a URL until it answers with an accepted status, failing early if the process died. */
export async function waitForHttp(
  url,
  { timeoutMs = 180_000, processes = [], accept = s => s < 500 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    const dead = processes.find(p => p.hasExited());
    if (dead) {
      throw new Error(
        `${dead.name} exited before ${url} answered; see ${dead.logPath}`,
      );
    }
    const failed = processes.find(p => p.failure());
    if (failed) {
      throw new Error(
        `${failed.name} failed: ${failed.failure()}; see ${failed.logPath}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (accept(res.status)) return res;
      lastError = `status ${res.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1_000));
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs} ms (${lastError})`,
  );
}
