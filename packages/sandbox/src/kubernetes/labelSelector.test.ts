import {
  LabelSelectorError,
  matchesSelector,
  parseLabelSelector,
} from './labelSelector';

const labels = {
  owner: 'fraud-detection',
  'app.kubernetes.io/part-of': 'fraud-detection',
  tier: '2',
};
const match = (selector: string, l: Record<string, string> = labels) =>
  matchesSelector(parseLabelSelector(selector), l);

describe('label selectors', () => {
  it('supports equality, inequality and set-based requirements joined by commas', () => {
    expect(match('owner=fraud-detection')).toBe(true);
    expect(
      match('owner==fraud-detection,app.kubernetes.io/part-of=fraud-detection'),
    ).toBe(true);
    expect(match('owner!=fraud-detection')).toBe(false);
    expect(match('owner in (supply-chain, fraud-detection)')).toBe(true);
    expect(match('owner notin (fraud-detection)')).toBe(false);
    expect(match('owner')).toBe(true);
    expect(match('!owner')).toBe(false);
    expect(match('tier>1,tier<3')).toBe(true);
    expect(match('')).toBe(true);
  });

  it('lets != and notin match objects without the label, as Kubernetes does', () => {
    expect(match('team!=x', {})).toBe(true);
    expect(match('team notin (x)', {})).toBe(true);
    expect(match('team in (x)', {})).toBe(false);
  });

  it('rejects malformed selectors with Kubernetes-style messages', () => {
    for (const bad of [
      'owner in (',
      'owner in ()',
      'a b',
      'owner=has space',
      '=x',
      'tier>one',
      'a,',
      'Bad_Prefix!/x=y',
    ]) {
      expect(() => parseLabelSelector(bad)).toThrow(LabelSelectorError);
    }
    expect(() => parseLabelSelector('owner in (')).toThrow(
      /^unable to parse requirement/,
    );
  });
});
