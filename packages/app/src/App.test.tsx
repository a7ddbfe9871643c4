import { render, screen } from '@testing-library/react';
import App from './App';

function renderWithConfig(data: object) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [{ data, context: 'test' }] as any,
  };
  return render(App.createRoot());
}

const base = {
  app: { title: 'MLOps Portal' },
  backend: { baseUrl: 'http://localhost:7007' },
  techdocs: { storageUrl: 'http://localhost:7007/api/techdocs/static/docs' },
};

jest.setTimeout(30_000);

describe('App', () => {
  it('shows the guest sign-in of the demo', async () => {
    renderWithConfig({ ...base, auth: { environment: 'development' } });
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Single sign-on')).not.toBeInTheDocument();
  });
});
