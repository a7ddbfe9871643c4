import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResponseError } from '@backstage/errors';
import { formatTimestamp } from '@mlops-portal/plugin-mlops-react';
import { kubeflowApiRef } from '../../api/KubeflowBackendApi';
import {
  annotatedEntity,
  authorityRef,
  entityRef,
  pipeline,
  recurringRuns,
  target,
} from '../../__fixtures__/data';
import { createMockKubeflowApi } from '../../__fixtures__/mockApi';
import { KubeflowRecurringRunsTable } from './KubeflowRecurringRunsTable';

jest.setTimeout(30_000);

async function renderTable(api = createMockKubeflowApi()) {
  // Every test here is allowed: usePermission caches answers per permission and resource for
  // the whole file, so the denied case has a file of its own.
  const permissionApi = mockApis.permission({
    authorize: AuthorizeResult.ALLOW,
  });
  const authorize = jest.spyOn(permissionApi, 'authorize');
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kubeflowApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={annotatedEntity}>
        <KubeflowRecurringRunsTable pipeline={pipeline} />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByRole('table', { name: 'Kubeflow recurring runs' });
  return { api, authorize };
}

function row(name: string) {
  return within(screen.getByRole('link', { name }).closest('tr')!);
}

describe('KubeflowRecurringRunsTable', () => {
  it('shows each recurring run with its schedule, window, concurrency, version and link', async () => {
    const { api, authorize } = await renderTable();
    expect(api.getRecurringRuns).toHaveBeenCalledWith(entityRef);
    // asked first here: usePermission keeps the answer for the rest of the file
    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith({
        permission: expect.objectContaining({
          name: 'kubeflow.recurringRun.toggle',
        }),
        // the pipeline's kubeflow-pipeline Resource decides, not the Component the tab is on
        resourceRef: authorityRef,
      }),
    );

    const nightly = row('nightly training');
    expect(
      screen.getByRole('link', { name: 'nightly training' }),
    ).toHaveAttribute('href', recurringRuns[0].url);
    expect(nightly.getByText('cron 0 0 2 * * *')).toBeInTheDocument();
    expect(
      nightly.getByText(
        `from ${formatTimestamp(Date.parse('2026-10-01T00:00:00Z'))}`,
      ),
    ).toBeInTheDocument();
    expect(nightly.getByText('1')).toBeInTheDocument();
    expect(nightly.getByText('v2')).toBeInTheDocument();
    expect(
      nightly.getByLabelText('Open nightly training in Kubeflow Pipelines'),
    ).toHaveAttribute('href', recurringRuns[0].url);

    // a period, in words
    expect(
      row('feature refresh').getByText('every 6 hours'),
    ).toBeInTheDocument();
  });

  it('toggles with permission and shows the recurring run as the write answered', async () => {
    const { api } = await renderTable();
    const nightly = await screen.findByRole('checkbox', {
      name: 'Start runs on the schedule of nightly training',
    });
    expect(nightly).toBeChecked();
    expect(row('nightly training').getByText('Enabled')).toBeInTheDocument();

    await userEvent.click(nightly);

    expect(api.setRecurringRunEnabled).toHaveBeenCalledWith(
      entityRef,
      recurringRuns[0].recurringRunId,
      false,
    );
    await waitFor(() => expect(nightly).not.toBeChecked());
    expect(row('nightly training').getByText('Disabled')).toBeInTheDocument();
    // shown as the write answered, not read again
    expect(api.getRecurringRuns).toHaveBeenCalledTimes(1);

    const refresh = screen.getByRole('checkbox', {
      name: 'Start runs on the schedule of feature refresh',
    });
    await userEvent.click(refresh);
    expect(api.setRecurringRunEnabled).toHaveBeenLastCalledWith(
      entityRef,
      recurringRuns[1].recurringRunId,
      true,
    );
    await waitFor(() => expect(refresh).toBeChecked());
    // the first toggle's answer is kept
    expect(nightly).not.toBeChecked();
  });

  it('shows why a toggle failed and keeps the switch as it was', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'user:default/guest may not toggle nightly training',
          },
          request: { method: 'POST', url: '/enabled' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    await renderTable(
      createMockKubeflowApi({
        setRecurringRunEnabled: jest.fn().mockRejectedValue(forbidden),
      }),
    );
    const nightly = await screen.findByRole('checkbox', {
      name: 'Start runs on the schedule of nightly training',
    });
    await userEvent.click(nightly);
    expect(
      await screen.findByText(
        'user:default/guest may not toggle nightly training',
      ),
    ).toBeInTheDocument();
    expect(nightly).toBeChecked();
  });

  it('says when there are no recurring runs', async () => {
    await renderTable(
      createMockKubeflowApi({
        getRecurringRuns: jest
          .fn()
          .mockResolvedValue({ target, items: [], errors: [] }),
      }),
    );
    expect(
      screen.getByText(
        'No recurring runs: runs start only when someone starts them.',
      ),
    ).toBeInTheDocument();
  });
});
