import { ServingVerdictKind } from '@mlops-portal/plugin-kserve-common';
import {
  formatIso,
  isFailingCondition,
  verdictCategory,
  verdictLabel,
} from './format';

describe('the verdict in the kit’s colours', () => {
  it.each([
    ['Ready', 'ok'],
    ['Canary', 'running'],
    ['Progressing', 'pending'],
    ['Degraded', 'warning'],
    ['Failed', 'error'],
    ['Stopped', 'neutral'],
  ] as const)('%s is %s', (kind, category) => {
    expect(verdictCategory({ kind, summary: '' })).toBe(category);
  });

  it('only Ready is green', () => {
    const kinds: ServingVerdictKind[] = [
      'Canary',
      'Progressing',
      'Degraded',
      'Failed',
      'Stopped',
    ];
    expect(
      kinds.filter(kind => verdictCategory({ kind, summary: '' }) === 'ok'),
    ).toEqual([]);
  });

  it('calls a kind it does not know neutral', () => {
    expect(
      verdictCategory({ kind: 'Exploded' as ServingVerdictKind, summary: '' }),
    ).toBe('neutral');
  });

  it('labels a canary with its share', () => {
    expect(
      verdictLabel({ kind: 'Canary', canaryPercent: 20, summary: '' }),
    ).toBe('Canary 20 %');
    expect(verdictLabel({ kind: 'Degraded', summary: '' })).toBe('Degraded');
  });
});

describe('isFailingCondition', () => {
  it('is any False but Stopped: False, which means running', () => {
    expect(isFailingCondition({ type: 'Ready', status: 'False' })).toBe(true);
    expect(isFailingCondition({ type: 'IngressReady', status: 'False' })).toBe(
      true,
    );
    expect(isFailingCondition({ type: 'Stopped', status: 'False' })).toBe(
      false,
    );
    expect(isFailingCondition({ type: 'Ready', status: 'Unknown' })).toBe(
      false,
    );
  });
});

describe('formatIso', () => {
  it('formats a time, and a missing or broken one as –', () => {
    expect(formatIso('2026-10-31T08:20:00Z')).toMatch(/^2026-10-31 \d\d:20$/);
    expect(formatIso(undefined)).toBe('–');
    expect(formatIso('not a time')).toBe('–');
  });
});
