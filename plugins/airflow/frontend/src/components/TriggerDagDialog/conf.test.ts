import { localDateTimeToIso, parseConf } from './conf';

describe('parseConf', () => {
  it('reads blank as no conf and a JSON object as the conf', () => {
    expect(parseConf('  \n')).toEqual({ ok: true, conf: undefined });
    expect(parseConf('{"epochs": 10, "tags": ["a"]}')).toEqual({
      ok: true,
      conf: { epochs: 10, tags: ['a'] },
    });
    expect(parseConf('{}')).toEqual({ ok: true, conf: {} });
  });

  it.each([
    ['[1, 2]', 'an array'],
    ['"fast"', 'a string'],
    ['42', 'a number'],
    ['true', 'a boolean'],
    ['null', 'null'],
  ])('refuses %s, saying it is %s', (text, what) => {
    expect(parseConf(text)).toEqual({
      ok: false,
      problem: `Conf must be a JSON object such as {"epochs": 10}, not ${what}`,
    });
  });

  it('refuses text that is not JSON, with the parser’s reason', () => {
    const result = parseConf('{"epochs": }');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/^Conf is not valid JSON: .+/);
  });
});

describe('localDateTimeToIso', () => {
  it('turns a datetime-local value into an ISO instant of the same moment', () => {
    expect(localDateTimeToIso('2026-10-22T09:14')).toBe(
      new Date(2026, 9, 22, 9, 14).toISOString(),
    );
    expect(localDateTimeToIso('')).toBeUndefined();
    expect(localDateTimeToIso('yesterday')).toBeNull();
  });
});
