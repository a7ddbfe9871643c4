import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The one account of the host: its login and its password (also accepted as an API token). */
export interface GitHostCredentials {
  username: string;
  password: string;
}

/** Who a request is: nobody, the configured user, or someone with wrong credentials. */
export type AuthResult =
  | { kind: 'anonymous' }
  | { kind: 'user'; username: string }
  | { kind: 'invalid' };

/** The realm git clients see in `WWW-Authenticate`. */
export const AUTH_REALM = 'mlops-git-host';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks a request's `Authorization` header the way Gitea does for the forms Backstage and git
 * send: `Basic base64(user:password)` (scheme case-insensitive), `token <token>` and
 * `Bearer <token>`. The token of this host is the password.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  credentials: GitHostCredentials,
): AuthResult {
  const header = headers.authorization;
  if (!header) return { kind: 'anonymous' };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'invalid' };
    const user = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    // Gitea login names are case-insensitive.
    const userOk = user.toLowerCase() === credentials.username.toLowerCase();
    if (userOk && same(secret, credentials.password)) {
      return { kind: 'user', username: credentials.username };
    }
    return { kind: 'invalid' };
  }
  if (scheme === 'token' || scheme === 'bearer') {
    return same(value, credentials.password)
      ? { kind: 'user', username: credentials.username }
      : { kind: 'invalid' };
  }
  return { kind: 'invalid' };
}

/** The `WWW-Authenticate` header value that makes git ask for (or send) credentials. */
export function basicChallenge(): string {
  return `Basic realm="${AUTH_REALM}"`;
}
