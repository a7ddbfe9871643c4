import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { kserveApiRef } from '../../api/KserveBackendApi';
import {
  cluster,
  degradedObject,
  modelServerEntity,
  plainEntity,
  resourceVersion,
  revision,
  servingOf,
} from '../../__fixtures__/data';
import { backstageError } from '../../__fixtures__/errors';
import { createMockKserveApi } from '../../__fixtures__/mockApi';
import { mountedRoutes } from '../../__fixtures__/routes';
import { KserveServingCard } from './KserveServingCard';

jest.setTimeout(30_000);

async function renderCard(
  api = createMockKserveApi(),
  entity: Entity = modelServerEntity,
) {
  await renderInTestApp(
    <TestApiProvider apis={[[kserveApiRef, api]]}>
      <EntityProvider entity={entity}>
        <KserveServingCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes },
  );
  return api;
}

describe('KserveServingCard', () => {
  it('shows the verdict, the URL and the traffic split of the model server', async () => {
    const api = await renderCard();
    const card = within(
      await screen.findByRole('region', {
        name: 'InferenceService fraud-detection/fraud-detector',
      }),
    );
    expect(api.getServing).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'fraud-detection',
      name: 'fraud-detector',
    });
    expect(screen.getByText('Serving')).toBeInTheDocument();
    expect(screen.getByText(`KServe on ${cluster}`)).toBeInTheDocument();
    expect(card.getByText('Canary 20 %')).toBeInTheDocument();
    expect(
      card.getByRole('link', {
        name: 'https://fraud-detector.fraud-detection.example.com',
      }),
    ).toBeInTheDocument();
    expect(
      card.getByRole('button', { name: 'Copy the URL' }),
    ).toBeInTheDocument();
    expect(
      card
        .getAllByRole('listitem')
        .map(li => li.textContent)
        .slice(0, 2),
    ).toEqual([
      `80 % stable · ${revision(4)} · tag prev`,
      `20 % canary · ${revision(5)} · tag latest`,
    ]);
    // healthy: no failing conditions to list, and the tab's tables are not on the card
    expect(
      card.queryByRole('list', { name: 'Failing conditions' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('lists the False conditions with their messages on a degraded model server', async () => {
    await renderCard(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          serving: servingOf(degradedObject),
        })),
      }),
    );
    const list = within(
      await screen.findByRole('list', { name: 'Failing conditions' }),
    );
    const message = `Revision "${revision(
      6,
    )}" failed with message: Back-off restarting failed container.`;
    expect(list.getAllByRole('listitem').map(li => li.textContent)).toEqual([
      `PredictorReady (RevisionFailed): ${message}`,
      `Ready (RevisionFailed): ${message}`,
    ]);
    expect(
      screen.getByText('Degraded').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'warning');
    expect(
      screen.getByText('Because of Ready: RevisionFailed'),
    ).toBeInTheDocument();
  });

  it('sets the canary from the card after the confirmation', async () => {
    const api = await renderCard();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Set canary' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    const field = dialog.getByRole('textbox', { name: 'Canary traffic (%)' });
    await userEvent.clear(field);
    await userEvent.type(field, '50');
    await userEvent.click(dialog.getByRole('button', { name: 'Set canary' }));
    expect(api.changeTraffic).toHaveBeenCalledWith(
      {
        kind: 'Component',
        namespace: 'fraud-detection',
        name: 'fraud-detector',
      },
      { change: { kind: 'set', percent: 50 }, resourceVersion },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByText(
        `Canary set to 50 %: ${revision(5)} gets 50 %, ${revision(4)} 50 %.`,
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend’s 404 as an empty state', async () => {
    const notFound = await backstageError(
      404,
      'NotFoundError',
      'InferenceService fraud-detection/fraud-detector not found.',
    );
    await renderCard(
      createMockKserveApi({
        getServing: jest.fn().mockRejectedValue(notFound),
      }),
    );
    expect(
      await screen.findByText('No InferenceService to show'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });

  it('explains the missing annotation on an entity without it, reading nothing', async () => {
    const api = await renderCard(createMockKserveApi(), plainEntity);
    expect(
      await screen.findByText('kserve.io/inference-service', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getServing).not.toHaveBeenCalled();
  });
});
