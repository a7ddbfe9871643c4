import fc from 'fast-check';
import { PLAIN_HTTP_URL, httpUrl, serverParts } from './entityParts';

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

describe('serverParts', () => {
  it('describes and tags a model server once per format, runtime, protocol and mode', () => {
    const parts = serverParts('sklearn', 'kserve-mlserver', 'v2', 'Serverless');
    expect(parts).toEqual({
      tags: ['kserve', 'sklearn', 'serverless'],
      description:
        'sklearn model served by KServe, runtime kserve-mlserver, V2 (Open Inference Protocol) protocol, Serverless deployment.',
    });
    expect(serverParts('sklearn', 'kserve-mlserver', 'v2', 'Serverless')).toBe(
      parts,
    );
    expect(serverParts(undefined, undefined, 'v1', 'RawDeployment')).toEqual({
      tags: ['kserve', 'rawdeployment'],
      description:
        'Model served by KServe, KServe V1 protocol, RawDeployment deployment.',
    });
  });

  it('stays right when more sets were seen than it remembers', () => {
    for (let i = 0; i < 2_500; i++) {
      expect(
        serverParts('onnx', `runtime-${i}`, 'v2', 'Serverless').description,
      ).toBe(
        `onnx model served by KServe, runtime runtime-${i}, V2 (Open Inference Protocol) protocol, Serverless deployment.`,
      );
    }
  });
});
