import { KubeConfig, RequestContext } from '@kubernetes/client-node';
import type { DispatcherOptions } from '@kubernetes/client-node/dist/config';
import { promises as fs } from 'node:fs';
import type { KserveClusterConfig } from '../KserveApi';

/**
 * A request that failed before an answer came back: no connection, a timeout, or the
 * credentials or CA could not be read. The transport turns it into the kit's upstream error.
 *
 * @internal
 */
export class TransportFailure extends Error {
  constructor(
    readonly failure:
      | { kind: 'timeout'; timeoutMs: number }
      | { kind: 'network'; reason: string },
  ) {
    super(failure.kind === 'timeout' ? 'timed out' : failure.reason);
  }
}

/** How the token file is read; injectable for tests. */
export interface TokenFiles {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * The `@kubernetes/client-node` KubeConfig of one cluster, as its generated APIs and its
 * `Watch` apply it to each request: the server (with any path prefix), TLS (CA, skip-verify),
 * and the credentials, with two changes. A service account token file is read on every request
 * (a read of a small file; the kubelet rotates the token, and client-node's own file auth
 * would keep one for a minute). And one TLS dispatcher serves every request, so connections are
 * kept alive instead of a new pool, and handshake, per request.
 *
 * @internal
 */
export class ClusterKubeConfig extends KubeConfig {
  private dispatcher?: Dispatcher;

  constructor(
    private readonly cluster: KserveClusterConfig,
    private readonly files: TokenFiles = fs,
  ) {
    super();
    const { auth } = cluster;
    this.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.baseUrl,
          // client-node refuses plain http unless told to skip TLS, which http has none of.
          skipTLSVerify:
            cluster.skipTLSVerify || cluster.baseUrl.startsWith('http:'),
          ...(cluster.caData && { caData: cluster.caData }),
          ...(cluster.caFile && { caFile: cluster.caFile }),
        },
      ],
      users: [
        {
          name: 'kserve',
          ...(auth.type === 'bearer' && { token: auth.token }),
          ...(auth.type === 'basic' && {
            username: auth.username,
            password: auth.password,
          }),
        },
      ],
      contexts: [{ name: 'kserve', cluster: cluster.name, user: 'kserve' }],
      currentContext: 'kserve',
    });
  }

  /**
   * client-node's dispatcher settings, with an undici Agent where it would use none (https with
   * the system's CAs): requests are sent through the cluster's dispatcher, so there always is one.
   * Its TLS is Node's default, as fetch's would be. Once the first request has its dispatcher,
   * none is built again: client-node would build an Agent per request, only to be replaced.
   */
  createDispatcherOptions(
    ...args: Parameters<KubeConfig['createDispatcherOptions']>
  ): DispatcherOptions {
    if (this.dispatcher) {
      return { type: 'none' };
    }
    const options = super.createDispatcherOptions(...args);
    return options.type === 'none'
      ? {
          type: 'agent',
          connect: { keepAlive: true, keepAliveInitialDelay: 30_000 },
        }
      : options;
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    try {
      await super.applySecurityAuthentication(context);
    } catch (error) {
      // client-node reads caFile here, synchronously; a missing file must not be a TypeError.
      throw new TransportFailure({
        kind: 'network',
        reason: `the TLS settings could not be applied: ${describeFileError(
          error,
          this.cluster.caFile,
        )}`,
      });
    }
    this.dispatcher ??= context.getDispatcher();
    if (this.dispatcher) {
      context.setDispatcher(this.dispatcher);
    }
    if (this.cluster.serviceAccountTokenFile) {
      context.setHeaderParam(
        'Authorization',
        `Bearer ${await this.readToken(this.cluster.serviceAccountTokenFile)}`,
      );
    }
  }

  private async readToken(path: string): Promise<string> {
    let content: string;
    try {
      content = await this.files.readFile(path, 'utf8');
    } catch (error) {
      throw new TransportFailure({
        kind: 'network',
        reason: `the service account token file ${describeFileError(
          error,
          path,
        )}`,
      });
    }
    const token = content.trim();
    if (!token) {
      throw new TransportFailure({
        kind: 'network',
        reason: `the service account token file ${path} is empty`,
      });
    }
    return token;
  }
}

function describeFileError(error: unknown, path: string | undefined): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const file = path ?? 'file';
  switch (code) {
    case 'ENOENT':
      return `${file} does not exist; does the backend run in the cluster, with its service account mounted?`;
    case 'EACCES':
    case 'EPERM':
      return `${file} cannot be read: permission denied`;
    case 'EISDIR':
      return `${file} is a directory, not a file`;
    default:
      return `${file} cannot be read: ${
        code ?? (error instanceof Error ? error.message : String(error))
      }`;
  }
}
