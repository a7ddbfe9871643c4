import { LoggerService } from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  getUpstreamErrorDetails,
  UpstreamHttpClient,
} from '@mlops-portal/plugin-mlops-node';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import { AirflowInstanceConfig } from './AirflowApi';

/** How long before its `exp` a token is replaced. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** A token without `exp` is used until the server refuses it. */
const NO_EXPIRY = Number.POSITIVE_INFINITY;

interface Token {
  value: string;
  /** When to stop using it (ms since the epoch): `exp` minus the margin. */
  refreshAt: number;
}

/** Options of {@link AirflowTokens}. */
export interface AirflowTokensOptions {
  instance: AirflowInstanceConfig;
  username: string;
  password: string;
  logger: LoggerService;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * The JWT of one Airflow 3 instance, from `POST /auth/token` (`{ username, password }` →
 * `201 { access_token }`): fetched once for any number of concurrent requests, replaced a
 * minute before its `exp` claim, and replaced once when the server answers 401 to it. The
 * password is only ever sent in the token request body; nothing here logs it.
 *
 * @internal
 */
export class AirflowTokens {
  private readonly http: UpstreamHttpClient;
  private readonly now: () => number;
  private current?: Promise<Token>;
  private generationCount = 0;

  constructor(private readonly options: AirflowTokensOptions) {
    this.now = options.now ?? Date.now;
    this.http = new UpstreamHttpClient({
      system: AIRFLOW_SYSTEM,
      instance: options.instance,
      logger: options.logger,
      fetch: options.fetch,
      sleep: options.sleep,
      // The token request carries the credentials in its body, never in a header.
      authHeaders: async () => ({}),
    });
  }

  /** Changes whenever the token is dropped; pass it back to {@link AirflowTokens.refused}. */
  get generation(): number {
    return this.generationCount;
  }

  /** The `Authorization` header of the current token, fetching one when there is none. */
  async headers(): Promise<Record<string, string>> {
    // Twice at most: a token found expired is replaced once, and a fresh one is used as is.
    for (let attempt = 0; ; attempt++) {
      const generation = this.generationCount;
      const pending = (this.current ??= this.fetchToken());
      let token: Token;
      try {
        token = await pending;
      } catch (error) {
        // A failed fetch is not kept: the next request asks again.
        if (this.current === pending) {
          this.drop();
        }
        throw error;
      }
      if (token.refreshAt > this.now() || attempt > 0) {
        return { authorization: `Bearer ${token.value}` };
      }
      if (this.generationCount === generation) {
        this.drop();
      }
    }
  }

  /**
   * The server answered 401 to a request sent with the token of `generation`: that token is
   * dropped, unless another request already replaced it.
   */
  refused(generation: number): void {
    if (generation === this.generationCount) {
      this.drop();
    }
  }

  private drop(): void {
    this.current = undefined;
    this.generationCount++;
  }

  private async fetchToken(): Promise<Token> {
    let body: unknown;
    try {
      body = await this.http.request({
        method: 'POST',
        path: '/auth/token',
        body: {
          username: this.options.username,
          password: this.options.password,
        },
        // Never cached; concurrent token requests still share one call.
        readOnly: true,
        cacheTtl: 0,
      });
    } catch (error) {
      const upstream = getUpstreamErrorDetails(error);
      const status = upstream?.status;
      if (status === 401 || status === 403) {
        // The upstream details stay, so the failure is shown as the instance's.
        throw Object.assign(
          new NotAllowedError(
            `${AIRFLOW_SYSTEM.id} instance '${this.options.instance.name}' refused the configured ` +
              `credentials of user '${this.options.username}' (POST /auth/token answered ${status})`,
          ),
          { upstream },
        );
      }
      throw error;
    }
    const value =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>).access_token
        : undefined;
    if (typeof value !== 'string' || value === '') {
      throw new ServiceUnavailableError(
        `${AIRFLOW_SYSTEM.id} instance '${this.options.instance.name}': POST /auth/token ` +
          'returned an unexpected body: answer.access_token is missing',
      );
    }
    const exp = readExpiry(value);
    if (exp === undefined) {
      return { value, refreshAt: NO_EXPIRY };
    }
    // A minute before it expires, or halfway through a shorter life.
    const expiresAt = exp * 1000;
    const margin = Math.min(
      TOKEN_REFRESH_MARGIN_MS,
      Math.max(0, (expiresAt - this.now()) / 2),
    );
    return { value, refreshAt: expiresAt - margin };
  }
}

/** The `exp` claim (seconds) of a JWT, read without verifying it; undefined when unreadable. */
function readExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return typeof claims?.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}
