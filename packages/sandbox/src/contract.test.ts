import {
  describeWithContracts,
  expectValid,
  loadHttpContract,
  validateInferenceService,
  validateInferenceServiceList,
  type ValidationResult,
} from '@mlops-portal/contract-testing';
import { Case, allCases } from './__testUtils__/cases';
import { mountAuth, send, testSandbox } from './__testUtils__/sandbox';
import { ROUTE_HEADER, Sandbox, SandboxRoute } from './index';

/**
 * Every route of the route table is called with story ids (plus paging, filter and
 * label-selector variants, and 4xx cases) and every response is validated against the
 * upstream contract of its mount. A route without a case fails the coverage test.
 */

/** Validates a Kubernetes reply: objects and lists against the CRD, errors as metav1.Status. */
function validateKubernetesBody(status: number, body: any): ValidationResult {
  if (status >= 400) {
    const ok =
      body?.kind === 'Status' &&
      body.apiVersion === 'v1' &&
      body.status === 'Failure' &&
      body.code === status &&
      typeof body.reason === 'string';
    return {
      valid: ok,
      errors: ok
        ? []
        : [
            {
              where: 'response body',
              message: `not a metav1.Status for ${status}: ${JSON.stringify(
                body,
              )}`,
            },
          ],
    };
  }
  if (body?.kind === 'InferenceServiceList')
    return validateInferenceServiceList(body);
  if (body?.kind === 'InferenceService') return validateInferenceService(body);
  return {
    valid: false,
    errors: [
      { where: 'response body', message: `unexpected kind ${body?.kind}` },
    ],
  };
}

/** Validates one exchange against the route's contract (none for discovery, OIDC, admin). */
function validateExchange(
  route: SandboxRoute,
  c: Case,
  exchange: {
    upstream: string;
    status: number;
    body: unknown;
    contentType?: string;
    headers: Record<string, string>;
  },
): ValidationResult[] {
  if (route.contract === 'kserve') {
    return [validateKubernetesBody(exchange.status, exchange.body)];
  }
  if (!route.contract) {
    return [];
  }
  const contract = loadHttpContract(route.contract);
  const results = [
    contract.validateResponse({
      method: c.method,
      path: exchange.upstream,
      status: exchange.status,
      body: exchange.body,
      contentType: exchange.contentType,
    }),
  ];
  if (!c.invalidRequest) {
    results.push(
      contract.validateRequest({
        method: c.method,
        path: exchange.upstream,
        body: c.body,
        headers: exchange.headers,
      }),
    );
  }
  return results;
}

describeWithContracts('sandbox responses follow the upstream contracts', () => {
  let sandbox: Sandbox;
  const covered = new Set<string>();
  let auth: Record<string, Record<string, string>>;

  beforeAll(async () => {
    sandbox = testSandbox();
    auth = await mountAuth(sandbox);
  });

  const cases: Case[] = allCases();

  it.each(cases.map(c => [`${c.method} ${c.url} → ${c.status}`, c] as const))(
    '%s',
    async (_title, c) => {
      // Each case starts from the seeded story, so writes in one case do not leak into others.
      sandbox.reset();
      const { res, headers, mount, upstream } = await send(sandbox, auth, c);
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: c.status,
      });
      const routeKey = res.headers[ROUTE_HEADER.toLowerCase()] as
        | string
        | undefined;
      expect(routeKey).toBeDefined();
      const route = sandbox.routes.find(
        r => r.mount === mount && `${r.method} ${r.path}` === routeKey,
      )!;
      expect(route).toBeDefined();
      if (res.status < 300) covered.add(`${route.mount} ${routeKey}`);
      const isJson = (res.headers['content-type'] ?? '').includes('json');
      const body = isJson ? res.body : res.text;

      // Routes outside every contract must at least assert something about their answer.
      expect(route.contract ?? c.check).toBeDefined();
      for (const result of validateExchange(route, c, {
        upstream,
        status: res.status,
        body,
        contentType: res.headers['content-type'],
        headers,
      })) {
        expectValid(result);
      }
      c.check?.(res.body, res.text);
    },
  );

  it('covers every route of the route table with a successful case', () => {
    const missing = sandbox.routes
      .map(r => `${r.mount} ${r.method} ${r.path}`)
      .filter(key => !covered.has(key));
    expect(missing).toEqual([]);
  });

  it('has a contract for every upstream route it claims to emulate', () => {
    const upstreamMounts = [
      '/mlflow',
      '/mlflow2',
      '/airflow',
      '/airflow2',
      '/kubeflow',
    ];
    const uncontracted = sandbox.routes.filter(
      (r: SandboxRoute) =>
        upstreamMounts.includes(r.mount) &&
        r.contract !== undefined &&
        r.contract !== 'kserve' &&
        !loadHttpContract(r.contract).findOperation(
          r.method,
          r.path.replace(/\{[^}]+\}/g, 'x'),
        ),
    );
    expect(uncontracted).toEqual([]);
  });
});
