import { optionalText, validateArtifactLocation } from './validation';

describe('optionalText', () => {
  it('treats blank as absent and refuses non-strings', () => {
    expect(optionalText('instance', '')).toBeUndefined();
    expect(optionalText('instance', '  ')).toBeUndefined();
    expect(optionalText('instance', undefined)).toBeUndefined();
    expect(optionalText('instance', 'prod')).toBe('prod');
    expect(() => optionalText('instance', 3)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: 'instance must be a string',
      }),
    );
  });
});

describe('validateArtifactLocation', () => {
  it('accepts storage URIs and treats blank as absent', () => {
    expect(validateArtifactLocation('s3://ml-artifacts/fraud')).toBe(
      's3://ml-artifacts/fraud',
    );
    expect(validateArtifactLocation('')).toBeUndefined();
  });

  it('refuses runs:/ URIs and surrounding whitespace', () => {
    expect(() => validateArtifactLocation('runs:/abc/model')).toThrow(
      /must not be a runs:\/ URI/,
    );
    expect(() => validateArtifactLocation(' s3://x ')).toThrow(
      /surrounding whitespace/,
    );
  });
});
