import { prefetchOffsetPages, prefetchPages } from './paging';

/** A paged list of 0..total-1, recording when each page was requested. */
function pagedNumbers(total: number, pageSize: number) {
  const events: string[] = [];
  const fetchPage = jest.fn(async (pageToken: string | undefined) => {
    const offset = Number(pageToken ?? 0);
    events.push(`fetch ${offset}`);
    const next = offset + pageSize;
    return {
      items: Array.from(
        { length: Math.min(pageSize, total - offset) },
        (_, i) => offset + i,
      ),
      nextPageToken: next < total ? String(next) : undefined,
    };
  });
  return { fetchPage, events };
}

describe('prefetchPages', () => {
  it('yields every page once, requesting the next before the caller works on the current one', async () => {
    const { fetchPage, events } = pagedNumbers(25, 10);
    const pages: number[][] = [];
    for await (const page of prefetchPages(fetchPage)) {
      events.push(`process ${page[0]}`);
      pages.push(page);
    }
    expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(fetchPage.mock.calls.map(([token]) => token)).toEqual([
      undefined,
      '10',
      '20',
    ]);
    expect(events).toEqual([
      'fetch 0',
      'fetch 10',
      'process 0',
      'fetch 20',
      'process 10',
      'process 20',
    ]);
  });

  it('fails when a later page fails, after yielding the pages before it', async () => {
    const fetchPage = jest.fn(async (pageToken: string | undefined) => {
      if (pageToken === '2') throw new Error('page 2 failed');
      return {
        items: [pageToken],
        nextPageToken: String(Number(pageToken ?? 0) + 1),
      };
    });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of prefetchPages(fetchPage)) seen.push(...page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([undefined, '1']);
  });

  it('leaves no unhandled rejection when the caller stops before a failed prefetch', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const fetchPage = async (pageToken: string | undefined) => {
        if (pageToken) throw new Error('never awaited');
        return { items: [1], nextPageToken: 'next' };
      };
      await expect(
        (async () => {
          for await (const _ of prefetchPages(fetchPage)) {
            throw new Error('caller failed');
          }
        })(),
      ).rejects.toThrow('caller failed');
      await new Promise(resolve => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('stops on a repeated page token and after maxPages', async () => {
    const looping = async () => ({ items: [1], nextPageToken: 'same' });
    await expect(
      (async () => {
        for await (const _ of prefetchPages(looping));
      })(),
    ).rejects.toThrow("page token 'same' twice");

    const { fetchPage } = pagedNumbers(100, 10);
    await expect(
      (async () => {
        for await (const _ of prefetchPages(fetchPage, { maxPages: 3 }));
      })(),
    ).rejects.toThrow('Paging stopped after 3 pages');
  });
});

describe('prefetchOffsetPages', () => {
  /** 0..total-1 served at most `cap` at a time, whatever the limit asked. */
  function offsetNumbers(total: number, cap: number, withTotal = true) {
    const events: string[] = [];
    const fetchPage = jest.fn(async (offset: number, limit: number) => {
      events.push(`fetch ${offset}`);
      const size = Math.max(0, Math.min(limit, cap, total - offset));
      return {
        items: Array.from({ length: size }, (_, i) => offset + i),
        ...(withTotal && { totalEntries: total }),
      };
    });
    return { fetchPage, events };
  }

  it('requests the next page before the caller works on the current one, advancing by what came', async () => {
    // The server caps pages at 4 although 10 are asked (Airflow's maximum_page_limit).
    const { fetchPage, events } = offsetNumbers(9, 4);
    const pages: number[][] = [];
    for await (const page of prefetchOffsetPages(fetchPage, { pageSize: 10 })) {
      events.push(`process ${page[0]}`);
      pages.push(page);
    }
    expect(pages).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8]]);
    expect(fetchPage.mock.calls).toEqual([
      [0, 10],
      [4, 10],
      [8, 10],
    ]);
    expect(events).toEqual([
      'fetch 0',
      'fetch 4',
      'process 0',
      'fetch 8',
      'process 4',
      'process 8',
    ]);
  });

  it('ends on an empty page when the server gives no total', async () => {
    const { fetchPage } = offsetNumbers(5, 5, false);
    const pages: number[][] = [];
    for await (const page of prefetchOffsetPages(fetchPage, { pageSize: 5 })) {
      pages.push(page);
    }
    expect(pages).toEqual([[0, 1, 2, 3, 4], []]);
  });

  it('throws the failure of a prefetched page where the caller reads it, and stops a runaway list', async () => {
    const failing = jest.fn(async (offset: number) => {
      if (offset > 0) throw new Error('page 2 failed');
      return { items: [1, 2], totalEntries: 10 };
    });
    const read = async (
      fetchPage: (
        o: number,
        l: number,
      ) => Promise<{ items: number[]; totalEntries?: number }>,
      maxPages?: number,
    ) => {
      const seen: number[][] = [];
      for await (const page of prefetchOffsetPages(fetchPage, {
        pageSize: 2,
        maxPages,
      })) {
        seen.push(page);
      }
      return seen;
    };
    await expect(read(failing)).rejects.toThrow('page 2 failed');
    const endless = async () => ({ items: [1] });
    await expect(read(endless, 3)).rejects.toThrow(/3/);
  });
});

