import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { InstanceErrorsPanel } from './InstanceErrorsPanel';

describe('InstanceErrorsPanel', () => {
  it('renders nothing without errors', async () => {
    const { container } = await renderInTestApp(
      <div data-testid="host">
        <InstanceErrorsPanel errors={[]} />
        <InstanceErrorsPanel errors={undefined} />
      </div>,
    );
    expect(
      container.querySelector('[data-testid="host"]'),
    ).toBeEmptyDOMElement();
  });

  it('names the one failing instance with its status and message', async () => {
    await renderInTestApp(
      <InstanceErrorsPanel
        systemTitle="MLflow"
        errors={[
          {
            instance: 'prod',
            status: 503,
            message: "MLflow instance 'prod' answered 503 Service Unavailable",
          },
        ]}
      />,
    );
    expect(
      screen.getByText("MLflow instance 'prod' could not be read", {
        exact: false,
      }),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Instance errors' });
    expect(within(list).getByText('prod · HTTP 503')).toBeInTheDocument();
    expect(
      within(list).getByText(
        "MLflow instance 'prod' answered 503 Service Unavailable",
      ),
    ).toBeInTheDocument();
  });

  it('lists every failing instance, without a status when there was no answer', async () => {
    await renderInTestApp(
      <InstanceErrorsPanel
        systemTitle="Airflow"
        errors={[
          { instance: 'eu', message: 'connect ECONNREFUSED' },
          {
            instance: 'us',
            status: 500,
            code: 'INTERNAL_ERROR',
            message: 'boom',
          },
        ]}
      />,
    );
    expect(
      screen.getByText('2 airflow instances could not be read', {
        exact: false,
      }),
    ).toBeInTheDocument();
    const items = within(
      screen.getByRole('list', { name: 'Instance errors' }),
    ).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('eu');
    expect(items[0]).not.toHaveTextContent('HTTP');
    expect(items[0]).toHaveTextContent('connect ECONNREFUSED');
    expect(items[1]).toHaveTextContent('us · HTTP 500 · INTERNAL_ERROR');
  });
});
