import { FakeAirflow } from './testUtils';

// The client checks conf and dates by the rules of @mlops-portal/plugin-airflow-common, before
// any request: what it refuses never reaches Airflow.
describe('AirflowClient input checks', () => {
  const setup = () => {
    const fake = new FakeAirflow({ dags: [{ dagId: 'train' }] });
    return { fake, client: fake.client() };
  };

  it.each([
    [null, 'null'],
    [[1], 'an array'],
    ['{"a":1}', 'a string (give the object itself, not its JSON text)'],
  ])('refuses conf %j as the common rule says', async (conf, what) => {
    const { fake, client } = setup();

    await expect(
      client.triggerDagRun('train', {
        conf: conf as unknown as Record<string, unknown>,
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: `conf must be a JSON object of the run's parameters, e.g. {"epochs": 10}; got ${what}`,
    });
    expect(fake.requests).toEqual([]);
  });

  it('sends no conf when there is none, and the conf object as it is', async () => {
    const { fake, client } = setup();

    await client.triggerDagRun('train');
    await client.triggerDagRun('train', { conf: { epochs: 3 } });

    expect(fake.writes().map(r => r.body)).toEqual([
      { logical_date: null },
      { conf: { epochs: 3 }, logical_date: null },
    ]);
  });

  it.each([
    ['a date without a time', '2026-11-01'],
    ['a date-time without an offset', '2026-11-01T02:00:00'],
    ['a day that does not exist', '2026-02-30T00:00:00Z'],
    ['a word', 'yesterday'],
  ])('refuses %s as a logical date, since or until', async (_, date) => {
    const { fake, client } = setup();
    const message = (field: string) =>
      `${field} must be an RFC 3339 date-time with seconds and an offset, e.g. 2026-11-01T02:00:00Z; got ${JSON.stringify(
        date,
      )}`;

    await expect(
      client.triggerDagRun('train', { logicalDate: date }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: message('logicalDate'),
    });
    await expect(
      client.listDagRuns('train', { since: date }),
    ).rejects.toMatchObject({ name: 'InputError', message: message('since') });
    await expect(
      client.listDagRuns('train', { until: date }),
    ).rejects.toMatchObject({ name: 'InputError', message: message('until') });
    expect(fake.requests).toEqual([]);
  });

  it('sends a date-time it takes as the same instant in UTC', async () => {
    const { fake, client } = setup();

    await client.triggerDagRun('train', {
      logicalDate: '2026-11-01T02:00:00+01:00',
    });
    await client
      .listDagRuns('train', {
        since: '2026-10-01T00:00:00.5-02:00',
        until: '2026-12-01T00:00:00Z',
      })
      .catch(() => undefined); // the fake serves no run lists

    expect(fake.requests.map(r => [r.method, r.body ?? r.query])).toEqual([
      ['POST', { logical_date: '2026-11-01T01:00:00.000Z' }],
      [
        'GET',
        expect.objectContaining({
          logical_date_gte: '2026-10-01T02:00:00.500Z',
          logical_date_lte: '2026-12-01T00:00:00.000Z',
        }),
      ],
    ]);
  });
});
