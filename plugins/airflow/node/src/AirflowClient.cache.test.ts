import { mockReadCache } from '@mlops-portal/plugin-mlops-node/testUtils';
import { FakeAirflow } from './testUtils';

describe.each(['v2', 'v1'] as const)(
  'AirflowClient and the read cache (API %s)',
  apiVersion => {
    const setup = () => {
      const fake = new FakeAirflow({
        instance: { apiVersion, cacheTtlMs: 60_000 },
        dags: [{ dagId: 'train' }],
      });
      fake.addRun('train', 'nightly', 'running', 'success');
      return { fake, client: fake.client({ readCache: mockReadCache() }) };
    };
    const runReads = (fake: FakeAirflow) =>
      fake.requests.filter(
        r => r.path === `/api/${apiVersion}/dags/train/dagRuns/nightly`,
      ).length;

    it('answers a second read of a run within the TTL from the cache', async () => {
      const { fake, client } = setup();

      const first = await client.getDagRun('train', 'nightly');
      const second = await client.getDagRun('train', 'nightly');

      expect([first.state, second.state]).toEqual(['running', 'running']);
      expect(runReads(fake)).toBe(1);
    });

    it('reads a run from the instance every time with cache: false, and keeps none of it', async () => {
      const { fake, client } = setup();

      const first = await client.getDagRun('train', 'nightly', {
        cache: false,
      });
      const second = await client.getDagRun('train', 'nightly', {
        cache: false,
      });
      const cached = await client.getDagRun('train', 'nightly');

      expect([first.state, second.state, cached.state]).toEqual([
        'running',
        'success',
        'success',
      ]);
      expect(runReads(fake)).toBe(3);
    });
  },
);
