import { Command, InvalidArgumentError } from 'commander';
import { rmSync } from 'node:fs';
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_HOST,
  DEFAULT_ORGS,
  DEFAULT_PORT,
  createGitHost,
} from './index';
import type { GitHostLogger } from './index';

/* eslint-disable no-console */

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError('expected a port number');
  }
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function consoleLogger(level: string): GitHostLogger {
  const min = Math.max(0, LEVELS.indexOf(level as (typeof LEVELS)[number]));
  const at =
    (n: number, write: (line: string) => void) => (message: string) => {
      if (n >= min) write(`[git-host] ${message}`);
    };
  return {
    debug: at(0, console.log),
    info: at(1, console.log),
    warn: at(2, console.warn),
    error: at(3, console.error),
  };
}

const env = process.env;
const program = new Command('mlops-git-host')
  .description(
    'A small Gitea-compatible git host (the API subset Backstage uses, git smart HTTP) for the demo.',
  )
  .option(
    '--port <port>',
    'port to listen on',
    integer,
    Number(env.GIT_HOST_PORT ?? DEFAULT_PORT),
  )
  .option(
    '--host <host>',
    'interface to bind (loopback by default)',
    env.GIT_HOST_HOST ?? DEFAULT_HOST,
  )
  .option(
    '--data-dir <dir>',
    'where the bare repositories live; default a fresh temp dir removed on exit',
    env.GIT_HOST_DATA_DIR,
  )
  .option(
    '--org <name>',
    `organization repositories can be created in (repeatable; default ${DEFAULT_ORGS.join(
      ', ',
    )})`,
    collect,
  )
  .option(
    '--username <name>',
    'the account that may create repositories and push',
    env.GIT_HOST_USERNAME ?? DEFAULT_CREDENTIALS.username,
  )
  .option(
    '--password <password>',
    'its password (also accepted as an API token)',
    env.GIT_HOST_PASSWORD ?? DEFAULT_CREDENTIALS.password,
  )
  .option(
    '--public-url <url>',
    'base URL clients use; default http://<host>:<port>',
    env.GIT_HOST_PUBLIC_URL,
  )
  .option(
    '--log-level <level>',
    'debug logs one line per request',
    env.LOG_LEVEL ?? 'info',
  );

interface CliOptions {
  port: number;
  host: string;
  dataDir?: string;
  org?: string[];
  username: string;
  password: string;
  publicUrl?: string;
  logLevel: string;
}

async function main(): Promise<void> {
  const opts = program.parse(process.argv).opts<CliOptions>();
  const host = createGitHost({
    dataDir: opts.dataDir,
    orgs: opts.org ?? DEFAULT_ORGS,
    username: opts.username,
    password: opts.password,
    publicUrl: opts.publicUrl,
    logger: consoleLogger(opts.logLevel),
  });
  if (!opts.dataDir) {
    // Even on an abrupt exit the temp repositories go with the process.
    process.once('exit', () =>
      rmSync(host.dataDir, { recursive: true, force: true }),
    );
  }
  const running = await host.start(opts.port, opts.host);
  console.log(`MLOps demo git host (Gitea API subset) at ${running.baseUrl}`);
  console.log(
    `  orgs ${(opts.org ?? DEFAULT_ORGS).join(', ')}; user ${
      opts.username
    } (HTTP Basic or "token <password>"); data ${host.dataDir}${
      opts.dataDir ? '' : ' (removed on exit)'
    }`,
  );
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
