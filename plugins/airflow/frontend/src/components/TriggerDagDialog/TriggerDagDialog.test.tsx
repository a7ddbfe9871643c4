import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { airflowApiRef } from '../../api/AirflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  featuresDag,
  trainingDag,
} from '../../__fixtures__/data';
import { createMockAirflowApi } from '../../__fixtures__/mockApi';
import { TriggerDagDialog } from './TriggerDagDialog';

jest.setTimeout(30_000);

async function renderDialog(api = createMockAirflowApi(), dag = trainingDag) {
  const onClose = jest.fn();
  const onTriggered = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[airflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <TriggerDagDialog
          dag={dag}
          onClose={onClose}
          onTriggered={onTriggered}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
  const dialog = within(await screen.findByRole('dialog'));
  return { api, onClose, onTriggered, dialog };
}

/** Types into the conf editor; paste, since user-event reads `{` as a key name. */
async function typeConf(dialog: ReturnType<typeof within>, text: string) {
  const conf = dialog.getByLabelText('Conf (JSON object)');
  await userEvent.clear(conf);
  await userEvent.click(conf);
  await userEvent.paste(text);
}

describe('TriggerDagDialog', () => {
  it.each([
    ['{"epochs": 10,}', /^Conf is not valid JSON: /],
    [
      '[{"epochs": 10}]',
      'Conf must be a JSON object such as {"epochs": 10}, not an array',
    ],
    [
      '"epochs=10"',
      'Conf must be a JSON object such as {"epochs": 10}, not a string',
    ],
  ])(
    'refuses the conf %s with a clear message and sends nothing',
    async (text, message) => {
      const { api, dialog, onTriggered } = await renderDialog();
      await typeConf(dialog, text);
      await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));

      expect(dialog.getByRole('alert')).toHaveTextContent(message);
      expect(dialog.getByRole('button', { name: 'Trigger' })).toBeDisabled();
      expect(api.triggerRun).not.toHaveBeenCalled();
      expect(onTriggered).not.toHaveBeenCalled();

      // fixing it makes the dialog usable again
      await typeConf(dialog, '{"epochs": 10}');
      expect(dialog.queryByRole('alert')).not.toBeInTheDocument();
      await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));
      expect(api.triggerRun).toHaveBeenCalledWith(
        entityRef,
        trainingDag.dagId,
        {
          conf: { epochs: 10 },
        },
      );
    },
  );

  it('sends the conf, logical date and note, and hands back the new run', async () => {
    const { api, dialog, onTriggered } = await renderDialog();
    await typeConf(
      dialog,
      '{\n  "epochs": 10,\n  "features": ["amount", "mcc"]\n}',
    );
    fireEvent.change(dialog.getByLabelText('Logical date'), {
      target: { value: '2026-10-22T09:14' },
    });
    await userEvent.type(
      dialog.getByLabelText('Note'),
      '  retrain after the label fix ',
    );

    await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));

    expect(api.triggerRun).toHaveBeenCalledTimes(1);
    expect(api.triggerRun).toHaveBeenCalledWith(
      entityRef,
      'fraud_detection_training',
      {
        conf: { epochs: 10, features: ['amount', 'mcc'] },
        logicalDate: new Date(2026, 9, 22, 9, 14).toISOString(),
        note: 'retrain after the label fix',
      },
    );
    expect(onTriggered).toHaveBeenCalledWith(
      expect.objectContaining({ runId: 'manual__2026-10-23T10:00:00+00:00' }),
    );
  });

  it('sends an empty request when nothing is filled in', async () => {
    const { api, dialog } = await renderDialog();
    await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));
    expect(api.triggerRun).toHaveBeenCalledWith(
      entityRef,
      trainingDag.dagId,
      {},
    );
  });

  it('shows the backend’s InputError and stays open for a correction', async () => {
    const badConf = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: "conf.epochs must be at most 100 (Airflow's DAG params)",
          },
          request: { method: 'POST', url: '/runs' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = createMockAirflowApi({
      triggerRun: jest.fn().mockRejectedValue(badConf),
    });
    const { dialog, onTriggered, onClose } = await renderDialog(api);
    await typeConf(dialog, '{"epochs": 1000}');
    await userEvent.click(dialog.getByRole('button', { name: 'Trigger' }));

    expect(
      await dialog.findByText(
        "conf.epochs must be at most 100 (Airflow's DAG params)",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(dialog.getByLabelText('Conf (JSON object)')).toHaveValue(
      '{"epochs": 1000}',
    );
    expect(dialog.getByRole('button', { name: 'Trigger' })).toBeEnabled();
    expect(onTriggered).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('says a paused DAG’s run waits, and cancel sends nothing', async () => {
    const { api, dialog, onClose } = await renderDialog(
      createMockAirflowApi(),
      featuresDag,
    );
    expect(dialog.getByText(/The DAG is paused/)).toBeInTheDocument();
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(api.triggerRun).not.toHaveBeenCalled();
  });
});
