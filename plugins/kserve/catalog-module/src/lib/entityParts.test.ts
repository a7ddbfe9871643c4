import fc from 'fast-check';
import { PLAIN_HTTP_URL, httpUrl } from './entityParts';

describe('httpUrl', () => {
  it('keeps http(s) URLs and drops anything else', () => {
    expect(httpUrl('http://fraud.fraud-detection.example.com')).toBe(
      'http://fraud.fraud-detection.example.com',
    );
    expect(httpUrl('HTTPS://Fraud.Example.com:8443/v2/models?x=1#y')).toBe(
      'HTTPS://Fraud.Example.com:8443/v2/models?x=1#y',
    );
    expect(httpUrl('http://[::1]:8080/')).toBe('http://[::1]:8080/');
    expect(httpUrl('http://10.0.0.7')).toBe('http://10.0.0.7');
    for (const rejected of [
      undefined,
      '',
      // eslint-disable-next-line no-script-url -- the scheme a link must never carry
      'javascript:alert(1)',
      'ftp://example.com/model',
      'http://',
      'http://exa mple.com',
      'http://example.com:99999',
      'http://1.2.3.999',
      'fraud.example.com',
    ]) {
      expect(httpUrl(rejected)).toBeUndefined();
    }
  });

  it('takes its parse-free path only for URLs the WHATWG parser accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(PLAIN_HTTP_URL), url => {
        expect(URL.canParse(url)).toBe(true);
        expect(httpUrl(url)).toBe(url);
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the parser on any string', () => {
    const candidates = fc.oneof(
      fc.string(),
      fc.webUrl(),
      fc
        .tuple(fc.constantFrom('http://', 'https://'), fc.string())
        .map(([scheme, rest]) => scheme + rest),
    );
    fc.assert(
      fc.property(candidates, value => {
        const expected =
          /^https?:\/\//i.test(value) && URL.canParse(value)
            ? value
            : undefined;
        expect(httpUrl(value)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });
});
