import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
import { mlflowApiRef } from '../../api/MlflowBackendApi';
import {
  annotatedEntity,
  model,
  model2x,
  promotedModel,
  target,
  uiUrl,
} from '../../__fixtures__/data';
import { createMockMlflowApi } from '../../__fixtures__/mockApi';
import { MlflowModelCard, MlflowModelCardProps } from './MlflowModelCard';
import { aliasProblem } from './PromoteAliasDialog';
import { mountedRoutes } from '../../__fixtures__/routes';

jest.setTimeout(30_000);

const entityRef = {
  kind: 'Component',
  namespace: 'default',
  name: 'fraud-detection-model',
};

async function renderCard(
  options: {
    api?: ReturnType<typeof createMockMlflowApi>;
    props?: MlflowModelCardProps;
  } = {},
) {
  const api = options.api ?? createMockMlflowApi();
  // Every test here is allowed: usePermission caches answers per permission and resource for
  // the whole file, so the denied case lives in MlflowModelCard.denied.test.tsx.
  const permissionApi = mockApis.permission({
    authorize: AuthorizeResult.ALLOW,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [mlflowApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={annotatedEntity}>
        <MlflowModelCard {...options.props} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  await screen.findByLabelText('Model versions');
  return { api };
}

function versionRows() {
  return within(screen.getByLabelText('Model versions'))
    .getAllByRole('row')
    .slice(1);
}

describe('MlflowModelCard', () => {
  it('shows the versions with status, aliases, tags, source run and creation time', async () => {
    const { api } = await renderCard();

    expect(api.getModel).toHaveBeenCalledWith(entityRef);
    expect(screen.getByText('Model fraud-detector')).toBeInTheDocument();
    expect(
      screen.getByText('Scores card transactions for fraud.'),
    ).toBeInTheDocument();
    const aliases = within(screen.getByLabelText('Aliases'));
    expect(aliases.getByText('challenger → v5')).toBeInTheDocument();
    expect(aliases.getByText('champion → v4')).toBeInTheDocument();
    expect(
      within(screen.getByLabelText('Tags')).getByText('owner: fraud-detection'),
    ).toBeInTheDocument();

    expect(versionRows()).toHaveLength(5);
    const v5 = within(versionRows()[0]);
    expect(v5.getByText('v5').closest('a')).toHaveAttribute(
      'href',
      `${uiUrl}/#/models/fraud-detector/versions/5`,
    );
    expect(v5.getByText('Ready')).toBeInTheDocument();
    expect(v5.getByText('challenger')).toBeInTheDocument();
    expect(v5.getByText('validated: true')).toBeInTheDocument();
    expect(v5.getByText('run5').closest('a')).toHaveAttribute(
      'href',
      `${uiUrl}/#/experiments/1/runs/run5`,
    );
    expect(v5.getByText(/^2025-01-05 \d\d:\d\d$/)).toBeInTheDocument();
    expect(within(versionRows()[1]).getByText('champion')).toBeInTheDocument();
    // MLflow 3 has no stages
    expect(
      within(screen.getByLabelText('Model versions')).queryByText('Stage'),
    ).not.toBeInTheDocument();
    expect(screen.getByLabelText('Open the model in MLflow')).toHaveAttribute(
      'href',
      model.url,
    );
  });

  it('shows stages on MLflow 2.x', async () => {
    const api = createMockMlflowApi({
      getModel: jest.fn().mockResolvedValue({
        target: { ...target, majorVersion: 2 },
        item: model2x,
        errors: [],
      }),
    });
    await renderCard({ api });
    expect(
      within(screen.getByLabelText('Model versions')).getByText('Stage'),
    ).toBeInTheDocument();
    expect(within(versionRows()[0]).getByText('Staging')).toBeInTheDocument();
    expect(
      within(versionRows()[1]).getByText('Production'),
    ).toBeInTheDocument();
  });

  it('lists the newest versions first and the rest on demand', async () => {
    await renderCard({ props: { maxVersions: 2 } });
    expect(versionRows()).toHaveLength(2);
    await userEvent.click(screen.getByText('Show all 5 versions'));
    expect(versionRows()).toHaveLength(5);
  });

  it('shows per-instance errors instead of the model', async () => {
    const api = createMockMlflowApi({
      getModel: jest.fn().mockResolvedValue({
        errors: [{ instance: 'sandbox', message: 'connect ECONNREFUSED' }],
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [mlflowApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <MlflowModelCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes },
    );
    expect(await screen.findByText('connect ECONNREFUSED')).toBeInTheDocument();
    expect(screen.queryByLabelText('Model versions')).not.toBeInTheDocument();
  });

  describe('promote', () => {
    it('is offered with permission and moves champion to the challenger on confirm', async () => {
      const api = createMockMlflowApi({
        setAlias: jest.fn().mockResolvedValue({ item: promotedModel }),
      });
      await renderCard({ api });

      await userEvent.click(await screen.findByText('Promote'));
      const dialog = within(await screen.findByRole('dialog'));
      expect(dialog.getByLabelText('Alias')).toHaveValue('champion');
      expect(dialog.getByLabelText('Version')).toHaveTextContent(
        'v5 (challenger)',
      );
      expect(dialog.getByTestId('promote-summary')).toHaveTextContent(
        'champion: v4 → v5',
      );

      await userEvent.click(dialog.getByText('Promote'));

      expect(api.setAlias).toHaveBeenCalledTimes(1);
      expect(api.setAlias).toHaveBeenCalledWith(entityRef, {
        alias: 'champion',
        version: '5',
      });
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      // the card shows the model as the write returned it
      expect(
        within(screen.getByLabelText('Aliases')).getByText('champion → v5'),
      ).toBeInTheDocument();
      expect(api.getModel).toHaveBeenCalledTimes(1);
    });

    it('promotes another alias and version when the user picks them', async () => {
      const { api } = await renderCard();
      await userEvent.click(await screen.findByText('Promote'));
      const dialog = within(await screen.findByRole('dialog'));

      const alias = dialog.getByLabelText('Alias');
      await userEvent.clear(alias);
      await userEvent.type(alias, 'staging');
      fireEvent.mouseDown(dialog.getByLabelText('Version'));
      fireEvent.click(await screen.findByRole('option', { name: 'v3' }));

      expect(dialog.getByTestId('promote-summary')).toHaveTextContent(
        'staging: none → v3',
      );
      await userEvent.click(dialog.getByText('Promote'));
      expect(api.setAlias).toHaveBeenCalledWith(entityRef, {
        alias: 'staging',
        version: '3',
      });
    });

    it('does nothing on cancel', async () => {
      const { api } = await renderCard();
      await userEvent.click(await screen.findByText('Promote'));
      const dialog = within(await screen.findByRole('dialog'));

      await userEvent.click(dialog.getByText('Cancel'));

      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(api.setAlias).not.toHaveBeenCalled();
      expect(
        within(screen.getByLabelText('Aliases')).getByText('champion → v4'),
      ).toBeInTheDocument();
    });

    it('shows why a promotion failed and keeps the dialog open', async () => {
      const forbidden = await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                "user:default/guest may not set aliases of 'fraud-detector'",
            },
            request: { method: 'POST', url: '/model/aliases' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      );
      const api = createMockMlflowApi({
        setAlias: jest.fn().mockRejectedValue(forbidden),
      });
      await renderCard({ api });
      await userEvent.click(await screen.findByText('Promote'));
      const dialog = within(await screen.findByRole('dialog'));

      await userEvent.click(dialog.getByText('Promote'));

      expect(
        await dialog.findByText(
          "user:default/guest may not set aliases of 'fraud-detector'",
        ),
      ).toBeInTheDocument();
      expect(screen.getByRole('dialog')).toBeInTheDocument();
      expect(
        within(screen.getByLabelText('Aliases')).getByText('champion → v4'),
      ).toBeInTheDocument();
    });

    it('refuses aliases MLflow would reject, and a move to where the alias already is', async () => {
      await renderCard();
      await userEvent.click(await screen.findByText('Promote'));
      const dialog = within(await screen.findByRole('dialog'));
      const alias = dialog.getByLabelText('Alias');

      await userEvent.clear(alias);
      await userEvent.type(alias, 'challenger');
      expect(
        dialog.getByText('The alias already points at this version.'),
      ).toBeInTheDocument();
      expect(dialog.getByText('Promote').closest('button')).toBeDisabled();

      await userEvent.clear(alias);
      await userEvent.type(alias, 'v2');
      expect(
        dialog.getByText("'v2' is reserved by MLflow"),
      ).toBeInTheDocument();
      expect(dialog.getByText('Promote').closest('button')).toBeDisabled();
    });
  });
});

describe('aliasProblem', () => {
  it('follows MLflow alias rules', () => {
    expect(aliasProblem('champion')).toBeUndefined();
    expect(aliasProblem('blue-green_2')).toBeUndefined();
    expect(aliasProblem('')).toBe('An alias is required');
    expect(aliasProblem('has space')).toMatch(/Only letters/);
    expect(aliasProblem('latest')).toMatch(/reserved/);
    expect(aliasProblem('V12')).toMatch(/reserved/);
    expect(aliasProblem('x'.repeat(256))).toMatch(/255/);
  });
});
