import { screen } from '@testing-library/react';
import { cluster, clusterUiUrl, plainEntity } from '../../__fixtures__/data';
import { backstageError } from '../../__fixtures__/errors';
import { createMockKserveApi } from '../../__fixtures__/mockApi';
import { renderServingContent } from '../../__testUtils__/renderServingContent';

jest.setTimeout(30_000);

describe('EntityKserveServingContent: empty and error states', () => {
  it('shows which cluster failed and why, with its dashboard, instead of the InferenceService', async () => {
    const api = await renderServingContent(
      createMockKserveApi({
        getServing: jest.fn(async () => ({
          error: {
            instance: cluster,
            message: `cluster '${cluster}': connect ECONNREFUSED 10.0.0.1:6443`,
          },
        })),
      }),
    );
    expect(
      // the warning panel puts "Warning:" in front of its title
      await screen.findByText(`KServe cluster '${cluster}' could not be read`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `cluster '${cluster}': connect ECONNREFUSED 10.0.0.1:6443`,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', {
        name: `Open the dashboard of ${cluster}`,
      }),
    ).toHaveAttribute('href', clusterUiUrl);
    expect(screen.getByText(`KServe on ${cluster}`)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(api.listClusters).toHaveBeenCalled();
  });

  it('shows a 404 as an empty state pointing at the annotations', async () => {
    await renderServingContent(
      createMockKserveApi({
        getServing: jest
          .fn()
          .mockRejectedValue(
            await backstageError(
              404,
              'NotFoundError',
              `InferenceService fraud-detection/fraud-detector not found on cluster '${cluster}'.`,
            ),
          ),
      }),
    );
    expect(
      await screen.findByText('No InferenceService to show'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not found on cluster 'dev-cluster'\. Check the/),
    ).toHaveTextContent(
      "InferenceService fraud-detection/fraud-detector not found on cluster 'dev-cluster'. Check the kserve.io/inference-service (namespace/name) and kserve.io/cluster annotations of this entity.",
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a malformed annotation (400) as an error with the backend’s message', async () => {
    const message =
      "Entity component:default/fraud-detection-model: annotation kserve.io/inference-service 'fraud-detector' is not namespace/name";
    await renderServingContent(
      createMockKserveApi({
        getServing: jest
          .fn()
          .mockRejectedValue(await backstageError(400, 'InputError', message)),
      }),
    );
    expect((await screen.findAllByText(message)).length).toBeGreaterThan(0);
    expect(
      screen.queryByText('No InferenceService to show'),
    ).not.toBeInTheDocument();
  });

  it('explains the missing annotation on an entity without it, reading nothing', async () => {
    const api = await renderServingContent(createMockKserveApi(), plainEntity);
    expect(
      await screen.findByText('kserve.io/inference-service', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(api.getServing).not.toHaveBeenCalled();
  });
});
