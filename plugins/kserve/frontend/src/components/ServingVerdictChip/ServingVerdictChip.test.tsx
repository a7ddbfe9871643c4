import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { describeInferenceService } from '@mlops-portal/plugin-kserve-common';
import {
  canaryObject,
  cluster,
  degradedObject,
  failedObject,
  progressingObject,
  rawDeploymentObject,
  readyObject,
  stoppedObject,
} from '../../__fixtures__/data';
import { isFailingCondition } from '../format';
import { ServingVerdictChip } from './ServingVerdictChip';

const cases = [
  ['ready', readyObject, 'Ready', 'Ready', 'ok'],
  ['a RawDeployment', rawDeploymentObject, 'Ready', 'Ready', 'ok'],
  ['a 20 % canary', canaryObject, 'Canary', 'Canary 20 %', 'running'],
  ['rolling out', progressingObject, 'Progressing', 'Progressing', 'pending'],
  ['degraded', degradedObject, 'Degraded', 'Degraded', 'warning'],
  ['failed', failedObject, 'Failed', 'Failed', 'error'],
  ['stopped', stoppedObject, 'Stopped', 'Stopped', 'neutral'],
] as const;

describe('ServingVerdictChip', () => {
  it.each(cases)(
    'shows an InferenceService that is %s as %s, labelled %p, in the %s colours',
    async (_what, raw, kind, label, category) => {
      const { verdict } = describeInferenceService(raw, cluster);
      expect(verdict.kind).toBe(kind);
      await renderInTestApp(<ServingVerdictChip verdict={verdict} />);
      const chip = screen.getByText(label).closest('[data-status-category]');
      expect(chip).toHaveAttribute('data-status-category', category);
      expect(chip?.closest('[data-verdict]')).toHaveAttribute(
        'data-verdict',
        kind,
      );
    },
  );

  it('is never green while a condition is False', async () => {
    const failing = cases.filter(([, raw]) =>
      describeInferenceService(raw, cluster).conditions.some(
        isFailingCondition,
      ),
    );
    // the degraded, failed and stopped fixtures each have a False condition
    expect(failing.map(([what]) => what)).toEqual([
      'degraded',
      'failed',
      'stopped',
    ]);
    await renderInTestApp(
      <>
        {failing.map(([what, raw]) => (
          <ServingVerdictChip
            key={what}
            verdict={describeInferenceService(raw, cluster).verdict}
          />
        ))}
      </>,
    );
    const categories = Array.from(
      document.querySelectorAll('[data-status-category]'),
    ).map(chip => chip.getAttribute('data-status-category'));
    expect(categories).toHaveLength(3);
    expect(categories).not.toContain('ok');
  });
});
