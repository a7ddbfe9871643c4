import {
  collectAll,
  paginateByOffset,
  paginateByToken,
  TokenPage,
} from './paging';

describe('paginateByToken', () => {
  function pages(...list: Array<TokenPage<number>>) {
    const calls: Array<string | undefined> = [];
    const fetchPage = jest.fn(async (token: string | undefined) => {
      calls.push(token);
      const index = token === undefined ? 0 : Number(token.replace('t', ''));
      return list[index];
    });
    return { fetchPage, calls };
  }

  it('follows the tokens over several pages', async () => {
    const { fetchPage, calls } = pages(
      { items: [1, 2], nextPageToken: 't1' },
      { items: [3], nextPageToken: 't2' },
      { items: [4, 5] },
    );
    await expect(collectAll(paginateByToken(fetchPage))).resolves.toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(calls).toEqual([undefined, 't1', 't2']);
  });

  it('stops on an empty token (Kubernetes `continue: ""`, MLflow omits it)', async () => {
    const { fetchPage } = pages({ items: [1], nextPageToken: '' });
    await expect(collectAll(paginateByToken(fetchPage))).resolves.toEqual([1]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('handles an empty list', async () => {
    const { fetchPage } = pages({ items: [] });
    await expect(collectAll(paginateByToken(fetchPage))).resolves.toEqual([]);
  });

  it('throws instead of paging forever', async () => {
    let n = 0;
    const endless = jest.fn(async () => ({
      items: [n],
      nextPageToken: `t${++n}`,
    }));
    await expect(
      collectAll(paginateByToken(endless, { maxPages: 5 })),
    ).rejects.toThrow('Paging stopped after 5 pages');
    expect(endless).toHaveBeenCalledTimes(5);
  });

  it('completes a list of exactly maxPages pages', async () => {
    const { fetchPage } = pages(
      { items: [1], nextPageToken: 't1' },
      { items: [2] },
    );
    await expect(
      collectAll(paginateByToken(fetchPage, { maxPages: 2 })),
    ).resolves.toEqual([1, 2]);
  });

  it('throws when the upstream repeats a token', async () => {
    const stuck = jest.fn(async () => ({ items: [1], nextPageToken: 'same' }));
    await expect(collectAll(paginateByToken(stuck))).rejects.toThrow(
      "the upstream returned page token 'same' twice",
    );
    expect(stuck).toHaveBeenCalledTimes(2);
  });

  it('fetches lazily, page by page, as items are consumed', async () => {
    const { fetchPage } = pages(
      { items: [1, 2], nextPageToken: 't1' },
      { items: [3] },
    );
    for await (const item of paginateByToken(fetchPage)) {
      expect(item).toBe(1);
      break;
    }
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });
});

describe('paginateByOffset', () => {
  const all = Array.from({ length: 25 }, (_, i) => i);

  it('pages with limit/offset until total_entries is reached', async () => {
    const fetchPage = jest.fn(async (offset: number, limit: number) => ({
      items: all.slice(offset, offset + limit),
      totalEntries: all.length,
    }));
    await expect(
      collectAll(paginateByOffset(fetchPage, { pageSize: 10 })),
    ).resolves.toEqual(all);
    expect(fetchPage.mock.calls).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
  });

  it('advances by what the server returned when it caps the page size', async () => {
    // Airflow caps `limit` at maximum_page_limit (e.g. 7 here)
    const fetchPage = jest.fn(async (offset: number, limit: number) => ({
      items: all.slice(offset, offset + Math.min(limit, 7)),
      totalEntries: all.length,
    }));
    await expect(
      collectAll(paginateByOffset(fetchPage, { pageSize: 100 })),
    ).resolves.toEqual(all);
    expect(fetchPage.mock.calls.map(([offset]) => offset)).toEqual([
      0, 7, 14, 21,
    ]);
  });

  it('stops on an empty page when no total is given', async () => {
    const fetchPage = jest.fn(async (offset: number, limit: number) => ({
      items: all.slice(offset, offset + limit),
    }));
    await expect(
      collectAll(paginateByOffset(fetchPage, { pageSize: 10 })),
    ).resolves.toEqual(all);
    expect(fetchPage).toHaveBeenCalledTimes(4);
  });

  it('throws instead of paging forever', async () => {
    const endless = jest.fn(async () => ({
      items: [1],
      totalEntries: Number.MAX_SAFE_INTEGER,
    }));
    await expect(
      collectAll(paginateByOffset(endless, { pageSize: 1, maxPages: 3 })),
    ).rejects.toThrow('Paging stopped after 3 pages');
    expect(endless).toHaveBeenCalledTimes(3);
  });
});
