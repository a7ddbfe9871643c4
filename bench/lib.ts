// Helpers shared by the benchmarks: a sandbox in its own process (the upstream is remote in
// real life, so it must not share the event loop with the code measured) and percentiles.
import { ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  AuthService,
  LoggerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { EntityProvider } from '@backstage/plugin-catalog-node';
import { ReadCache } from '@mlops-portal/plugin-mlops-node';

/** A sandbox process started for a benchmark. */
export interface BenchSandbox {
  baseUrl: string;
  /** Upstream requests served so far, per system and route template. */
  stats(): Promise<{
    total: number;
    systems: Record<string, { total: number; routes: Record<string, number> }>;
  }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `npm run sandbox` with the given flags and waits until it answers. */
export async function startSandbox(
  port: number,
  flags: string[],
): Promise<BenchSandbox> {
  const child: ChildProcess = spawn(
    'npm',
    ['run', '--silent', 'sandbox', '--', '--port', String(port), ...flags],
    {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/__sandbox/healthz`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`sandbox on ${baseUrl} did not start`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  return {
    baseUrl,
    stats: async () => (await fetch(`${baseUrl}/__sandbox/stats`)).json(),
    reset: async () => {
      await fetch(`${baseUrl}/__sandbox/reset`, { method: 'POST' });
    },
    stop: async () => {
      process.kill(-child.pid!, 'SIGTERM');
    },
  };
}

/** The q-quantile (0..1) of the samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * A full garbage collection, where the process runs with `--expose-gc` (`runScenarioProcess`'s
 * `exposeGc`): called right before a measured window, so that no scenario pays inside its window
 * for garbage its setup left (loading the cache store modules leaves ~25 MB). A no-op otherwise.
 */
export function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Profiles a measured window when `BENCH_CPU_PROFILE` names a file: starts V8's sampling
 * profiler (100 µs) and returns the function that stops it and writes the `.cpuprofile` there
 * (open it in Chrome's DevTools). A no-op otherwise, so that no run pays for the profiler.
 */
export async function profileWindow(): Promise<() => Promise<void>> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) {
    return async () => {};
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Milliseconds since `start` (a process.hrtime.bigint() value). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs one scenario of a benchmark file in a fresh Node process (so its peak RSS is its own)
 * and returns what it printed as JSON on its last stdout line.
 */
export function runScenarioProcess<T>(
  file: string,
  args: string[],
  options: { exposeGc?: boolean } = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(options.exposeGc ? ['--expose-gc'] : []),
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        file,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', code => {
      if (code !== 0) {
        reject(new Error(`${args[0]} process exited with ${code}`));
        return;
      }
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** User + system CPU milliseconds of this process since `start`. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** A logger that says nothing. */
export const silentLogger: LoggerService = {
  child: () => silentLogger,
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** What a provider's module hands it in a backend, as the benchmarks build it. */
export interface BenchProviderDeps {
  /** The plugin's read cache on a memory cache service, as a backend has it. */
  readCache: ReadCache;
  /** The provider's logger: its last `info` is the run's summary; an `error` fails the run. */
  logger: LoggerService;
  /** The catalog module's auth service (its own credentials). */
  auth: AuthService;
  /** Captures the provider's scheduled task, which the benchmark runs once. */
  schedule: SchedulerServiceTaskRunner;
}

/**
 * One full refresh of the provider `create` builds (as its catalog module would, from `deps`),
 * into a connection that counts the entities of the full mutation: wall and CPU time of the
 * refresh alone, peak RSS, the entity count and the provider's own summary of the run.
 */
export async function measureProviderRefresh(
  create: (deps: BenchProviderDeps) => EntityProvider,
): Promise<{
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  entities: number;
  summary: Record<string, unknown>;
}> {
  const cache = CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('catalog');
  let summary: Record<string, unknown> = {};
  const logger: LoggerService = {
    ...silentLogger,
    child: () => logger,
    info: (_message, meta) => {
      summary = { ...(meta as object) };
    },
    error: (message, meta) => {
      throw new Error(`${message}: ${String(meta)}`);
    },
  };
  const auth = {
    getOwnServiceCredentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'service', subject: 'plugin:catalog' },
    }),
  } as Partial<AuthService> as AuthService;
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const provider = create({
    readCache: new ReadCache({ cache, logger: silentLogger }),
    logger,
    auth,
    schedule: {
      run: async task => {
        tasks.push(task);
      },
    },
  });
  let entities = 0;
  await provider.connect({
    applyMutation: async mutation => {
      if (mutation.type === 'full') entities += mutation.entities.length;
    },
    refresh: async () => {},
  });
  const stopProfile = await profileWindow();
  settleHeap();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await tasks[0].fn(new AbortController().signal);
  const wallMs = msSince(start);
  const cpuMs = cpuMsSince(cpu);
  await stopProfile();
  return {
    wallMs,
    cpuMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    entities,
    summary,
  };
}

/** The middle value (the upper one of an even count). */
export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
