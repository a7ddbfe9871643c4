import {
  fakeMlflowApi,
  modelVersion,
  registeredModel,
} from '../__testUtils__/fakeMlflow';
import { readModelVersions, registeredModelPages } from './readRegistry';

const noFilters = { include: [], exclude: [] };

describe('readModelVersions', () => {
  it('reads every page at the largest page size and groups the versions by model', async () => {
    const versions = ['a', 'b', 'c'].flatMap(name =>
      [1, 2, 3].map(v =>
        modelVersion(name, v, {
          current_stage: 'Staging',
          aliases: v === 3 ? ['champion'] : undefined,
          tags: [{ key: 'big', value: 'x'.repeat(100) }],
        }),
      ),
    );
    const client = fakeMlflowApi({
      models: [],
      versions,
      pageSize: { modelVersions: 4 },
    });

    const index = await readModelVersions(client, noFilters);

    expect(index.count).toBe(9);
    expect(index.pages).toBe(3);
    expect(client.calls.map(c => [c.maxResults, c.pageToken])).toEqual([
      [200_000, undefined],
      [200_000, '4'],
      [200_000, '8'],
    ]);
    // Only what an entity shows is kept.
    expect(index.byModel.get('b')).toEqual([
      {
        version: '1',
        current_stage: 'Staging',
        status: 'READY',
        run_id: 'run-b-1',
        aliases: undefined,
      },
      {
        version: '2',
        current_stage: 'Staging',
        status: 'READY',
        run_id: 'run-b-2',
        aliases: undefined,
      },
      {
        version: '3',
        current_stage: 'Staging',
        status: 'READY',
        run_id: 'run-b-3',
        aliases: ['champion'],
      },
    ]);
  });

  it('keeps only the versions of models passing the name filters', async () => {
    const client = fakeMlflowApi({
      models: [],
      versions: ['fraud-a', 'fraud-tmp', 'churn'].map(n => modelVersion(n, 1)),
    });
    const index = await readModelVersions(client, {
      include: [/^fraud-.*$/],
      exclude: [/^.*-tmp$/],
    });
    expect([...index.byModel.keys()]).toEqual(['fraud-a']);
    expect(index.count).toBe(1);
  });
});

describe('registeredModelPages', () => {
  it('pages registered models at the largest page size', async () => {
    const client = fakeMlflowApi({
      models: Array.from({ length: 2500 }, (_, i) => registeredModel(`m-${i}`)),
      versions: [],
    });
    const sizes: number[] = [];
    for await (const page of registeredModelPages(client)) {
      sizes.push(page.length);
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(client.calls.map(c => [c.maxResults, c.pageToken])).toEqual([
      [1000, undefined],
      [1000, '1000'],
      [1000, '2000'],
    ]);
  });
});
