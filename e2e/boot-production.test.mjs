// Test tier 4: the backend started as in production — app-config.yaml + app-config.production.yaml,
// NODE_ENV=production, PostgreSQL and Redis on 127.0.0.1, OIDC discovery from the sandbox's
// stand-in issuer — starts and answers catalog queries from PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot, startProcess, waitForHttp } from './lib/processes.mjs';

const require = createRequire(
  join(repoRoot, 'packages', 'backend', 'package.json'),
);
const { Client } = require('pg');

const BACKEND_PORT = 7017;
const SANDBOX_PORT = 7117;
const BACKEND = `http://127.0.0.1:${BACKEND_PORT}`;
const token = randomBytes(24).toString('hex');
// Each run gets its own databases, dropped afterwards, so runs never see each other's state.
const databasePrefix = `mlops_boot_${randomBytes(4).toString('hex')}_`;
// Likewise a Redis namespace of its own, so only this run's cache entries are counted.
const redisNamespace = `mlops-boot-${randomBytes(4).toString('hex')}`;
const redisCli = (...args) =>
  execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', ...args], {
    encoding: 'utf8',
  });
const pg = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

let sandbox;
let backend;

before(
  async () => {
    sandbox = startProcess('boot-sandbox', 'npm', [
      'run',
      'sandbox',
      '--',
      '--port',
      String(SANDBOX_PORT),
    ]);
    await waitForHttp(`http://127.0.0.1:${SANDBOX_PORT}/__sandbox/healthz`, {
      processes: [sandbox],
    });
    backend = startProcess(
      'boot-backend',
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index.ts',
        '--config',
        '../../app-config.yaml',
        '--config',
        '../../app-config.production.yaml',
        '--config',
        '../../e2e/app-config.boot-test.yaml',
      ],
      {
        failurePattern: /Backend startup failed[^\n"]*/,
        cwd: join(repoRoot, 'packages', 'backend'),
        env: {
          NODE_ENV: 'production',
          APP_BASE_URL: BACKEND,
          BACKEND_BASE_URL: BACKEND,
          BACKEND_PORT: String(BACKEND_PORT),
          AUTH_SESSION_SECRET: randomBytes(24).toString('hex'),
          POSTGRES_HOST: pg.host,
          POSTGRES_PORT: String(pg.port),
          POSTGRES_USER: pg.user,
          POSTGRES_PASSWORD: pg.password,
          APP_CONFIG_backend_database_prefix: databasePrefix,
          APP_CONFIG_backend_cache_redis_client_namespace: redisNamespace,
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          OIDC_METADATA_URL: `http://127.0.0.1:${SANDBOX_PORT}/oidc/.well-known/openid-configuration`,
          OIDC_CLIENT_ID: 'mlops-portal',
          OIDC_CLIENT_SECRET: 'boot-test-secret',
          MLFLOW_BASE_URL: `http://127.0.0.1:${SANDBOX_PORT}/mlflow`,
          MLFLOW_TOKEN: 'unused',
          AIRFLOW_BASE_URL: `http://127.0.0.1:${SANDBOX_PORT}/airflow`,
          AIRFLOW_USERNAME: 'admin',
          AIRFLOW_PASSWORD: 'admin',
          KUBEFLOW_BASE_URL: `http://127.0.0.1:${SANDBOX_PORT}/kubeflow`,
          KUBEFLOW_TOKEN: 'sandbox-kfp-token',
          KUBERNETES_URL: `http://127.0.0.1:${SANDBOX_PORT}/kubernetes`,
          KUBERNETES_SERVICE_ACCOUNT_TOKEN: 'sandbox-k8s-token',
          BOOT_TEST_TOKEN: token,
        },
      },
    );
    await waitForHttp(`${BACKEND}/.backstage/health/v1/readiness`, {
      processes: [backend],
      accept: s => s === 200,
    });
  },
  { timeout: 300_000 },
);

