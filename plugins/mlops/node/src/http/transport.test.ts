import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { testSystems } from '../__testUtils__/systems';
import { UpstreamHttpClient } from './UpstreamHttpClient';

// These run against a real HTTP server on 127.0.0.1 (no msw), so Node's own
// fetch shows how it behaves on slow bodies and refused connections.
describe('UpstreamHttpClient over a real socket', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/prefix/slow-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
        return; // the rest never comes
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/prefix`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const client = (url: string, timeoutMs = 200) =>
    new UpstreamHttpClient({
      system: testSystems.mlflow,
      instance: {
        name: 'local',
        baseUrl: url,
        uiUrl: url,
        auth: { type: 'none' },
        timeoutMs,
        retries: 0,
        cacheTtlMs: 0,
      },
      logger: mockServices.logger.mock(),
    });

  it('keeps the base URL path prefix', async () => {
    await expect(
      client(baseUrl).request({ path: '/api/x', query: { a: ['1', '2'] } }),
    ).resolves.toEqual({ path: '/prefix/api/x?a=1&a=2' });
  });

  it('times out a body that stops half-way', async () => {
    const error = client(baseUrl, 100).request({ path: '/slow-body' });
    await expect(error).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(error).rejects.toThrow('timed out after 100 ms');
  });

  it('reports a refused connection with its cause', async () => {
    const closed = createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));

    const error = client(`http://127.0.0.1:${port}`).request({ path: '/x' });
    await expect(error).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(error).rejects.toThrow(
      /^mlflow instance 'local': GET \/x failed: fetch failed: .*ECONNREFUSED/,
    );
  });
});
