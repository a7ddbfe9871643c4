import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
import {
  MLFLOW_INSTANCE_PICKER,
  MlflowInstancePicker,
} from './MlflowInstancePicker';

jest.setTimeout(30_000);

const schema = {
  title: 'MLflow instance',
  type: 'string',
  default: '',
  description:
    'The MLflow instance (mlflow.instances in app-config) the experiment and model are created on',
};

function fieldProps(
  overrides: Partial<FieldExtensionComponentProps<string>> = {},
): FieldExtensionComponentProps<string> {
  return {
    onChange: jest.fn(),
    formData: '',
    schema,
    uiSchema: {},
    rawErrors: [],
    required: false,
    idSchema: { $id: 'root_mlflowInstance' },
    ...overrides,
  } as unknown as FieldExtensionComponentProps<string>;
}

/** The field with its value kept, as the scaffolder's form keeps it. */
function Stateful(props: {
  initial?: string;
  onChange: (value: string | undefined) => void;
}) {
  const [value, setValue] = useState<string | undefined>(props.initial ?? '');
  return (
    <MlflowInstancePicker
      {...fieldProps({
        formData: value,
        onChange: next => {
          props.onChange(next);
          setValue(next);
        },
      })}
    />
  );
}

async function render(
  element: JSX.Element,
  api = createMockMlflowApi(),
): Promise<typeof api> {
  await renderInTestApp(
    <TestApiProvider apis={[[mlflowApiRef, api]]}>{element}</TestApiProvider>,
  );
  return api;
}

const picker = () => screen.getByRole('button', { name: /MLflow instance/ });

describe('MlflowInstancePicker', () => {
  it('lists the configured instances, the default marked, and preselects it', async () => {
    const onChange = jest.fn();
    const api = await render(<Stateful onChange={onChange} />);

    await waitFor(() => expect(picker()).toHaveTextContent('prod (default)'));
    expect(onChange).toHaveBeenCalledWith('prod');
    expect(api.listInstances).toHaveBeenCalledTimes(1);
    expect(
      screen.getByText(
        'The MLflow instance (mlflow.instances in app-config) the experiment and model are created on',
      ),
    ).toBeInTheDocument();

    await userEvent.click(picker());
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(option => option.textContent)).toEqual([
      'prod (default)',
      'research',
      'legacy',
    ]);
  });

  it('answers the chosen instance’s name', async () => {
    const onChange = jest.fn();
    await render(<Stateful onChange={onChange} />);
    await waitFor(() => expect(picker()).toHaveTextContent('prod (default)'));

    await userEvent.click(picker());
    await userEvent.click(screen.getByRole('option', { name: 'research' }));

    expect(onChange).toHaveBeenLastCalledWith('research');
    expect(picker()).toHaveTextContent('research');
  });

  it('keeps an instance already chosen', async () => {
    const onChange = jest.fn();
    await render(<Stateful initial="legacy" onChange={onChange} />);

    await waitFor(() => expect(picker()).toHaveTextContent('legacy'));
    expect(picker()).not.toHaveAttribute('aria-disabled');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says so when the list cannot be loaded, and stays empty (the default instance)', async () => {
    const onChange = jest.fn();
    const api = createMockMlflowApi({
      listInstances: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'Error', message: 'backend unavailable' },
              response: { statusCode: 503 },
            }),
            { status: 503, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
    });
    await render(<MlflowInstancePicker {...fieldProps({ onChange })} />, api);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the MLflow instances: backend unavailable. Leave this empty to use the default instance.',
    );
    expect(picker()).toHaveTextContent('The default instance');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says so when no instance is configured', async () => {
    const onChange = jest.fn();
    await render(
      <MlflowInstancePicker {...fieldProps({ onChange })} />,
      createMockMlflowApi({
        listInstances: jest.fn(async () => ({ instances: [] })),
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'No MLflow instance is configured (mlflow.instances in app-config).',
    );
    expect(onChange).not.toHaveBeenCalled();
  });

  it('flags a value that is not a configured instance', async () => {
    await render(
      <MlflowInstancePicker {...fieldProps({ formData: 'nowhere' })} />,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "'nowhere' is not a configured MLflow instance.",
    );
    expect(picker()).toHaveTextContent('nowhere');
  });

  describe('in the scaffolder form', () => {
    const manifest = {
      title: 'ML model project',
      steps: [
        {
          title: 'Training',
          schema: {
            properties: {
              mlflowInstance: { ...schema, 'ui:field': MLFLOW_INSTANCE_PICKER },
            },
          },
        },
      ],
    };
    const extensions = [
      { name: MLFLOW_INSTANCE_PICKER, component: MlflowInstancePicker },
    ];

    // The stepper scrolls to the top on each step; jsdom does not implement scrolling.
    beforeEach(() => {
      jest.spyOn(window, 'scrollTo').mockImplementation(() => {});
    });
    afterEach(() => jest.restoreAllMocks());

    async function create(api: ReturnType<typeof createMockMlflowApi>) {
      const onCreate = jest.fn(async () => {});
      await render(
        <Stepper
          manifest={manifest}
          extensions={extensions}
          onCreate={onCreate}
        />,
        api,
      );
      return onCreate;
    }

    it('submits the default instance’s name', async () => {
      const onCreate = await create(createMockMlflowApi());
      await waitFor(() => expect(picker()).toHaveTextContent('prod (default)'));
      await userEvent.click(screen.getByRole('button', { name: 'Review' }));
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(onCreate).toHaveBeenCalledWith({ mlflowInstance: 'prod' });
    });

    it('still submits, with an empty value, when the list cannot be loaded', async () => {
      const onCreate = await create(
        createMockMlflowApi({
          listInstances: jest.fn(async () => {
            throw new Error('Failed to fetch');
          }),
        }),
      );
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Could not load the MLflow instances: Failed to fetch.',
      );
      await userEvent.click(screen.getByRole('button', { name: 'Review' }));
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(onCreate).toHaveBeenCalledWith({ mlflowInstance: '' });
    });
  });
});
