import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { RunStatusChip } from './RunStatusChip';

describe('RunStatusChip', () => {
  it('shows the status in sentence case in its colour family', async () => {
    await renderInTestApp(
      <>
        <RunStatusChip status="PENDING_REGISTRATION" />
        <RunStatusChip status="up_for_retry" />
        <RunStatusChip status="FINISHED" />
      </>,
    );
    const pending = screen
      .getByText('Pending registration')
      .closest('[data-status-category]');
    expect(pending).toHaveAttribute('data-status-category', 'pending');
    expect(pending).toHaveAttribute('title', 'PENDING_REGISTRATION');
    expect(
      screen.getByText('Up for retry').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'pending');
    expect(
      screen.getByText('Finished').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'ok');
  });

  it('gives ok and error different colours', async () => {
    await renderInTestApp(
      <>
        <RunStatusChip status="SUCCEEDED" />
        <RunStatusChip status="FAILED" />
      </>,
    );
    const ok = screen.getByText('Succeeded').closest('[data-status-category]')!;
    const failed = screen
      .getByText('Failed')
      .closest('[data-status-category]')!;
    expect(getComputedStyle(ok).backgroundColor).not.toBe('');
    expect(getComputedStyle(ok).backgroundColor).not.toBe(
      getComputedStyle(failed).backgroundColor,
    );
  });

  it('draws the warning category in a colour of its own, neither ok nor error', async () => {
    await renderInTestApp(
      <>
        <RunStatusChip status="Degraded" category="warning" />
        <RunStatusChip status="SUCCEEDED" />
        <RunStatusChip status="FAILED" />
      </>,
    );
    const colour = (text: string) =>
      getComputedStyle(
        screen.getByText(text).closest('[data-status-category]')!,
      ).backgroundColor;
    expect(
      screen.getByText('Degraded').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'warning');
    expect(colour('Degraded')).not.toBe('');
    expect(colour('Degraded')).not.toBe(colour('Succeeded'));
    expect(colour('Degraded')).not.toBe(colour('Failed'));
  });

  it('takes a label and category override and shows unknown statuses as neutral', async () => {
    await renderInTestApp(
      <>
        <RunStatusChip status="champion" label="Serving" category="ok" />
        <RunStatusChip status={undefined} />
      </>,
    );
    expect(
      screen.getByText('Serving').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'ok');
    expect(
      screen.getByText('Unknown').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'neutral');
  });
});
