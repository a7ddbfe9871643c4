import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthResult, GitHostCredentials } from './auth';
import type { RepoRecord, RepoStore } from './repoStore';

/** The logging the host does (Backstage's LoggerService fits). */
export interface GitHostLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What every route of the host shares. */
export interface HostContext {
  store: RepoStore;
  credentials: GitHostCredentials;
  gitPath: string;
  logger: GitHostLogger;
  /** The base URL clients use, without a trailing slash. */
  publicUrl(req: Request): string;
}

/** The caller of this request, as the auth middleware found it. */
export function authOf(res: Response): AuthResult {
  return (res.locals.auth as AuthResult | undefined) ?? { kind: 'anonymous' };
}

/** Whether the caller may read `repo`: anyone for public repositories, the user for private ones. */
export function canRead(auth: AuthResult, repo: RepoRecord): boolean {
  return !repo.private || auth.kind === 'user';
}

/** Sends Gitea's API error shape, `{ message, url }`. */
export function sendApiError(
  ctx: HostContext,
  req: Request,
  res: Response,
  status: number,
  message: string,
): void {
  res
    .status(status)
    .json({ message, url: `${ctx.publicUrl(req)}/api/swagger` });
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

/** Wraps an async express handler so a rejection reaches the error middleware. */
export function handle(
  fn: (req: Request, res: Response, next: NextFunction) => Promise<void>,
): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}
