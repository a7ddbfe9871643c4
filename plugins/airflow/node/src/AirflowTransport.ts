import { ServiceUnavailableError } from '@backstage/errors';
import { AIRFLOW_SYSTEM } from '@mlops-portal/plugin-airflow-common';
import {
  getUpstreamErrorDetails,
  UpstreamHttpClient,
  UpstreamQuery,
  UpstreamRequest,
} from '@mlops-portal/plugin-mlops-node';
import { AirflowApiVersion, AirflowInstanceConfig } from './AirflowApi';
import type { AirflowClientOptions } from './AirflowClient';
import { AirflowTokens } from './AirflowTokens';
import { readVersionAnswer } from './read/answers';

/** Options of {@link AirflowTransport}: the client's, passed on as they are. */
export type AirflowTransportOptions = AirflowClientOptions;

/**
 * How `AirflowClient` talks to one instance: the API version (configured, or asked once), and
 * per version one kept `UpstreamHttpClient` (so coalescing and caching work) — API v1 with the
 * configured credentials, API v2 with a JWT from `POST /auth/token` when the credentials are a
 * user name and password, sent again once with a fresh token when the server answers 401.
 *
 * @internal
 */
export class AirflowTransport {
  private readonly instance: AirflowInstanceConfig;
  private readonly options: AirflowTransportOptions;
  private readonly tokens?: AirflowTokens;
  private readonly clients = new Map<AirflowApiVersion, UpstreamHttpClient>();
  private detected?: Promise<AirflowApiVersion>;

  constructor(options: AirflowTransportOptions) {
    this.options = options;
    this.instance = options.instance;
    const auth = options.instance.auth;
    if (auth.type === 'basic' && options.instance.apiVersion !== 'v1') {
      this.tokens = new AirflowTokens({
        instance: options.instance,
        username: auth.username,
        password: auth.password,
        logger: options.logger,
        fetch: options.fetch,
        sleep: options.sleep,
        now: options.now,
      });
    }
  }

  /** The instance's API version: configured, or asked once (`GET /api/v2/version`, then v1). */
  version(): Promise<AirflowApiVersion> {
    const configured = this.instance.apiVersion;
    if (configured !== 'auto') {
      return Promise.resolve(configured);
    }
    if (!this.detected) {
      const detection = this.detect();
      this.detected = detection;
      // A failed detection (instance down) is asked again next time.
      detection.catch(() => {
        if (this.detected === detection) {
          this.detected = undefined;
        }
      });
    }
    return this.detected;
  }

  /**
   * A GET below the version's API root (`/api/v1` or `/api/v2`); retried, coalesced, cached
   * unless `cache: false`.
   */
  get<T>(
    version: AirflowApiVersion,
    path: string,
    query: UpstreamQuery,
    decode: (body: unknown) => T,
    options: { cache?: boolean } = {},
  ): Promise<T> {
    return this.send(version, {
      path,
      query,
      decode,
      // Read afresh and not kept: the caller reads it once (ingestion) or wants it as it is now.
      ...(options.cache === false && { cacheTtl: 0 }),
    });
  }

  /**
   * A write below the version's API root: sent once (never retried, it may have been applied),
   * its answer read by `decode`; it drops the instance's cached reads.
   */
  async write<T>(
    version: AirflowApiVersion,
    method: 'POST' | 'PATCH',
    path: string,
    request: { query?: UpstreamQuery; body: unknown },
    decode: (body: unknown) => T,
  ): Promise<T> {
    return decode(await this.send(version, { method, path, ...request }));
  }

  private async send<T>(
    version: AirflowApiVersion,
    request: UpstreamRequest<T>,
  ): Promise<T> {
    const http = this.client(version);
    const rooted = { ...request, path: `/api/${version}${request.path}` };
    if (version === 'v1' || !this.tokens) {
      return http.request(rooted);
    }
    const generation = this.tokens.generation;
    try {
      return await http.request(rooted);
    } catch (error) {
      if (getUpstreamErrorDetails(error)?.status !== 401) {
        throw error;
      }
      // The token was refused (revoked, the server restarted with a new secret): once more. A
      // refused write was not applied, so sending it again is safe.
      this.tokens.refused(generation);
      return http.request(rooted);
    }
  }

  private client(version: AirflowApiVersion): UpstreamHttpClient {
    let client = this.clients.get(version);
    if (!client) {
      const tokens = version === 'v2' ? this.tokens : undefined;
      client = new UpstreamHttpClient({
        system: AIRFLOW_SYSTEM,
        instance: this.instance,
        logger: this.options.logger,
        readCache: this.options.readCache,
        fetch: this.options.fetch,
        sleep: this.options.sleep,
        now: this.options.now,
        ...(tokens && { authHeaders: () => tokens.headers() }),
      });
      this.clients.set(version, client);
    }
    return client;
  }

  private async detect(): Promise<AirflowApiVersion> {
    // Airflow 3's version endpoint is public: no credentials are sent to ask it.
    const anonymous = new UpstreamHttpClient({
      system: AIRFLOW_SYSTEM,
      instance: this.instance,
      logger: this.options.logger,
      fetch: this.options.fetch,
      sleep: this.options.sleep,
      now: this.options.now,
      authHeaders: async () => ({}),
    });
    // An API the server does not serve is a 404, or (Airflow 2 asked for v2) a 401; Airflow 2's
    // version endpoint needs the configured credentials, and refusing them is its answer.
    const asks: Array<[AirflowApiVersion, UpstreamHttpClient, number[]]> = [
      ['v2', anonymous, [400, 401, 403, 404, 405]],
      ['v1', this.client('v1'), [404, 405]],
    ];
    for (const [version, http, notServed] of asks) {
      try {
        const body = await http.request({
          path: `/api/${version}/version`,
          cacheTtl: 0,
        });
        if (readVersionAnswer(body) !== undefined) {
          this.options.logger.info(
            `Airflow instance '${this.instance.name}' serves API ${version}`,
            { system: AIRFLOW_SYSTEM.id, instance: this.instance.name },
          );
          return version;
        }
      } catch (error) {
        const details = getUpstreamErrorDetails(error);
        const status = details?.kind === 'http' ? details.status : undefined;
        if (status === undefined || !notServed.includes(status)) {
          throw error;
        }
      }
    }
    throw new ServiceUnavailableError(
      `${AIRFLOW_SYSTEM.id} instance '${this.instance.name}' serves neither ` +
        'GET /api/v2/version (Airflow 3) nor GET /api/v1/version (Airflow 2); ' +
        'check its baseUrl or set apiVersion',
    );
  }
}
