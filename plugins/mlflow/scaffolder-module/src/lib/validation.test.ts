import { validateArtifactLocation } from './validation';

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
