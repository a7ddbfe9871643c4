import { ServiceUnavailableError } from '@backstage/errors';
import { getUpstreamErrorDetails } from '@mlops-portal/plugin-mlops-node';
import { silentLogger } from '@mlops-portal/plugin-mlops-node/testUtils';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KserveClusterConfig } from './KserveApi';
import { KserveClient } from './KserveClient';
import { buildInferenceServiceObject, fakeClusterConfig } from './testUtils';

/*
 * Against a real https server with a self-signed certificate for 127.0.0.1 (made by openssl,
 * which CI installs): the cluster's CA (data or file), skip-TLS, and the system's CAs, which
 * must refuse a certificate nobody signed — the TLS settings the cluster's dispatcher applies.
 */

let dir: string;
let server: Server;
let baseUrl: string;
let certificate: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kserve-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const list = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceServiceList',
    metadata: { resourceVersion: '7' },
    items: [
      buildInferenceServiceObject({
        namespace: 'fraud',
        name: 'fraud-detector',
      }),
    ],
  };
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: certificate },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(list));
    },
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const list = (overrides: Partial<KserveClusterConfig>) =>
  new KserveClient({
    instance: fakeClusterConfig('tls', {
      baseUrl,
      uiUrl: baseUrl,
      ...overrides,
    }),
    logger: silentLogger,
  }).listInferenceServices({ namespace: 'fraud' });

describe('KserveClient over https', () => {
  it('trusts the cluster’s CA given as data', async () => {
    const page = await list({
      caData: Buffer.from(certificate).toString('base64'),
    });
    expect(page.items.map(i => i.metadata.name)).toEqual(['fraud-detector']);
  });

  it('trusts the cluster’s CA given as a file', async () => {
    const page = await list({ caFile: join(dir, 'cert.pem') });
    expect(page.resourceVersion).toBe('7');
  });

  it('skips verification only when told to', async () => {
    const page = await list({ skipTLSVerify: true });
    expect(page.items).toHaveLength(1);
  });

  it('verifies against the system’s CAs when the cluster names none, refusing a self-signed certificate', async () => {
    const error = await list({}).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(getUpstreamErrorDetails(error)).toMatchObject({ kind: 'network' });
    expect(error.message).toMatch(/self[- ]signed certificate/i);
  });
});
