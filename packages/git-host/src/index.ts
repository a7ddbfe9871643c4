/**
 * A small Gitea-compatible git host for the demo and tests: the Gitea API routes Backstage's
 * `publish:gitea` action and Gitea URL reader use, with real git smart HTTP behind them.
 *
 * @packageDocumentation
 */

export {
  createGitHost,
  DEFAULT_CREDENTIALS,
  DEFAULT_HOST,
  DEFAULT_ORGS,
  DEFAULT_PORT,
} from './host';
export type { GitHost, GitHostOptions, RunningGitHost } from './host';
export type { GitHostLogger } from './context';
