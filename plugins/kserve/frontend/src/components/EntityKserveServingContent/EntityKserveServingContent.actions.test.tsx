import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  canaryObject,
  entityRef,
  progressingObject,
  rawDeploymentObject,
  readyObject,
  resourceVersion,
  revision,
  servingOf,
} from '../../__fixtures__/data';
import { backstageError } from '../../__fixtures__/errors';
import { createMockKserveApi } from '../../__fixtures__/mockApi';
import {
  findOverview,
  renderServingContent,
} from '../../__testUtils__/renderServingContent';

jest.setTimeout(30_000);

describe('EntityKserveServingContent: changing the traffic', () => {
  it('promotes after the confirmation, then shows what the backend answered and says so', async () => {
    const api = createMockKserveApi({
      changeTraffic: jest.fn(async () => servingOf(readyObject)),
    });
    await renderServingContent(api);
    const head = within(await findOverview());
    await userEvent.click(head.getByRole('button', { name: 'Promote' }));
    const dialog = within(await screen.findByRole('dialog'));
    expect(
      dialog.getByText('Canary traffic: 20 % → 100 %'),
    ).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Promote' }));

    expect(api.changeTraffic).toHaveBeenCalledWith(entityRef, {
      change: { kind: 'promote' },
      resourceVersion,
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      head.getByText(`Promoted: ${revision(5)} gets 100 % of traffic.`),
    ).toBeInTheDocument();
    // the write's answer is shown: all traffic on the latest revision, Ready
    expect(
      head.getByText('Ready').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'ok');
    expect(head.getByRole('img', { name: /^Traffic:/ })).toHaveAccessibleName(
      `Traffic: ${revision(5)} 100 %`,
    );
    expect(api.getServing).toHaveBeenCalledTimes(1);
  });

  it('reads again while KServe has not reconciled the change, until it is no longer Progressing', async () => {
    const api = createMockKserveApi({
      getServing: jest
        .fn()
        .mockResolvedValueOnce({ serving: servingOf(canaryObject) })
        .mockResolvedValue({ serving: servingOf(readyObject) }),
      changeTraffic: jest.fn(async () => servingOf(progressingObject)),
    });
    await renderServingContent(api);
    const head = within(await findOverview());
    await userEvent.click(head.getByRole('button', { name: 'Promote' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Promote' }));
    await head.findByText('Progressing');

    await waitFor(() => expect(api.getServing).toHaveBeenCalledTimes(2), {
      timeout: 6_000,
    });
    expect(await head.findByText('Ready')).toBeInTheDocument();
    // Ready: no further reads
    await new Promise(resolve => setTimeout(resolve, 3_500));
    expect(api.getServing).toHaveBeenCalledTimes(2);
  });

  it('on a 409 shows the message, and Reload reads the InferenceService again', async () => {
    const message =
      'InferenceService fraud-detection/fraud-detector changed meanwhile; reload and decide again';
    const conflict = await backstageError(409, 'ConflictError', message);
    const api = createMockKserveApi({
      getServing: jest
        .fn()
        .mockResolvedValueOnce({ serving: servingOf(canaryObject) })
        .mockResolvedValue({ serving: servingOf(readyObject) }),
      changeTraffic: jest.fn().mockRejectedValue(conflict),
    });
    await renderServingContent(api);
    const head = within(await findOverview());
    await userEvent.click(head.getByRole('button', { name: 'Roll back' }));
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Roll back' }));
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent(message);

    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload' }),
    );

    await waitFor(() => expect(api.getServing).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(
        head.getByText('Ready').closest('[data-status-category]'),
      ).toHaveAttribute('data-status-category', 'ok'),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('reads the InferenceService again on Reload', async () => {
    const api = await renderServingContent();
    await findOverview();
    await userEvent.click(
      screen.getByRole('button', { name: 'Reload the InferenceService' }),
    );
    await waitFor(() => expect(api.getServing).toHaveBeenCalledTimes(2));
  });

  it('offers no change to a user the backend allows none, and says who may', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          serving: servingOf(canaryObject, {
            allowed: { update: false, rollback: false },
          }),
        })),
      }),
    );
    const head = within(await findOverview());
    expect(
      head.queryByRole('group', { name: 'Canary' }),
    ).not.toBeInTheDocument();
    for (const name of ['Promote', 'Roll back', 'Set canary']) {
      expect(head.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(
      head.getByText(/You may not change the traffic of this InferenceService/),
    ).toHaveTextContent(
      'You may not change the traffic of this InferenceService. The traffic is changed by the owners of fraud-detection/fraud-detector.',
    );
  });

  it('offers only rollback to a user allowed only that (on-call)', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          serving: servingOf(canaryObject, {
            allowed: { update: false, rollback: true },
          }),
        })),
      }),
    );
    const actions = within(
      within(await findOverview()).getByRole('group', { name: 'Canary' }),
    );
    expect(actions.getAllByRole('button').map(b => b.textContent)).toEqual([
      'Roll back',
    ]);
  });

  it('says only admins may change an InferenceService the catalog has not ingested', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          serving: servingOf(canaryObject, {
            authority: { reason: 'no model-server Component for it' },
            allowed: { update: false, rollback: false },
          }),
        })),
      }),
    );
    expect(
      await screen.findByText(
        'Only admins may change the traffic: the catalog has no ingested entity for this InferenceService.',
      ),
    ).toBeInTheDocument();
  });

  it('disables the actions with KServe’s reason on a RawDeployment', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          serving: servingOf(rawDeploymentObject),
        })),
      }),
    );
    const head = within(await findOverview());
    expect(
      head.getByText(
        'KServe has no canary rollout in RawDeployment mode: one Deployment serves all traffic, so there is no split to change',
      ),
    ).toBeInTheDocument();
    expect(head.getByText('RawDeployment')).toBeInTheDocument();
    const buttons = within(
      head.getByRole('group', { name: 'Canary' }),
    ).getAllByRole('button');
    expect(buttons).toHaveLength(3);
    buttons.forEach(button => expect(button).toBeDisabled());
  });

  it('explains a disabled action in its tooltip', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({ serving: servingOf(readyObject) })),
      }),
    );
    const head = within(await findOverview());
    const promote = head.getByRole('button', { name: 'Promote' });
    expect(promote).toBeDisabled();
    expect(head.getByRole('button', { name: 'Roll back' })).toBeEnabled();
    await userEvent.hover(promote.parentElement!);
    expect(
      await screen.findByText(
        'The latest revision already gets 100 % of traffic',
      ),
    ).toBeInTheDocument();
  });
});
