import request from 'supertest';
import { Sandbox, SandboxOptions, createSandbox } from '../index';

/** Authorization header for the Kubernetes mount. */
export const K8S_AUTH = { Authorization: 'Bearer sandbox-k8s-token' };
/** Authorization header for the KFP mount. */
export const KFP_AUTH = { Authorization: 'Bearer sandbox-kfp-token' };
/** Authorization header for /airflow2 (Basic admin:admin). */
export const AIRFLOW2_AUTH = {
  Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
};

/** A sandbox for tests (story only unless options say otherwise). */
export function testSandbox(options: SandboxOptions = {}): Sandbox {
  return createSandbox(options);
}

/** Logs in to /airflow and returns the Authorization header with the JWT. */
export async function airflowAuth(
  sandbox: Sandbox,
): Promise<Record<string, string>> {
  const res = await request(sandbox.app)
    .post('/airflow/auth/token')
    .send({ username: 'admin', password: 'admin' })
    .expect(201);
  return { Authorization: `Bearer ${res.body.access_token}` };
}

/** Splits `/mount/rest?query` into the mount and the upstream path (with query). */
export function splitMount(
  sandbox: Sandbox,
  url: string,
): { mount: string; upstream: string } {
  const mount = [...new Set(sandbox.routes.map(r => r.mount))]
    .sort((a, b) => b.length - a.length)
    .find(m => url === m || url.startsWith(`${m}/`) || url.startsWith(`${m}?`));
  if (!mount) throw new Error(`no mount for ${url}`);
  return { mount, upstream: url.slice(mount.length) || '/' };
}

/** Credentials per mount for a sandbox with default options. */
export async function mountAuth(
  sandbox: Sandbox,
): Promise<Record<string, Record<string, string>>> {
  return {
    '/airflow': await airflowAuth(sandbox),
    '/airflow2': AIRFLOW2_AUTH,
    '/kubeflow': KFP_AUTH,
    '/kubernetes': K8S_AUTH,
  };
}

/** Sends one request with the mount's credentials plus extra headers. */
export async function send(
  sandbox: Sandbox,
  auth: Record<string, Record<string, string>>,
  c: {
    method: string;
    url: string;
    body?: unknown;
    headers?: Record<string, string>;
  },
): Promise<{
  res: request.Response;
  headers: Record<string, string>;
  mount: string;
  upstream: string;
}> {
  const { mount, upstream } = splitMount(sandbox, c.url);
  const headers = { ...(auth[mount] ?? {}), ...c.headers };
  let req = request(sandbox.app)[
    c.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'
  ](c.url);
  for (const [name, value] of Object.entries(headers))
    req = req.set(name, value);
  const res =
    c.body === undefined ? await req : await req.send(c.body as object);
  return { res, headers, mount, upstream };
}
