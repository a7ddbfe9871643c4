import type { UpstreamInstanceConfig } from '@mlops-portal/plugin-mlops-node';

/**
 * An instance config for tests, with the defaults `readInstanceConfigs` fills in except that
 * nothing is retried or cached (override what a test needs).
 *
 * @public
 */
export function mockUpstreamInstanceConfig<
  TExtra extends object = Record<never, never>,
>(
  overrides: Partial<UpstreamInstanceConfig> & TExtra = {} as TExtra,
): UpstreamInstanceConfig & TExtra {
  const name = overrides.name ?? 'prod';
  return {
    name,
    baseUrl: `https://${name}.upstream.example.com`,
    uiUrl: `https://${name}.upstream.example.com/ui`,
    auth: { type: 'none' },
    timeoutMs: 1_000,
    retries: 0,
    cacheTtlMs: 0,
    ...overrides,
  } as UpstreamInstanceConfig & TExtra;
}
