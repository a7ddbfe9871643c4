import type { Request } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import { SandboxHttpError } from '../http/errors';
import { airflowV1Errors, airflowV2Errors } from './errors';

/** Credentials and JWT settings of the Airflow mounts. */
export interface AirflowAuthConfig {
  username: string;
  password: string;
  jwtSecret: string;
  tokenTtlSeconds: number;
}

const AUDIENCE = 'apache-airflow';

/** Issues an HS256 JWT the way Airflow 3's auth manager does for POST /auth/token. */
export async function issueAirflowToken(
  config: AirflowAuthConfig,
  username: string,
): Promise<string> {
  // Wall-clock time is right here: tokens are credentials, not dataset values.
  return new SignJWT({ role: 'Admin' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(username)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${config.tokenTtlSeconds}s`)
    .sign(new TextEncoder().encode(config.jwtSecret));
}

/** Checks `Authorization: Bearer <jwt>` (API v2); throws Airflow 3's 401 otherwise. */
export async function requireAirflowJwt(
  config: AirflowAuthConfig,
  req: Request,
): Promise<string> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) {
    throw airflowV2Errors.unauthenticated('Not authenticated');
  }
  try {
    const { payload } = await jwtVerify(
      match[1].trim(),
      new TextEncoder().encode(config.jwtSecret),
      {
        audience: AUDIENCE,
        algorithms: ['HS256'],
      },
    );
    return String(payload.sub ?? '');
  } catch {
    throw airflowV2Errors.unauthenticated('Invalid JWT token');
  }
}

/** Checks HTTP Basic credentials (API v1); throws Airflow 2's 401 problem otherwise. */
export function requireAirflowBasic(
  config: AirflowAuthConfig,
  req: Request,
): string {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (match) {
    const decoded = Buffer.from(match[1].trim(), 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    const user = decoded.slice(0, sep);
    const password = decoded.slice(sep + 1);
    if (sep > 0 && user === config.username && password === config.password) {
      return user;
    }
  }
  throw airflowV1Errors.unauthenticated('Unauthenticated');
}

/** Validates the token request body; returns the user or throws (401 / 422). */
export function checkTokenRequest(
  config: AirflowAuthConfig,
  body: unknown,
): string {
  const fields = (
    typeof body === 'object' && body !== null ? body : {}
  ) as Record<string, unknown>;
  for (const name of ['username', 'password']) {
    if (typeof fields[name] !== 'string') {
      throw new SandboxHttpError({
        status: 422,
        json: {
          detail: [
            {
              type: 'missing',
              loc: ['body', name],
              msg: 'Field required',
              input: body ?? null,
            },
          ],
        },
      });
    }
  }
  if (
    fields.username !== config.username ||
    fields.password !== config.password
  ) {
    throw airflowV2Errors.unauthenticated('Invalid credentials');
  }
  return fields.username as string;
}
