import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/*
 * What starting a kube-apiserver for tests needs: finding the tools, free ports, raw requests
 * (the harness does not depend on the client under test) and waiting for the CRD.
 */

export const CRD_NAME = 'inferenceservices.serving.kserve.io';

/** `<repo>/../shared`, found upward from here, or undefined. */
export function sharedDir(): string | undefined {
  // Test utilities only ever run from source, under jest, so __dirname is where this file is.
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = resolve(dir, '..', 'shared');
    if (existsSync(join(candidate, 'tools', 'kube-apiserver', 'start.sh'))) {
      return candidate;
    }
  }
  return undefined;
}

function hasCommand(command: string): boolean {
  return (
    // This process's environment as the caller sees it (jest gives tests a copy).
    spawnSync('sh', ['-c', `command -v ${command}`], {
      stdio: 'ignore',
      env: process.env,
    }).status === 0
  );
}

/**
 * Whether a kube-apiserver can be started here, and if not, why (no `../shared`, no etcd…).
 *
 * @public
 */
export function kubeApiServerAvailability():
  | { available: true }
  | { available: false; reason: string } {
  const shared = sharedDir();
  if (!shared) {
    return {
      available: false,
      reason:
        '../shared/tools/kube-apiserver (beside the repository) is not there',
    };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      available: false,
      reason: `the kube-apiserver binary is linux/amd64; this is ${process.platform}/${process.arch}`,
    };
  }
  if (!process.env.ETCD_BIN && !hasCommand('etcd')) {
    return {
      available: false,
      reason: 'etcd is not installed (apt-get install -y etcd-server)',
    };
  }
  const missing = ['openssl', 'curl', 'xz'].filter(tool => !hasCommand(tool));
  if (missing.length > 0) {
    return {
      available: false,
      reason: `${missing.join(', ')} not installed`,
    };
  }
  return { available: true };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface Answer {
  status: number;
  body: string;
}

/** A raw request (its own, so the harness does not depend on the client under test). */
export function send(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpsRequest(
      `${url}${path}`,
      {
        method,
        rejectUnauthorized: false,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload !== undefined && {
            'content-type': contentType,
            'content-length': Buffer.byteLength(payload),
          }),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolveAnswer({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function expectOk(answer: Promise<Answer>, what: string) {
  const { status, body } = await answer;
  if (status < 200 || status >= 300) {
    throw new Error(`${what} failed with ${status}: ${body.slice(0, 500)}`);
  }
  return body ? JSON.parse(body) : undefined;
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The upstream CRD as a 1.20 server takes it (the README's `default: ""` lines removed). */
export function readCrd(shared: string): Record<string, unknown> {
  const text = readFileSync(
    join(
      shared,
      'contracts',
      'kserve',
      'serving.kserve.io_inferenceservices.yaml',
    ),
    'utf8',
  );
  return parseYaml(text.replace(/^ *default: ""\n/gm, ''));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitForCrd(
  call: (method: string, path: string) => Promise<Answer>,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const crd = await call(
      'GET',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`,
    );
    const established =
      crd.status === 200 &&
      (JSON.parse(crd.body).status?.conditions ?? []).some(
        (c: { type: string; status: string }) =>
          c.type === 'Established' && c.status === 'True',
      );
    if (established) {
      const served = await call(
        'GET',
        '/apis/serving.kserve.io/v1beta1/inferenceservices?limit=1',
      );
      if (served.status === 200) return;
    }
    await sleep(100);
  }
  throw new Error(
    'The InferenceService CRD was not Established and served within 30 s',
  );
}
