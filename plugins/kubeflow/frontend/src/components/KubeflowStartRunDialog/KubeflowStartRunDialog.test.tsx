import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import {
  annotatedEntity,
  entityRef,
  pipeline,
  versionOneId,
  versionTwoId,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { KubeflowStartRunDialog } from './KubeflowStartRunDialog';

jest.setTimeout(30_000);

async function renderDialog(
  api = createMockKubeflowApi(),
  pipelineVersionId?: string,
) {
  const onClose = jest.fn();
  const onCreated = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[kubeflowApiRef, api]]}>
      <EntityProvider entity={annotatedEntity}>
        <KubeflowStartRunDialog
          pipeline={pipeline}
          pipelineVersionId={pipelineVersionId}
          onClose={onClose}
          onCreated={onCreated}
        />
      </EntityProvider>
    </TestApiProvider>,
  );
  const dialog = within(await screen.findByRole('dialog'));
  return { api, onClose, onCreated, dialog };
}

type Dialog = ReturnType<typeof within>;

const field = (dialog: Dialog, name: string) =>
  dialog.getByRole('textbox', { name });

/** Replaces a field's text; paste, since user-event reads `{` and `[` as key names. */
async function fill(dialog: Dialog, name: string, text: string) {
  const input = field(dialog, name);
  await userEvent.clear(input);
  if (text) {
    await userEvent.click(input);
    await userEvent.paste(text);
  }
}

const start = (dialog: Dialog) =>
  userEvent.click(dialog.getByRole('button', { name: 'Start run' }));

