import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  canaryObject,
  cluster,
  clusterUiUrl,
  entityRef,
  failedObject,
  revision,
  servingOf,
} from '../../__fixtures__/data';
import { createMockKserveApi } from '../../__fixtures__/mockApi';
import {
  findOverview,
  renderServingContent,
} from '../../__testUtils__/renderServingContent';

// what CopyTextButton copies with (react-use's useCopyToClipboard); jsdom has no clipboard
jest.mock('copy-to-clipboard', () => jest.fn(() => true));
const copyToClipboard: jest.Mock = jest.requireMock('copy-to-clipboard');

jest.setTimeout(30_000);

describe('EntityKserveServingContent (legacy)', () => {
  it('shows the verdict, where it runs, the URL, the traffic split and the actions', async () => {
    const api = await renderServingContent();
    const head = within(await findOverview());
    expect(api.getServing).toHaveBeenCalledWith(entityRef);

    expect(
      head.getByText('Canary 20 %').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'running');
    expect(
      head.getByText(
        `Canary 20 %: ${revision(
          5,
        )} gets 20 % of traffic, 80 % stays on ${revision(4)}`,
      ),
    ).toBeInTheDocument();
    const facts = within(head.getByLabelText('Where it runs'));
    // the cluster links to its dashboard, from /clusters
    expect(await facts.findByRole('link', { name: cluster })).toHaveAttribute(
      'href',
      clusterUiUrl,
    );
    expect(
      facts.getByText('fraud-detection/fraud-detector'),
    ).toBeInTheDocument();
    expect(facts.getByText('Serverless')).toBeInTheDocument();
    expect(
      facts.getByRole('link', {
        name: 'https://fraud-detector.fraud-detection.example.com',
      }),
    ).toHaveAttribute(
      'href',
      'https://fraud-detector.fraud-detection.example.com',
    );
    expect(
      facts.getByText(
        'http://fraud-detector.fraud-detection.svc.cluster.local',
      ),
    ).toBeInTheDocument();
    expect(head.getByRole('img', { name: /^Traffic:/ })).toHaveAccessibleName(
      `Traffic: ${revision(4)} (stable, tag prev) 80 %, ${revision(
        5,
      )} (canary, tag latest) 20 %`,
    );
    const actions = within(head.getByRole('group', { name: 'Canary' }));
    expect(
      actions
        .getAllByRole('button')
        .map(b => [b.textContent, b.hasAttribute('disabled')]),
    ).toEqual([
      ['Promote', false],
      ['Roll back', false],
      ['Set canary', false],
    ]);
    // whose owners may change the traffic: the ingested model-server Component
    expect(
      head.getByRole('link', { name: 'fraud-detection/fraud-detector' }),
    ).toHaveAttribute(
      'href',
      '/catalog/fraud-detection/component/fraud-detector',
    );
  });

  it('copies the URL and the internal address', async () => {
    await renderServingContent();
    const head = within(await findOverview());
    await userEvent.click(head.getByRole('button', { name: 'Copy the URL' }));
    expect(copyToClipboard).toHaveBeenLastCalledWith(
      'https://fraud-detector.fraud-detection.example.com',
    );
    await userEvent.click(
      head.getByRole('button', { name: 'Copy the internal address' }),
    );
    expect(copyToClipboard).toHaveBeenLastCalledWith(
      'http://fraud-detector.fraud-detection.svc.cluster.local',
    );
  });

  it('lists the conditions with their messages, the False ones standing out', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({ serving: servingOf(failedObject) })),
      }),
    );
    const table = within(
      await screen.findByRole('table', { name: 'Conditions' }),
    );
    const rows = table.getAllByRole('row').slice(1);
    expect(
      rows.map(row =>
        within(row)
          .getAllByRole('cell')
          .slice(0, 4)
          .map(cell => cell.textContent),
      ),
    ).toEqual(
      ['IngressReady', 'PredictorReady', 'Ready'].map(type => [
        type,
        'False',
        'RevisionFailed',
        `Revision "${revision(
          6,
        )}" failed with message: Back-off restarting failed container.`,
      ]),
    );
    expect(rows.map(row => row.getAttribute('data-failing'))).toEqual([
      'true',
      'true',
      'true',
    ]);
    expect(
      within(rows[0]).getByText('False').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'error');
  });

  it('does not single out Stopped: False, which means running', async () => {
    await renderServingContent();
    const table = within(
      await screen.findByRole('table', { name: 'Conditions' }),
    );
    const rows = table.getAllByRole('row').slice(1);
    expect(
      rows.map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual([
      'IngressReady',
      'LatestDeploymentReady',
      'PredictorReady',
      'Ready',
      'Stopped',
    ]);
    expect(
      rows.every(row => row.getAttribute('data-failing') === 'false'),
    ).toBe(true);
    expect(
      within(rows[4]).getByText('False').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'ok');
  });

  it('shows the predictor, linking its models:/ URI to the MLflow model in the catalog', async () => {
    await renderServingContent();
    const predictor = within(await screen.findByLabelText('Predictor'));
    const facts = Object.fromEntries(
      predictor
        .getAllByRole('term')
        .map(term => [term.textContent, term.nextElementSibling?.textContent]),
    );
    expect(facts).toMatchObject({
      'Model format': 'sklearn 1.3',
      Runtime: 'kserve-sklearnserver',
      Protocol: 'v2 (Open Inference Protocol, REST)',
      Replicas: '1 to 3',
      'Canary traffic (spec)': '20 %',
    });
    expect(predictor.getByText('models:/fraud-detector/5')).toBeInTheDocument();
    expect(
      await predictor.findByRole('link', {
        name: 'MLflow model fraud-detector',
      }),
    ).toHaveAttribute('href', '/catalog/default/resource/fraud-detector');
  });

  it('shows a storage URI that names no registered model as text only', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({ serving: servingOf(failedObject) })),
      }),
    );
    const predictor = within(await screen.findByLabelText('Predictor'));
    expect(
      predictor.getByText('s3://models/fraud-detector/missing'),
    ).toBeInTheDocument();
    expect(predictor.queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows the model status with why the last load failed', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({ serving: servingOf(failedObject) })),
      }),
    );
    const status = within(await screen.findByLabelText('Model status'));
    expect(
      status.getByText('BlockedByFailedLoad').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'error');
    expect(status.getByText('FailedToLoad')).toBeInTheDocument();
    expect(status.getByText('2 of 2 failed')).toBeInTheDocument();
    const failure = screen.getByRole('alert', { name: 'Last failure' });
    expect(failure).toHaveTextContent('Last failure: ModelLoadFailed');
    expect(failure).toHaveTextContent(
      'no model found at s3://models/fraud-detector/missing',
    );
    expect(failure).toHaveTextContent(
      `in storage-initializer · exit code 1 · revision ${revision(
        5,
      )} · 2026-10-31`,
    );
    // nothing serves, so there is no URL yet
    expect(screen.getByText('not assigned yet')).toBeInTheDocument();
    expect(
      screen.getByText('Failed').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'error');
  });

  it('lists the recent events, newest first', async () => {
    await renderServingContent();
    const table = within(
      await screen.findByRole('table', { name: 'Recent events' }),
    );
    expect(
      table
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .slice(0, 4)
            .map(cell => cell.textContent),
        ),
    ).toEqual([
      [
        'Warning',
        'InternalError',
        'fails to reconcile predictor: the object has been modified · v1beta1Controllers',
        '3',
      ],
      [
        'Normal',
        'InferenceServiceReady',
        'InferenceService [fraud-detector] is Ready',
        '1',
      ],
    ]);
    expect(
      table.getByText('Warning').closest('[data-status-category]'),
    ).toHaveAttribute('data-status-category', 'warning');
  });

  it('says why the events could not be read, and shows the rest', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          serving: servingOf(canaryObject, {
            events: [],
            eventsError: 'events is forbidden: cannot list resource "events"',
          }),
        })),
      }),
    );
    expect(
      await screen.findByText(
        'The events could not be read: events is forbidden: cannot list resource "events"',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('No recent events.')).not.toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Conditions' }),
    ).toBeInTheDocument();
  });
});