describe('prefetchOffsetPages with pages in flight', () => {
  /** 0..total-1 in pages of at most `cap`; counts the requests open at once. */
  function server(total: () => number, cap: number) {
    let open = 0;
    const state = { mostOpen: 0, offsets: [] as number[] };
    const fetchPage = async (offset: number, limit: number) => {
      state.offsets.push(offset);
      open++;
      state.mostOpen = Math.max(state.mostOpen, open);
      await new Promise(resolve => setImmediate(resolve));
      open--;
      const size = Math.max(0, Math.min(limit, cap, total() - offset));
      return {
        items: Array.from({ length: size }, (_, i) => offset + i),
        totalEntries: total(),
      };
    };
    return { fetchPage, state };
  }

  async function readAll(
    fetchPage: Parameters<typeof prefetchOffsetPages<number>>[0],
    options: Parameters<typeof prefetchOffsetPages<number>>[1],
    onPage: (page: number[]) => void = () => {},
  ) {
    const items: number[] = [];
    for await (const page of prefetchOffsetPages(fetchPage, options)) {
      onPage(page);
      items.push(...page);
    }
    return items;
  }

  it('keeps two requests open, at the offsets the answered page size gives, none beyond the total', async () => {
    const { fetchPage, state } = server(() => 23, 5);
    const items = await readAll(fetchPage, { pageSize: 100, inFlight: 2 });
    expect(items).toEqual(Array.from({ length: 23 }, (_, i) => i));
    // The first page shows the server's cap (5 of the 100 asked); then two at a time.
    expect(state.offsets).toEqual([0, 5, 10, 15, 20]);
    expect(state.mostOpen).toBe(2);
  });

  it('drops what it sent ahead when the list changes under it, and goes on as a sequential loop would', async () => {
    let total = 30;
    const { fetchPage, state } = server(() => total, 10);
    const items = await readAll(
      fetchPage,
      { pageSize: 10, inFlight: 3 },
      page => {
        // After the first page, 12 items go away: the page at 10 comes back short.
        if (page[0] === 0) total = 18;
      },
    );
    expect(items).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(new Set(items).size).toBe(items.length);
    expect(state.offsets.slice(0, 3)).toEqual([0, 10, 20]);
  });

  it('pages one at a time when the server gives no total', async () => {
    let open = 0;
    let mostOpen = 0;
    const fetchPage = async (offset: number) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      await new Promise(resolve => setImmediate(resolve));
      open--;
      return { items: offset < 6 ? [offset, offset + 1] : [] };
    };
    const items = await readAll(fetchPage, { pageSize: 2, inFlight: 4 });
    expect(items).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostOpen).toBe(1);
  });

  it('sends no more than maxPages requests and then stops the runaway list', async () => {
    const { fetchPage, state } = server(() => 1000, 10);
    await expect(
      readAll(fetchPage, { pageSize: 10, inFlight: 2, maxPages: 3 }),
    ).rejects.toThrow('Paging stopped after 3 pages');
    expect(state.offsets).toEqual([0, 10, 20]);
  });

  it('refuses a number of requests in flight it does not support', async () => {
    for (const inFlight of [0, 1.5, 5]) {
      await expect(
        readAll(async () => ({ items: [] }), { pageSize: 1, inFlight }),
      ).rejects.toThrow(/inFlight must be an integer from 1 to 4/);
    }
  });
});