after(async () => {
  await backend?.stop();
  await sandbox?.stop();
  const leftovers = redisCli('--scan', '--pattern', `${redisNamespace}:*`);
  for (const key of leftovers.split('\n').filter(Boolean)) {
    redisCli('DEL', key);
  }
  const client = new Client({ ...pg, database: 'postgres' });
  await client.connect();
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${databasePrefix}%`],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.end();
});

const api = path =>
  fetch(`${BACKEND}${path}`, { headers: { Authorization: `Bearer ${token}` } });

test('the catalog answers from PostgreSQL with the suite registered', async () => {
  const deadline = Date.now() + 120_000;
  let names = [];
  while (Date.now() < deadline) {
    const res = await api('/api/catalog/entities/by-query?filter=kind=system');
    assert.equal(res.status, 200);
    names = (await res.json()).items.map(e => e.metadata.name);
    if (names.includes('mlops-portal')) break;
    await new Promise(resolve => setTimeout(resolve, 1_000));
  }
  assert.ok(
    names.includes('mlops-portal'),
    `systems in the catalog: ${names.join(', ')}`,
  );

  const client = new Client({ ...pg, database: `${databasePrefix}catalog` });
  await client.connect();
  const { rows } = await client.query(
    "SELECT count(*)::int AS n FROM final_entities WHERE entity_ref = 'system:default/mlops-portal'",
  );
  await client.end();
  assert.equal(
    rows[0].n,
    1,
    'the entity is stored in the PostgreSQL catalog database',
  );
});

test('MLflow models are ingested, served, and cached in Redis', async () => {
  // The catalog provider's first run starts 15 s after boot.
  const deadline = Date.now() + 180_000;
  let res;
  while (Date.now() < deadline) {
    res = await api('/api/mlflow/entity/default/resource/fraud-detector/model');
    if (res.status === 200) break;
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  assert.equal(res.status, 200, `model route answered ${res.status}`);
  const { item, errors } = await res.json();
  assert.deepEqual(errors, []);
  assert.equal(item.name, 'fraud-detector');
  assert.equal(item.aliases.champion, '4');

  const keys = redisCli('--scan', '--pattern', `${redisNamespace}:*`)
    .split('\n')
    .filter(Boolean);
  assert.ok(
    keys.length > 0,
    `no cache entries under the ${redisNamespace} namespace in Redis`,
  );
});

test('Airflow DAGs are ingested with their owners and served (Airflow 3, its JWT)', async () => {
  // The Airflow provider's first run starts 15 s after boot, like the MLflow one.
  const deadline = Date.now() + 180_000;
  let dag;
  while (Date.now() < deadline) {
    const res = await api(
      '/api/catalog/entities/by-query?filter=spec.type=airflow-dag',
    );
    assert.equal(res.status, 200);
    dag = (await res.json()).items.find(
      e =>
        e.metadata.annotations?.['airflow.apache.org/dag-id'] ===
        'fraud_detection_training',
    );
    if (dag) break;
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  assert.ok(dag, 'the DAG fraud_detection_training was not ingested');
  assert.equal(dag.spec.owner, 'group:default/ml-platform');
  const res = await api(
    `/api/airflow/entity/default/resource/${dag.metadata.name}/dags`,
  );
  assert.equal(res.status, 200);
  const { items, errors } = await res.json();
  assert.deepEqual(errors, []);
  assert.equal(items[0].dagId, 'fraud_detection_training');
  assert.equal(
    items[0].authority.entityRef,
    `resource:default/${dag.metadata.name}`,
  );
});

test('Kubeflow pipelines are ingested and served (its bearer token)', async () => {
  // The Kubeflow provider's first run starts 15 s after boot, like the others.
  const deadline = Date.now() + 180_000;
  let pipeline;
  while (Date.now() < deadline) {
    const res = await api(
      '/api/catalog/entities/by-query?filter=spec.type=kubeflow-pipeline',
    );
    assert.equal(res.status, 200);
    pipeline = (await res.json()).items.find(
      e =>
        e.metadata.annotations?.['kubeflow.org/pipeline'] ===
        'fraud-detection-training',
    );
    if (pipeline) break;
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  assert.ok(pipeline, 'the pipeline fraud-detection-training was not ingested');
  // The demo's namespace mapping (app-config.yaml) gives the sandbox's namespace its team.
  assert.equal(pipeline.spec.owner, 'group:default/fraud-detection');
  const res = await api(
    `/api/kubeflow/entity/default/resource/${pipeline.metadata.name}/pipeline`,
  );
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.errors, []);
  assert.equal(body.pipeline.name, 'fraud-detection-training');
  assert.equal(
    body.pipeline.authority.entityRef,
    `resource:default/${pipeline.metadata.name}`,
  );
});

test('KServe InferenceServices are ingested from the kubernetes: cluster and served', async () => {
  const deadline = Date.now() + 180_000;
  let server;
  while (Date.now() < deadline) {
    const res = await api(
      '/api/catalog/entities/by-query?filter=spec.type=model-server',
    );
    assert.equal(res.status, 200);
    server = (await res.json()).items.find(
      e =>
        e.metadata.annotations?.['kserve.io/inference-service'] ===
        'fraud-detection/fraud-detector',
    );
    if (server) break;
    await new Promise(resolve => setTimeout(resolve, 2_000));
  }
  assert.ok(server, 'the InferenceService fraud-detector was not ingested');
  assert.equal(server.metadata.namespace, 'fraud-detection');
  assert.equal(server.spec.owner, 'group:default/fraud-detection');
  const res = await api(
    `/api/kserve/entity/fraud-detection/component/${server.metadata.name}/serving`,
  );
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.error, undefined);
  assert.equal(body.serving.inferenceService.verdict.kind, 'Canary');
  assert.equal(body.serving.inferenceService.verdict.canaryPercent, 20);
  assert.equal(
    body.serving.authority.entityRef,
    `component:fraud-detection/${server.metadata.name}`,
  );
});

test('the MLflow actions are MCP tools, and a read answers', async () => {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import(
    '@modelcontextprotocol/sdk/client/streamableHttp.js'
  );
  const client = new Client({ name: 'boot-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${BACKEND}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
    ),
  );
  try {
    const { tools } = await client.listTools();
    const names = tools.map(tool => tool.name);
    for (const name of ['mlflow.get-model', 'mlflow.set-model-alias']) {
      assert.ok(names.includes(name), `MCP tools: ${names.join(', ')}`);
    }
    const result = await client.callTool({
      name: 'mlflow.get-model',
      arguments: { entityRef: 'resource:default/fraud-detector' },
    });
    assert.ok(!result.isError, JSON.stringify(result.content));
    assert.match(JSON.stringify(result.content), /champion/);
  } finally {
    await client.close();
  }
});

test('requests without a token are refused, as in production', async () => {
  const res = await fetch(
    `${BACKEND}/api/catalog/entities/by-query?filter=kind=system`,
  );
  assert.equal(res.status, 401);
});

test('the OIDC provider is configured from the issuer metadata', async () => {
  const res = await fetch(`${BACKEND}/api/auth/oidc/start?env=production`, {
    redirect: 'manual',
  });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location'));
  assert.equal(location.origin, `http://127.0.0.1:${SANDBOX_PORT}`);
  assert.equal(location.searchParams.get('client_id'), 'mlops-portal');
});

test('the guest provider of the demo is not registered', async () => {
  // Registered but refusing (501) would mean production still carries the demo's guest config.
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh?env=production`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  assert.equal(res.status, 404);
});
