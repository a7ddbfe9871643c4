import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kserveApiRef } from '../../api/KserveBackendApi';
import {
  annotatedEntity,
  canaryObject,
  entityRef,
  readyObject,
  resourceVersion,
  revision,
  servingOf,
} from '../../__fixtures__/data';
import { backstageError } from '../../__fixtures__/errors';
import { createMockKserveApi } from '../../__fixtures__/mockApi';
import { CanaryChangeDialog } from './CanaryChangeDialog';
import { CanaryChangeKind } from './canaryChange';

jest.setTimeout(30_000);

async function renderDialog(
  kind: CanaryChangeKind,
  api = createMockKserveApi(),
) {
  const onClose = jest.fn();
  const onChanged = jest.fn();
  const onReload = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[kserveApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <CanaryChangeDialog
          serving={servingOf(canaryObject)}
          kind={kind}
          onClose={onClose}
          onChanged={onChanged}
          onReload={onReload}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
  const dialog = within(await screen.findByRole('dialog'));
  return { api, dialog, onClose, onChanged, onReload };
}

const changes = (dialog: ReturnType<typeof within>) =>
  dialog
    .getAllByRole('listitem')
    .map((li: HTMLElement) => li.textContent)
    .concat(dialog.getByText(/^Canary traffic:/).textContent ?? '');

describe('CanaryChangeDialog', () => {
  it.each([
    [
      'promote',
      'Promote',
      { kind: 'promote' },
      [
        `${revision(5)} (canary): 20 % → 100 %`,
        `${revision(4)} (stable): 80 % → 0 %`,
        'Canary traffic: 20 % → 100 %',
      ],
      `Promoted: ${revision(5)} gets 100 % of traffic.`,
    ],
    [
      'rollback',
      'Roll back',
      { kind: 'rollback' },
      [
        `${revision(5)} (canary): 20 % → 0 %`,
        `${revision(4)} (stable): 80 % → 100 %`,
        'Canary traffic: 20 % → 0 %',
      ],
      `Rolled back: ${revision(4)} gets all traffic again, ${revision(
        5,
      )} none.`,
    ],
  ] as const)(
    'says what %s changes, then sends exactly that change on the resourceVersion read',
    async (kind, confirm, change, lines, message) => {
      const { api, dialog, onChanged } = await renderDialog(kind);
      expect(
        dialog.getByRole('heading', { name: /of fraud-detector$/ }),
      ).toBeInTheDocument();
      expect(changes(dialog)).toEqual(lines);
      expect(dialog.getByText(/resourceVersion 48213/)).toBeInTheDocument();

      await userEvent.click(dialog.getByRole('button', { name: confirm }));

      expect(api.changeTraffic).toHaveBeenCalledTimes(1);
      expect(api.changeTraffic).toHaveBeenCalledWith(entityRef, {
        change,
        resourceVersion,
      });
      expect(onChanged).toHaveBeenCalledWith(servingOf(canaryObject), message);
    },
  );

  it('sets a typed share, starting from the one there is now', async () => {
    const { api, dialog, onChanged } = await renderDialog('set');
    const field = dialog.getByRole('textbox', { name: 'Canary traffic (%)' });
    expect(field).toHaveValue('20');
    // the share there is now changes nothing: nothing to confirm
    expect(dialog.getByRole('button', { name: 'Set canary' })).toBeDisabled();
    expect(
      dialog.getByText('The canary already gets this share.'),
    ).toBeInTheDocument();

    await userEvent.clear(field);
    await userEvent.type(field, '35');
    expect(changes(dialog)).toEqual([
      `${revision(5)} (canary): 20 % → 35 %`,
      `${revision(4)} (stable): 80 % → 65 %`,
      'Canary traffic: 20 % → 35 %',
    ]);
    expect(dialog.getByRole('slider')).toHaveAttribute('aria-valuenow', '35');
    await userEvent.click(dialog.getByRole('button', { name: 'Set canary' }));

    expect(api.changeTraffic).toHaveBeenCalledWith(entityRef, {
      change: { kind: 'set', percent: 35 },
      resourceVersion,
    });
    expect(onChanged).toHaveBeenCalledWith(
      expect.anything(),
      `Canary set to 35 %: ${revision(5)} gets 35 %, ${revision(4)} 65 %.`,
    );
  });

  it('sets the share the slider is moved to', async () => {
    const { api, dialog } = await renderDialog('set');
    const slider = dialog.getByRole('slider');
    act(() => slider.focus());
    // each arrow key moves the slider by its step, 1 %
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    expect(
      dialog.getByRole('textbox', { name: 'Canary traffic (%)' }),
    ).toHaveValue('22');
    fireEvent.keyDown(slider, { key: 'End' });
    expect(
      dialog.getByRole('textbox', { name: 'Canary traffic (%)' }),
    ).toHaveValue('100');
    await userEvent.click(dialog.getByRole('button', { name: 'Set canary' }));
    expect(api.changeTraffic).toHaveBeenCalledWith(entityRef, {
      change: { kind: 'set', percent: 100 },
      resourceVersion,
    });
  });

  it.each([
    ['', 'Required: a whole number from 0 to 100'],
    ['12.5', 'Must be a whole number from 0 to 100, not "12.5"'],
    ['150', 'Must be from 0 to 100, not 150'],
    ['abc', 'Must be a whole number from 0 to 100, not "abc"'],
  ])('refuses %p before anything is sent', async (text, problem) => {
    const { api, dialog } = await renderDialog('set');
    const field = dialog.getByRole('textbox', { name: 'Canary traffic (%)' });
    await userEvent.clear(field);
    if (text) {
      await userEvent.type(field, text);
    }
    expect(field).toBeInvalid();
    expect(dialog.getByText(problem)).toBeInTheDocument();
    expect(dialog.queryByText(/^Canary traffic:/)).not.toBeInTheDocument();
    const confirm = dialog.getByRole('button', { name: 'Set canary' });
    expect(confirm).toBeDisabled();
    // what a click on the disabled button does: nothing (userEvent refuses to click it at all)
    fireEvent.click(confirm);
    expect(api.changeTraffic).not.toHaveBeenCalled();
  });

  it('shows a 409 with the backend’s message and offers to reload instead of trying again', async () => {
    const message =
      'InferenceService fraud-detection/fraud-detector changed meanwhile (resourceVersion 48213 is stale); reload and decide again';
    const api = createMockKserveApi({
      changeTraffic: jest
        .fn()
        .mockRejectedValue(await backstageError(409, 'ConflictError', message)),
    });
    const { dialog, onChanged, onReload } = await renderDialog('promote', api);
    await userEvent.click(dialog.getByRole('button', { name: 'Promote' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(dialog.getByRole('button', { name: 'Promote' })).toBeDisabled();
    expect(onChanged).not.toHaveBeenCalled();

    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload' }),
    );
    expect(onReload).toHaveBeenCalledTimes(1);
    expect(api.changeTraffic).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      403,
      'NotAllowedError',
      'user:default/guest may not update the canary of fraud-detector',
    ],
    [400, 'InputError', 'KServe has no canary rollout in RawDeployment mode'],
    [500, 'Error', 'connect ECONNREFUSED 10.0.0.1:6443'],
  ])(
    'shows a %p as what the backend said and stays open to try again',
    async (status, name, message) => {
      const api = createMockKserveApi({
        changeTraffic: jest
          .fn()
          .mockRejectedValueOnce(await backstageError(status, name, message))
          .mockResolvedValueOnce(servingOf(readyObject)),
      });
      const { dialog, onChanged, onClose } = await renderDialog(
        'rollback',
        api,
      );
      await userEvent.click(dialog.getByRole('button', { name: 'Roll back' }));

      expect(await dialog.findByRole('alert')).toHaveTextContent(message);
      expect(
        within(dialog.getByRole('alert')).queryByRole('button', {
          name: 'Reload',
        }),
      ).not.toBeInTheDocument();
      expect(onChanged).not.toHaveBeenCalled();
      expect(onClose).not.toHaveBeenCalled();

      await userEvent.click(dialog.getByRole('button', { name: 'Roll back' }));
      expect(onChanged).toHaveBeenCalledWith(
        servingOf(readyObject),
        expect.stringMatching(/^Rolled back/),
      );
    },
  );

  it('cancel sends nothing', async () => {
    const { api, dialog, onClose } = await renderDialog('promote');
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(api.changeTraffic).not.toHaveBeenCalled();
  });
});
