import { mockServices } from '@backstage/backend-test-utils';
import {
  LunrSearchEngine,
  SearchEngine,
  TestPipeline,
} from '@backstage/plugin-search-backend-node';
import { MissingIndexTolerantSearchEngine } from './MissingIndexTolerantSearchEngine';

const logger = mockServices.logger.mock();

async function lunrWithCatalog() {
  const lunr = new LunrSearchEngine({ logger });
  await TestPipeline.fromIndexer(await lunr.getIndexer('software-catalog'))
    .withDocuments([
      {
        title: 'fraud-detector',
        text: 'Scores card transactions.',
        location: '/catalog/default/resource/fraud-detector',
      },
    ])
    .execute();
  return lunr;
}

describe('MissingIndexTolerantSearchEngine', () => {
  it('answers a query for a type with no index yet with no results, where Lunr throws', async () => {
    const lunr = await lunrWithCatalog();
    const query = { term: '', types: ['techdocs'] };

    await expect(lunr.query(query)).rejects.toMatchObject({
      name: 'MissingIndexError',
    });
    const engine = new MissingIndexTolerantSearchEngine({
      engine: lunr,
      logger,
    });
    await expect(engine.query(query)).resolves.toEqual({
      results: [],
      numberOfResults: 0,
    });
  });

  it('indexes through the wrapped engine and answers with its results', async () => {
    const engine = new MissingIndexTolerantSearchEngine({
      engine: new LunrSearchEngine({ logger }),
      logger,
    });
    await TestPipeline.fromIndexer(await engine.getIndexer('software-catalog'))
      .withDocuments([
        {
          title: 'fraud-detector',
          text: 'Scores card transactions.',
          location: '/a',
        },
        { title: 'churn-predictor', text: 'Predicts churn.', location: '/b' },
      ])
      .execute();

    const { results } = await engine.query({
      term: 'fraud-detector',
      types: ['software-catalog', 'techdocs'],
    });

    expect(results.map(r => [r.type, r.document.title])).toEqual([
      ['software-catalog', 'fraud-detector'],
    ]);
  });

  it('passes every other error on', async () => {
    const failing: SearchEngine = {
      setTranslator: jest.fn(),
      getIndexer: jest.fn(),
      query: jest.fn().mockRejectedValue(new Error('engine down')),
    };
    const engine = new MissingIndexTolerantSearchEngine({
      engine: failing,
      logger,
    });

    await expect(
      engine.query({ term: 'x', types: ['techdocs'] }),
    ).rejects.toThrow('engine down');
  });
});
