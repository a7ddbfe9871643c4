import { SandboxHttpError } from '../http/errors';
import { SandboxRoute, SystemAdapter, SystemRouter } from '../http/routes';
import { StatsRecorder } from '../http/stats';

/** The sandbox's own API: stats for benchmarks, reset, health. */
export function createAdminRouter(opts: {
  mount: string;
  table: SandboxRoute[];
  stats: StatsRecorder;
  reset: () => void;
  describe: () => Record<string, unknown>;
}) {
  const error = (status: number, message: string) =>
    new SandboxHttpError({ status, json: { error: message } });
  const adapter: SystemAdapter = {
    system: 'sandbox',
    mount: opts.mount,
    malformedBody: message => error(400, message),
    routeNotFound: () => error(404, 'not found'),
    internalError: message => error(500, message),
  };
  const r = new SystemRouter(adapter, opts.table, opts.stats);

  r.get('/healthz', () => ({ json: { status: 'ok', ...opts.describe() } }));
  r.get('/stats', () => ({ json: opts.stats.snapshot() }));
  r.post('/reset', () => {
    opts.reset();
    return { json: { status: 'reset' } };
  });

  return r.finish();
}
