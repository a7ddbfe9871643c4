import {
  FakeMlflow,
  modelVersion,
  registeredModel,
} from '@mlops-portal/plugin-mlflow-node/testUtils';
import { readModelVersions, registeredModelPages } from './readRegistry';

const noFilters = { include: [], exclude: [] };

/** The paging arguments of every call of a search, in order. */
const paging = (fake: FakeMlflow, method: string) =>
  fake.calls.filter(call => call.method === method).map(call => call.args[0]);

describe('readModelVersions', () => {
  it('reads every page at the largest page size, uncached, and groups the versions by model', async () => {
    const versions = ['a', 'b', 'c'].flatMap(name =>
      [1, 2, 3].map(v =>
        modelVersion(name, v, {
          current_stage: 'Staging',
          aliases: v === 3 ? ['champion'] : undefined,
          tags: [{ key: 'big', value: 'x'.repeat(100) }],
        }),
      ),
    );
    const fake = new FakeMlflow({ data: { versions } });
    fake.pageSize.searchModelVersions = 4;

    const index = await readModelVersions(fake, noFilters);

    expect(index.pages).toBe(3);
    expect(paging(fake, 'searchModelVersions')).toEqual([
      { maxResults: 200_000, pageToken: undefined, cache: false },
      { maxResults: 200_000, pageToken: '4', cache: false },
      { maxResults: 200_000, pageToken: '8', cache: false },
    ]);
    expect(fake.calls).toHaveLength(3);
    expect([...index.byModel.keys()]).toEqual(['a', 'b', 'c']);
    // Only what an entity shows is kept.
    expect(index.byModel.get('b')).toEqual(
      [1, 2, 3].map(v => ({
        version: String(v),
        current_stage: 'Staging',
        status: 'READY',
        run_id: `run-b-${v}`,
        aliases: v === 3 ? ['champion'] : undefined,
      })),
    );
  });

  it('keeps only the versions of models passing the name filters', async () => {
    const fake = new FakeMlflow({
      data: {
        versions: ['fraud-a', 'fraud-tmp', 'churn'].map(n =>
          modelVersion(n, 1),
        ),
      },
    });
    const index = await readModelVersions(fake, {
      include: [/^fraud-.*$/],
      exclude: [/^.*-tmp$/],
    });
    expect([...index.byModel.keys()]).toEqual(['fraud-a']);
  });
});

describe('registeredModelPages', () => {
  it('pages registered models at the largest page size, uncached', async () => {
    const fake = new FakeMlflow({
      data: {
        models: Array.from({ length: 2500 }, (_, i) =>
          registeredModel(`m-${i}`),
        ),
      },
    });
    // MLflow's own cap; the request asks for as much.
    fake.pageSize.searchRegisteredModels = 1000;
    const sizes: number[] = [];
    for await (const page of registeredModelPages(fake)) {
      sizes.push(page.length);
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(paging(fake, 'searchRegisteredModels')).toEqual([
      { maxResults: 1000, pageToken: undefined, cache: false },
      { maxResults: 1000, pageToken: '1000', cache: false },
      { maxResults: 1000, pageToken: '2000', cache: false },
    ]);
  });
});