describe('KubeflowStartRunDialog', () => {
  it('has a field per declared parameter of the newest version, typed, defaults filled, required marked', async () => {
    const { dialog } = await renderDialog();

    expect(
      dialog.getByRole('button', { name: /Pipeline version/ }),
    ).toHaveTextContent('v2 (newest)');
    const epochs = field(dialog, 'epochs');
    expect(epochs).toBeRequired();
    expect(epochs).toHaveValue('');
    expect(epochs).toHaveAttribute('inputmode', 'numeric');
    const rate = field(dialog, 'learning_rate');
    expect(rate).not.toBeRequired();
    expect(rate).toHaveValue('0.01');
    expect(rate).toHaveAttribute('inputmode', 'decimal');
    expect(
      dialog.getByText('Step size of the optimiser · Number'),
    ).toBeInTheDocument();
    expect(field(dialog, 'dataset')).toHaveValue(
      's3://fraud/transactions.parquet',
    );
    // a switch for a boolean, off as its default says
    expect(dialog.getByRole('checkbox', { name: 'use_gpu' })).not.toBeChecked();
    // JSON for lists and structs
    expect(field(dialog, 'features')).toHaveValue('[\n  "amount",\n  "mcc"\n]');
    expect(field(dialog, 'hyperparameters')).toHaveValue('');
    expect(
      dialog.getByText('JSON object, such as {"depth": 6}'),
    ).toBeInTheDocument();
  });

  it('sends the version, the name and the typed parameters, and hands back the run', async () => {
    const { api, dialog, onCreated } = await renderDialog();
    await userEvent.type(
      dialog.getByRole('textbox', { name: 'Run name' }),
      ' retrain ',
    );
    await fill(dialog, 'epochs', '20');
    await fill(dialog, 'learning_rate', '0.005');
    await userEvent.click(dialog.getByRole('checkbox', { name: 'use_gpu' }));
    await fill(dialog, 'features', '["amount", "mcc", "country"]');
    await fill(dialog, 'hyperparameters', '{"depth": 6, "eta": 0.3}');

    await start(dialog);

    expect(api.createRun).toHaveBeenCalledTimes(1);
    expect(api.createRun).toHaveBeenCalledWith(entityRef, {
      pipelineVersionId: versionTwoId,
      name: 'retrain',
      parameters: {
        epochs: 20,
        learning_rate: 0.005,
        dataset: 's3://fraud/transactions.parquet',
        use_gpu: true,
        features: ['amount', 'mcc', 'country'],
        hyperparameters: { depth: 6, eta: 0.3 },
      },
    });
    expect(onCreated).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'retrain', state: 'PENDING' }),
    );
  });

  it.each([
    ['epochs', 'ten', 'Must be an integer, such as 10, not "ten"'],
    ['epochs', '2.5', 'Must be a whole number, not 2.5'],
    ['learning_rate', 'fast', 'Must be a number, such as 0.01, not "fast"'],
    ['features', '{"amount": true}', 'Must be a JSON list, such as ["a", "b"]'],
    ['hyperparameters', '[6]', 'Must be a JSON object, such as {"depth": 6}'],
    ['hyperparameters', '{depth: 6}', 'Not valid JSON: '],
  ])(
    'refuses %s = %p before sending anything, and sends once it is fixed',
    async (name, text, problem) => {
      const { api, dialog, onCreated } = await renderDialog();
      await fill(dialog, 'epochs', '10');
      await fill(dialog, name, text);
      await start(dialog);

      expect(dialog.getByRole('alert')).toHaveTextContent(problem);
      expect(field(dialog, name)).toBeInvalid();
      expect(dialog.getByRole('button', { name: 'Start run' })).toBeDisabled();
      expect(api.createRun).not.toHaveBeenCalled();
      expect(onCreated).not.toHaveBeenCalled();

      await fill(dialog, name, name === 'epochs' ? '10' : '');
      expect(dialog.queryByRole('alert')).not.toBeInTheDocument();
      await start(dialog);
      expect(api.createRun).toHaveBeenCalledTimes(1);
    },
  );

  it('refuses a missing required parameter', async () => {
    const { api, dialog } = await renderDialog();
    await start(dialog);
    expect(dialog.getByRole('alert')).toHaveTextContent('Required: integer');
    expect(api.createRun).not.toHaveBeenCalled();
  });

  it('shows the server’s 400 and stays open for a correction', async () => {
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              "parameter 'epochs' must be an integer, got the string \"10\"; parameter 'extra' is not declared",
          },
          request: { method: 'POST', url: '/runs' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = createMockKubeflowApi({
      createRun: jest.fn().mockRejectedValue(refused),
    });
    const { dialog, onCreated, onClose } = await renderDialog(api);
    await fill(dialog, 'epochs', '10');
    await start(dialog);

    expect(
      await dialog.findByText(/parameter 'extra' is not declared/),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(field(dialog, 'epochs')).toHaveValue('10');
    expect(dialog.getByRole('button', { name: 'Start run' })).toBeEnabled();
    expect(onCreated).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows a 403 as what the backend said', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message:
              'user:default/guest may not start runs of fraud-detection-training',
          },
          request: { method: 'POST', url: '/runs' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const { dialog } = await renderDialog(
      createMockKubeflowApi({
        createRun: jest.fn().mockRejectedValue(forbidden),
      }),
    );
    await fill(dialog, 'epochs', '1');
    await start(dialog);
    expect(
      await dialog.findByText(
        'user:default/guest may not start runs of fraud-detection-training',
      ),
    ).toBeInTheDocument();
  });

  it('builds the fields of another version when it is picked, and sends that version', async () => {
    const { api, dialog } = await renderDialog(
      createMockKubeflowApi(),
      versionTwoId,
    );
    fireEvent.mouseDown(
      dialog.getByRole('button', { name: /Pipeline version/ }),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'v1' }));

    expect(field(dialog, 'epochs')).toBeInTheDocument();
    expect(
      dialog.queryByRole('textbox', { name: 'learning_rate' }),
    ).not.toBeInTheDocument();
    await fill(dialog, 'epochs', '3');
    await start(dialog);
    expect(api.createRun).toHaveBeenCalledWith(entityRef, {
      pipelineVersionId: versionOneId,
      parameters: { epochs: 3 },
    });
  });

  it('cancel sends nothing', async () => {
    const { api, dialog, onClose } = await renderDialog();
    await userEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(api.createRun).not.toHaveBeenCalled();
  });
});
