import { ServiceUnavailableError } from '@backstage/errors';
import { KUBEFLOW_SYSTEM } from '@mlops-portal/plugin-kubeflow-common';
import { promises as fs } from 'node:fs';

/** Options of {@link ServiceAccountTokenFile}. */
export interface ServiceAccountTokenFileOptions {
  /** The instance, for error messages. */
  instance: string;
  /** The token file (`auth.tokenPath`). */
  tokenPath: string;
  /** File access; injectable for tests. */
  files?: Pick<typeof fs, 'stat' | 'readFile'>;
}

interface ReadToken {
  token: string;
  /** What the file looked like when it was read: a change of either means a new token. */
  mtimeMs: number;
  size: number;
}

/**
 * A Kubernetes service account token kept in a file (a projected token, which the kubelet
 * replaces before it expires): read at first use and read again whenever the file's mtime or
 * size changes, so a rotated token is used from the next request on. The token is only ever
 * put in the `Authorization` header; no message names it.
 *
 * @internal
 */
export class ServiceAccountTokenFile {
  private readonly files: Pick<typeof fs, 'stat' | 'readFile'>;
  private current?: ReadToken;

  constructor(private readonly options: ServiceAccountTokenFileOptions) {
    this.files = options.files ?? fs;
  }

  /** The `Authorization` header of the file's current token. */
  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  /** The file's current token; a ServiceUnavailableError when it is missing or empty. */
  async token(): Promise<string> {
    const { tokenPath } = this.options;
    let stats: { mtimeMs: number; size: number };
    try {
      stats = await this.files.stat(tokenPath);
    } catch (error) {
      throw this.unusable(describeFileError(error));
    }
    const current = this.current;
    if (
      current &&
      current.mtimeMs === stats.mtimeMs &&
      current.size === stats.size
    ) {
      return current.token;
    }
    let content: string;
    try {
      content = await this.files.readFile(tokenPath, 'utf8');
    } catch (error) {
      throw this.unusable(describeFileError(error));
    }
    const token = content.trim();
    if (!token) {
      throw this.unusable('is empty');
    }
    this.current = { token, mtimeMs: stats.mtimeMs, size: stats.size };
    return token;
  }

  private unusable(problem: string): Error {
    return new ServiceUnavailableError(
      `${KUBEFLOW_SYSTEM.id} instance '${this.options.instance}': the service account token file ` +
        `${this.options.tokenPath} (auth.tokenPath) ${problem}`,
    );
  }
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist; is the projected token volume mounted?';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return `cannot be read: ${code ?? String(error)}`;
  }
}
