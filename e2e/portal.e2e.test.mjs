// Test tier 5: `npm start` (sandbox + backend + app) driven by Debian's Chromium through
// playwright-core. Screenshots land in e2e/artifacts/ (git-ignored, kept by CI).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { artifactsDir, startProcess, waitForHttp } from './lib/processes.mjs';

const APP = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';
const SANDBOX = 'http://127.0.0.1:7100';
const GIT_HOST = 'http://127.0.0.1:7101';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KFP_TOKEN = 'sandbox-kfp-token';

let portal;
let browser;
let page;

before(
  async () => {
    assert.ok(
      existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM} (apt-get install chromium)`,
    );
    for (const url of [
      APP,
      `${BACKEND}/.backstage/health/v1/readiness`,
      `${SANDBOX}/__sandbox/healthz`,
      `${GIT_HOST}/api/v1/version`,
    ]) {
      const answered = await fetch(url).then(
        () => true,
        () => false,
      );
      assert.ok(
        !answered,
        `${url} already answers: stop the running portal before the end-to-end tier`,
      );
    }
    portal = startProcess('npm-start', 'npm', ['start'], {
      failurePattern: /Backend startup failed[^\n"]*/,
    });
    await waitForHttp(`${SANDBOX}/__sandbox/healthz`, { processes: [portal] });
    await waitForHttp(`${GIT_HOST}/api/v1/version`, { processes: [portal] });
    await waitForHttp(`${BACKEND}/.backstage/health/v1/readiness`, {
      processes: [portal],
      accept: s => s === 200,
    });
    // The dev server answers before its first bundle is ready; the page load below waits for it.
    await waitForHttp(APP, {
      processes: [portal],
      timeoutMs: 600_000,
      accept: s => s === 200,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(120_000);
  },
  { timeout: 900_000 },
);

after(async () => {
  await browser?.close();
  await portal?.stop();
});

/** Reloads `url` until `text` shows, for what the catalog ingests on its own schedule. */
async function showsWithin(url, text, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    const shown = await page
      .getByText(text)
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (shown) return;
    assert.ok(Date.now() < deadline, `${url} never showed '${text}'`);
    await new Promise(resolve => setTimeout(resolve, 5_000));
  }
}

const screenshot = name =>
  page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });

/** A full-page screenshot from the top: scrolled, the fixed sidebar is drawn mid-page. */
async function screenshotFromTop(name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(name);
}

/** Reads the sandbox's Kubeflow Pipelines API (v2beta1) as the portal does, with its token. */
async function kfp(path) {
  const response = await fetch(`${SANDBOX}/kubeflow/apis/v2beta1${path}`, {
    headers: { Authorization: `Bearer ${KFP_TOKEN}` },
  });
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}

/** How many requests the sandbox's Kubeflow has answered on one route, e.g. `POST /apis/v2beta1/runs`. */
async function kfpRequests(route) {
  const stats = await fetch(`${SANDBOX}/__sandbox/stats`).then(res =>
    res.json(),
  );
  return stats.systems.kubeflow?.routes[route] ?? 0;
}

test('the guest signs in and lands on the catalog', async () => {
  await page.goto(APP);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('link', { name: 'Create', exact: true })
    .first()
    .waitFor();
  await page
    .getByRole('heading', { name: /Catalog/ })
    .first()
    .waitFor();
  await screenshot('01-signed-in');
});

test('the catalog lists the suite itself: its System, its Components and the templates location', async () => {
  await page.goto(`${APP}/?filters[kind]=system&filters[user]=all`);
  await page.getByRole('link', { name: 'MLOps Portal', exact: true }).waitFor();
  await screenshot('02-catalog-systems');

  await page.goto(`${APP}/?filters[kind]=component&filters[user]=all`);
  for (const component of [
    'Portal backend',
    'Portal app',
    'Demo MLOps stack (sandbox)',
  ]) {
    await page.getByRole('link', { name: component, exact: true }).waitFor();
  }
  await screenshot('03-catalog-components');

  await page.goto(`${APP}/?filters[kind]=location&filters[user]=all`);
  await page.getByText('MLOps Portal templates').first().waitFor();
  await screenshot('04-catalog-locations');
});

test("the suite's System page shows its owner and its components", async () => {
  await page.goto(`${APP}/catalog/default/system/mlops-portal`);
  await page.getByRole('heading', { name: 'MLOps Portal' }).first().waitFor();
  await page
    .getByRole('link', { name: 'MLOps Portal maintainers' })
    .first()
    .waitFor();
  await page.getByRole('link', { name: 'Portal backend' }).first().waitFor();
  await screenshot('05-system-page');
});

test("the suite's TechDocs are built from docs/ and rendered", async () => {
  // The local generator runs mkdocs on first visit (or the prebuilder already is), which takes a
  // while; when the two race, the reader can miss the end of the build, so reload until it shows.
  await showsWithin(
    `${APP}/docs/default/system/mlops-portal`,
    'Install into your Backstage',
    420_000,
  );
  await page.getByRole('heading', { name: 'MLOps Portal' }).first().waitFor();
  await page.getByText('Install into your Backstage').first().waitFor();
  // The reader keeps the page behind a progress bar until every stylesheet has loaded.
  await page.getByRole('progressbar').first().waitFor({ state: 'hidden' });
  await screenshot('06-techdocs');
});

test("the demo model project's MLflow tab shows its model, its runs and a metric chart", async () => {
  await page.goto(
    `${APP}/catalog/default/component/fraud-detection-model/mlflow`,
  );
  // The registered model with its aliases, read from the sandbox's MLflow through the backend.
  await page.getByText('Model fraud-detector').waitFor();
  await page.getByText('champion → v4').waitFor();
  await page.getByText('challenger → v5').waitFor();
  // The experiment's runs, paged.
  const compare = page.getByRole('checkbox', { name: /Compare run/ });
  await compare.first().waitFor();
  assert.equal(await compare.count(), 25);
  await screenshot('07-mlflow-tab');
  // Two runs compared on a chart, steps on x.
  await compare.nth(1).check();
  await compare.nth(2).check();
  await page.getByText('2 runs compared').waitFor();
  await page.locator('.recharts-line').nth(1).waitFor();
  await page.getByText('Metric history').scrollIntoViewIfNeeded();
  await screenshot('08-mlflow-metric-chart');
});

test('an owner promotes the challenger to champion after confirming', async () => {
  await page.goto(
    `${APP}/catalog/default/component/fraud-detection-model/mlflow`,
  );
  await page.getByRole('button', { name: 'Promote' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('champion: v4 → v5').waitFor();
  await screenshot('09-mlflow-promote-dialog');
  await dialog.getByRole('button', { name: 'Promote' }).click();
  await page.getByText('champion → v5').waitFor();
  await screenshot('10-mlflow-promoted');
});

test('the promote action is not offered on a model the guest does not own', async () => {
  await page.goto(
    `${APP}/catalog/default/component/churn-prediction-model/mlflow`,
  );
  await page.getByText('Model churn-predictor').waitFor();
  await page.getByText('champion → v2').waitFor();
  // The permission check is a request of its own; let it answer before looking for the button.
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getByRole('button', { name: 'Promote' }).count(), 0);
  await screenshot('11-mlflow-not-owner');
});

test('registered models are in the catalog as ml-model Resources with their owners', async () => {
  await page.goto(`${APP}/catalog/default/resource/fraud-detector`);
  await page.getByRole('heading', { name: 'fraud-detector' }).first().waitFor();
  await page.getByText('ml-model').first().waitFor();
  await page.getByRole('link', { name: 'Fraud detection' }).first().waitFor();
  // The model card on the overview of the ingested entity.
  await page.getByText('Model fraud-detector').waitFor();
  await screenshot('12-mlflow-model-entity');
});

test("an owner triggers the demo DAG from its entity page's Airflow tab and sees the run", async () => {
  const url = `${APP}/catalog/default/component/fraud-detection-model/airflow`;
  // Trigger is offered once the Airflow provider has ingested the DAG with its owner
  // (fraud-detection, the guest's team): reload until then.
  const dag = page.getByRole('region', {
    name: 'DAG fraud_detection_training',
  });
  const triggerButton = dag.getByRole('button', {
    name: 'Trigger',
    exact: true,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(url);
    await dag.waitFor();
    const offered = await triggerButton.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (offered) break;
    assert.ok(Date.now() < deadline, 'Trigger was never offered to the guest');
    await new Promise(resolve => setTimeout(resolve, 5_000));
  }
  // What one view of the tab asks of the backend (recorded in bench/RESULTS.md).
  const asked = [];
  const count = request => {
    const { pathname } = new URL(request.url());
    if (
      pathname.startsWith('/api/airflow/') ||
      pathname.startsWith('/api/permission/')
    ) {
      asked.push(pathname.split('/').slice(0, 3).join('/'));
    }
  };
  page.on('request', count);
  await page.reload();
  await triggerButton.waitFor();
  await page.waitForLoadState('networkidle');
  page.off('request', count);
  const airflowRequests = asked.filter(p => p === '/api/airflow').length;
  console.log(
    `Airflow tab, one view: ${airflowRequests} requests to /api/airflow, ${
      asked.length - airflowRequests
    } to /api/permission`,
  );
  assert.ok(airflowRequests >= 1, `asked: ${asked.join(', ')}`);
  await dag.getByText('At 02:00').first().waitFor();
  await screenshot('13-airflow-tab');
  await triggerButton.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Conf (JSON object)').fill('{"lookback_days": 30}');
  await dialog.getByLabel('Note').fill('from the end-to-end test');
  await dialog.getByRole('button', { name: 'Trigger' }).click();
  // The new run: its id on the card, then in the sandbox's Airflow with the guest in its note.
  await dag
    .getByText(/^manual__/)
    .first()
    .waitFor();
  await screenshot('14-airflow-triggered');
  const runs = await fetch(
    `${SANDBOX}/airflow2/api/v1/dags/fraud_detection_training/dagRuns?order_by=-execution_date&limit=1`,
    {
      headers: {
        Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      },
    },
  ).then(res => res.json());
  const [latest] = runs.dag_runs;
  assert.match(latest.dag_run_id, /^manual__/);
  assert.deepEqual(latest.conf, { lookback_days: 30 });
  assert.equal(
    latest.note,
    'Triggered from Backstage by user:default/guest: from the end-to-end test',
  );
});

test("an owner opens the demo pipeline's Kubeflow tab, reads a run's task graph and starts a run", async () => {
  const url = `${APP}/catalog/default/component/fraud-detection-model/kubeflow`;
  // Start run is offered once the Kubeflow provider has ingested the pipeline with its owner
  // (fraud-detection, by the demo's kubeflow.catalog.namespaceOwners): reload until then.
  const pipeline = page.getByRole('region', {
    name: 'Pipeline fraud-detection-training',
  });
  const startButton = pipeline.getByRole('button', {
    name: 'Start run',
    exact: true,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(url);
    await pipeline.waitFor();
    const offered = await startButton.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (offered) break;
    assert.ok(
      Date.now() < deadline,
      'Start run was never offered to the guest',
    );
    await new Promise(resolve => setTimeout(resolve, 5_000));
  }
  // What one view of the tab asks of the backend.
  const asked = [];
  const count = request => {
    const { pathname } = new URL(request.url());
    if (
      pathname.startsWith('/api/kubeflow/') ||
      pathname.startsWith('/api/permission/')
    ) {
      asked.push(pathname.split('/').slice(0, 3).join('/'));
    }
  };
  page.on('request', count);
  await page.reload();
  await startButton.waitFor();
  const runs = page.getByRole('table', { name: 'Kubeflow runs' });
  await runs.getByRole('row').nth(1).waitFor();
  await page.waitForLoadState('networkidle');
  page.off('request', count);
  const kubeflowRequests = asked.filter(p => p === '/api/kubeflow').length;
  console.log(
    `Kubeflow tab, one view: ${kubeflowRequests} requests to /api/kubeflow, ${
      asked.length - kubeflowRequests
    } to /api/permission`,
  );
  assert.ok(kubeflowRequests >= 1, `asked: ${asked.join(', ')}`);

  // The pipeline: its name (linking to the KFP UI), its description, its newest version's
  // declared parameters, the owners' entity that decides who may start runs, and its versions.
  await pipeline
    .getByRole('heading', { name: /^fraud-detection-training/ })
    .waitFor();
  await pipeline
    .getByText(/^Trains the fraud-detector XGBoost model/)
    .waitFor();
  assert.deepEqual(
    await pipeline
      .getByRole('list', { name: 'Parameters of v3' })
      .getByRole('listitem')
      .allTextContents(),
    [
      'lookback_days number_integer, default 90',
      'feature_view string, default "transaction_features"',
      'registered_model string, required',
    ],
  );
  const links = pipeline.getByRole('link', {
    name: 'fraud-detection-training',
    exact: true,
  });
  assert.match(
    await links.first().getAttribute('href'),
    /^http:\/\/127\.0\.0\.1:7100\/kubeflow\/#\/pipelines\/details\//,
  );
  await pipeline
    .getByText(/^Runs are started and recurring runs switched by the owners of/)
    .waitFor();
  assert.equal(
    await links.last().getAttribute('href'),
    '/catalog/default/resource/fraud-detection-training',
  );
  const versionPicker = pipeline.getByRole('button', { name: 'Version' });
  assert.equal(await versionPicker.textContent(), 'v3 (newest)');
  await versionPicker.click();
  const versions = page.getByRole('listbox');
  assert.deepEqual(await versions.getByRole('option').allTextContents(), [
    'v3 (newest)',
    'v2',
    'v1',
  ]);
  await page.keyboard.press('Escape');
  await versions.waitFor({ state: 'hidden' });

  // The story's runs of the pipeline, newest first: tonight's still running, nine succeeded.
  const rows = runs.getByRole('row');
  assert.equal(await rows.count(), 11); // the header and ten runs
  const tonight = rows.nth(1);
  await tonight.getByText('Running', { exact: true }).waitFor();
  await tonight
    .getByRole('button', { name: 'fraud-detection-nightly-2026-10-31' })
    .waitFor();
  assert.equal(
    await runs
      .getByRole('row')
      .filter({ has: page.getByText('Succeeded', { exact: true }) })
      .count(),
    9,
  );
  // v3 since 2026-10-25, v2 before
  await rows
    .filter({ hasText: 'fraud-detection-nightly-2026-10-25' })
    .getByRole('cell', { name: 'v3', exact: true })
    .waitFor();
  await rows
    .filter({ hasText: 'fraud-detection-nightly-2026-10-24' })
    .getByRole('cell', { name: 'v2', exact: true })
    .waitFor();
  await page
    .getByRole('table', { name: 'Kubeflow recurring runs' })
    .getByRole('link', { name: 'fraud-detection-nightly', exact: true })
    .waitFor();
  await screenshotFromTop('15-kubeflow-tab');

  // Tonight's run: its task graph, the version's tasks in a chain, each with its state.
  await tonight
    .getByRole('button', { name: 'fraud-detection-nightly-2026-10-31' })
    .click();
  await page.waitForURL(/[?&]run=/);
  const graph = page.getByRole('img', {
    name: 'Task graph of fraud-detection-nightly-2026-10-31: 5 tasks',
  });
  await graph.waitFor();
  const expectedTasks = {
    'ingest-transactions': 'Succeeded',
    'feature-engineering': 'Succeeded',
    'train-xgboost': 'Running',
    'evaluate-model': 'Not started',
    'register-model': 'Not started',
  };
  for (const [task, state] of Object.entries(expectedTasks)) {
    const node = graph.locator(`[data-task-id="${task}"]`);
    await node.getByText(task, { exact: true }).waitFor();
    await node.getByText(state, { exact: true }).waitFor();
  }
  assert.equal(await graph.getByTestId('edge').count(), 4);
  // The same tasks as a table, for screen readers.
  const tasks = page.getByRole('table', {
    name: 'Tasks of fraud-detection-nightly-2026-10-31',
  });
  await tasks
    .getByRole('row')
    .filter({ hasText: 'train-xgboost' })
    .getByText('feature-engineering')
    .waitFor();
  await page.waitForLoadState('networkidle');
  await screenshotFromTop('16-kubeflow-run-graph');

  // Start a run: the dialog is built from v3's declared parameters, the defaults filled in,
  // and refuses to send anything while the required registered_model is empty.
  const runsCreated = await kfpRequests('POST /apis/v2beta1/runs');
  await startButton.click();
  const dialog = page.getByRole('dialog', {
    name: 'Start a run of fraud-detection-training',
  });
  await dialog.waitFor();
  assert.equal(
    await dialog.getByRole('textbox', { name: 'lookback_days' }).inputValue(),
    '90',
  );
  assert.equal(
    await dialog.getByRole('textbox', { name: 'feature_view' }).inputValue(),
    'transaction_features',
  );
  const registeredModel = dialog.getByRole('textbox', {
    name: 'registered_model',
  });
  assert.equal(await registeredModel.inputValue(), '');
  const confirm = dialog.getByRole('button', { name: 'Start run' });
  await confirm.click();
  await dialog
    .getByRole('alert')
    .filter({ hasText: 'Required: text' })
    .waitFor();
  assert.ok(await confirm.isDisabled());
  await registeredModel.fill('fraud-detector');
  await dialog.getByRole('textbox', { name: 'lookback_days' }).fill('30');
  await dialog.getByRole('textbox', { name: 'Run name' }).fill('e2e-retrain');
  await dialog.getByRole('alert').first().waitFor({ state: 'detached' });
  await screenshot('17-kubeflow-start-run-dialog');
  assert.equal(
    await kfpRequests('POST /apis/v2beta1/runs'),
    runsCreated,
    'nothing was sent while registered_model was missing',
  );
  await confirm.click();
  await dialog.waitFor({ state: 'hidden' });

  // The new run: said started, first in the runs table, and opened with its (not started) tasks.
  await pipeline
    .getByRole('alert')
    .filter({ hasText: 'Started run e2e-retrain (PENDING)' })
    .waitFor();
  const newRun = runs.getByRole('row').nth(1);
  await newRun.getByRole('button', { name: 'e2e-retrain' }).waitFor();
  await newRun.getByText('Pending', { exact: true }).waitFor();
  assert.equal(await runs.getByRole('row').count(), 12);
  const newGraph = page.getByRole('img', {
    name: 'Task graph of e2e-retrain: 5 tasks',
  });
  await newGraph.waitFor();
  await newGraph
    .locator('[data-task-id="train-xgboost"]')
    .getByText('Not started')
    .waitFor();
  await page.waitForLoadState('networkidle');
  await screenshotFromTop('18-kubeflow-run-started');

  // Upstream: one run created, of v3, in the instance's default experiment, with the parameters.
  const runId = new URL(page.url()).searchParams.get('run');
  assert.ok(runId, `the run view is linked: ${page.url()}`);
  assert.equal(await kfpRequests('POST /apis/v2beta1/runs'), runsCreated + 1);
  const run = await kfp(`/runs/${runId}`);
  assert.equal(run.display_name, 'e2e-retrain');
  assert.deepEqual(run.runtime_config.parameters, {
    lookback_days: 30,
    feature_view: 'transaction_features',
    registered_model: 'fraud-detector',
  });
  const { pipeline_id: pipelineId } = await kfp(
    '/pipelines/names/fraud-detection-training',
  );
  const { pipeline_versions: pipelineVersions } = await kfp(
    `/pipelines/${pipelineId}/versions`,
  );
  assert.deepEqual(run.pipeline_version_reference, {
    pipeline_id: pipelineId,
    pipeline_version_id: pipelineVersions.find(v => v.display_name === 'v3')
      .pipeline_version_id,
  });
  const { experiments } = await kfp('/experiments');
  assert.equal(
    run.experiment_id,
    experiments.find(e => e.display_name === 'Default').experiment_id,
  );
});

/**
 * Fills the ML model project template's form page by page, as a user would, and creates the
 * project; `shots` names the screenshots taken on the way (each optional).
 */
async function createModelProject({
  name,
  description,
  orchestrator,
  featureStore = false,
  canaryPercent,
  shots = {},
}) {
  await page.goto(`${APP}/create`);
  await page.getByText('ML model project').first().waitFor();
  if (shots.list) await screenshot(shots.list);
  await page
    .locator('article')
    .filter({ hasText: 'ML model project' })
    .getByRole('button', { name: 'Choose' })
    .click();

  // Project
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill(description);
  // OwnerPicker: an autocomplete over the catalog's groups and users, by title.
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.pressSequentially('fraud', { delay: 50 });
  await page.getByRole('option', { name: 'Fraud detection' }).first().click();
  if (shots.project) await screenshot(shots.project);
  await page.getByRole('button', { name: 'Next' }).click();

  // Training: scikit-learn (the default) on the orchestrator asked for (Airflow by default)
  const runsOn = page.getByRole('button', { name: /^Pipeline runs on/ });
  await runsOn.waitFor();
  if (orchestrator) {
    await runsOn.click();
    await page.getByRole('option', { name: orchestrator, exact: true }).click();
    await page
      .getByRole('button', { name: `Pipeline runs on ${orchestrator}` })
      .waitFor();
  }
  if (featureStore) {
    await page.getByRole('checkbox', { name: /Feast feature store/ }).check();
  }
  if (shots.training) await screenshot(shots.training);
  await page.getByRole('button', { name: 'Next' }).click();

  // Serving: Serverless (the default), with the canary asked for
  const canary = page.getByRole('spinbutton', { name: /Initial canary/ });
  await canary.waitFor();
  if (canaryPercent !== undefined) await canary.fill(String(canaryPercent));
  if (shots.serving) await screenshot(shots.serving);
  await page.getByRole('button', { name: 'Next' }).click();

  // Repository, on the demo's loopback git host (the template's one allowed host)
  await page.getByRole('textbox', { name: 'Owner' }).fill('demo');
  const repository = page.getByRole('textbox', { name: 'Repository' });
  await repository.click();
  await repository.pressSequentially(name, { delay: 20 });
  await repository.press('Tab');
  await page.getByRole('button', { name: 'Review' }).click();
  if (shots.review) await screenshot(shots.review);
  await page.getByRole('button', { name: 'Create' }).click();

  await page
    .getByRole('link', { name: 'Open in catalog' })
    .waitFor({ timeout: 180_000 });
  if (shots.done) await screenshot(shots.done);
}

/** Clones the project's repository from the demo git host into a new directory. */
function cloneProject(name) {
  const clone = mkdtempSync(join(tmpdir(), 'model-project-clone-'));
  execFileSync('git', ['clone', `${GIT_HOST}/demo/${name}.git`, clone], {
    stdio: 'pipe',
  });
  return clone;
}

/** Reads an InferenceService from the sandbox's Kubernetes API, with its token. */
async function inferenceService(namespace, name) {
  const response = await fetch(
    `${SANDBOX}/kubernetes/apis/serving.kserve.io/v1beta1/namespaces/${namespace}/inferenceservices/${name}`,
    { headers: { Authorization: 'Bearer sandbox-k8s-token' } },
  );
  assert.equal(response.status, 200);
  return response.json();
}

test("the demo model project's Serving tab shows the canary; an owner promotes it on the model server's page", async () => {
  // The model project names the InferenceService; its verdict, URL and traffic split show.
  await page.goto(
    `${APP}/catalog/default/component/fraud-detection-model/serving`,
  );
  const project = page.getByRole('region', {
    name: 'InferenceService fraud-detection/fraud-detector',
  });
  await project.getByText('Canary 20 %', { exact: true }).waitFor();
  await project
    .getByRole('img', {
      name: /^Traffic: fraud-detector-predictor-00004 .*80 %, fraud-detector-predictor-00005 .*20 %$/,
    })
    .waitFor();
  await project
    .getByText('http://fraud-detector.fraud-detection.example.com')
    .first()
    .waitFor();
  await page
    .getByRole('table', { name: 'Conditions' })
    .getByRole('row', { name: /PredictorReady/ })
    .waitFor();
  await page.waitForLoadState('networkidle');
  await screenshotFromTop('19-kserve-project-serving');

  // Writes are authorized against the model-server Component the KServe provider ingested
  // (owner fraud-detection, from the InferenceService's label): the tab links to it.
  const serverPage = `${APP}/catalog/fraud-detection/component/fraud-detector/serving`;
  const server = page.getByRole('region', {
    name: 'InferenceService fraud-detection/fraud-detector',
  });
  const promote = server.getByRole('button', { name: 'Promote', exact: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(serverPage);
    const offered = await promote.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (offered) break;
    assert.ok(Date.now() < deadline, 'Promote was never offered to the guest');
    await new Promise(resolve => setTimeout(resolve, 5_000));
  }
  await promote.click();
  const dialog = page.getByRole('dialog', {
    name: 'Promote the canary of fraud-detector',
  });
  await dialog.getByText('Canary traffic: 20 % → 100 %').waitFor();
  await dialog
    .getByRole('list', { name: 'What changes' })
    .getByText('fraud-detector-predictor-00004 (stable): 80 % → 0 %')
    .waitFor();
  await screenshot('20-kserve-promote-dialog');
  const before = await inferenceService('fraud-detection', 'fraud-detector');
  assert.equal(before.spec.predictor.canaryTrafficPercent, 20);
  await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });

  // Promoted: said so, and once KServe (the sandbox's controller) moved the traffic, Ready
  // with all of it on the latest revision.
  await server
    .getByText(
      'Promoted: fraud-detector-predictor-00005 gets 100 % of traffic.',
    )
    .waitFor();
  await server.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
  await server
    .getByRole('img', {
      name: /^Traffic: fraud-detector-predictor-00005\b[^,]* 100 %$/,
    })
    .waitFor();
  await page.waitForLoadState('networkidle');
  await screenshotFromTop('21-kserve-promoted');
  const after = await inferenceService('fraud-detection', 'fraud-detector');
  assert.equal(after.spec.predictor.canaryTrafficPercent, 100);
  assert.equal(after.metadata.generation, before.metadata.generation + 1);
  assert.deepEqual(
    after.status.components.predictor.traffic.map(t => [
      t.revisionName,
      t.percent,
    ]),
    [['fraud-detector-predictor-00005', 100]],
  );

  // A model server the guest does not own, and one that is not healthy: Degraded, with the
  // failing condition's message, and no buttons.
  await page.goto(
    `${APP}/catalog/supply-chain/component/demand-forecaster/serving`,
  );
  const degraded = page.getByRole('region', {
    name: 'InferenceService supply-chain/demand-forecaster',
  });
  await degraded.getByText('Degraded', { exact: true }).waitFor();
  await degraded
    .getByText(/CrashLoopBackOff/)
    .first()
    .waitFor();
  assert.equal(
    await degraded.getByRole('button', { name: 'Promote' }).count(),
    0,
  );
  await page.waitForLoadState('networkidle');
  await screenshotFromTop('22-kserve-degraded');
});

test('the model-project template runs to the end: repository, Component, MLflow model', async () => {
  const name = 'card-fraud-scorer';
  // Airflow only. With Kubeflow chosen, the Kubeflow provider's pipeline Resource and the MLflow
  // provider's model Resource would both be resource:default/<name>; the catalog keeps whichever
  // provider applies first, so the ml-model checks below would fail about half the time. The next
  // test chooses Kubeflow and checks nothing that depends on which provider won.
  await createModelProject({
    name,
    description: 'Scores card transactions for fraud.',
    featureStore: true,
    canaryPercent: 20,
    shots: {
      list: '23-template-list',
      project: '24-template-project',
      serving: '25-template-serving',
      review: '26-template-review',
      done: '27-template-done',
    },
  });
  // Nothing was uploaded to Kubeflow: the link is left out with its step.
  assert.equal(
    await page.getByRole('link', { name: /^Kubeflow pipeline/ }).count(),
    0,
  );

  // The repository clones, and holds what the catalog was told.
  const clone = cloneProject(name);
  const catalogInfo = readFileSync(join(clone, 'catalog-info.yaml'), 'utf8');
  assert.match(catalogInfo, new RegExp(`mlflow.org/registered-model: ${name}`));
  assert.match(
    catalogInfo,
    new RegExp(
      `airflow.apache.org/dag-id: ${name.replace(/-/g, '_')}_training`,
    ),
  );
  assert.doesNotMatch(catalogInfo, /kubeflow\.org\//);
  assert.ok(
    existsSync(join(clone, 'deploy', 'base', 'inference-service.yaml')),
  );

  // The new Component, read from the repository through the Gitea integration (the catalog
  // processes a new location within seconds), and its registered model, created by
  // mlflow:model:register and ingested by the MLflow provider on its next run.
  await page.getByRole('link', { name: 'Open in catalog' }).click();
  // The catalog stitches a newly registered entity on its next processing pass (up to ~2.5 min).
  await showsWithin(
    `${APP}/catalog/default/component/${name}`,
    'model-project',
    240_000,
  );
  await page.getByRole('heading', { name }).first().waitFor();
  await page.getByText('About').first().waitFor();
  await screenshot('28-template-component');
  await showsWithin(`${APP}/catalog/default/resource/${name}`, 'ml-model');
  // Owned by the team chosen in the form (MLflow's owner tag), with the model card on its overview.
  await page.getByRole('link', { name: 'Fraud detection' }).first().waitFor();
  await page.getByText(`Model ${name}`).first().waitFor();
  await screenshot('29-template-ml-model');

  // The project's MLflow tab: the model it registered, the experiment it created (no runs yet).
  await page.goto(`${APP}/catalog/default/component/${name}/mlflow`);
  await page.getByText(`Model ${name}`).waitFor();
  await page.getByText('This experiment has no runs yet.').waitFor();
  await screenshot('30-template-mlflow-tab');
});

test("the model-project template with Kubeflow chosen uploads the project's pipeline, links to it and its Kubeflow tab shows it", async () => {
  const name = 'card-fraud-retrainer';
  const description = 'Retrains the card fraud model on Kubeflow Pipelines.';
  await createModelProject({
    name,
    description,
    orchestrator: 'Kubeflow Pipelines',
    shots: {
      training: '31-template-kubeflow-training',
      done: '32-template-kubeflow-done',
    },
  });

  // The pipeline, uploaded by kubeflow:pipeline:upload from the skeleton's compiled spec, is in
  // the sandbox's Kubeflow under the project's name, and the output links to it in the KFP UI.
  // The pipeline is `<name>-training`: the MLflow model's Resource already has the project's name.
  const pipelineName = `${name}-training`;
  const uploaded = await kfp(`/pipelines/names/${pipelineName}`);
  assert.equal(uploaded.display_name, pipelineName);
  assert.equal(uploaded.description, description);
  const { pipeline_versions: versions } = await kfp(
    `/pipelines/${uploaded.pipeline_id}/versions`,
  );
  assert.equal(versions.length, 1);
  // the link opens the version just uploaded
  const link = page.getByRole('link', { name: /^Kubeflow pipeline/ });
  assert.equal(
    await link.getAttribute('href'),
    `${SANDBOX}/kubeflow/#/pipelines/details/${uploaded.pipeline_id}/version/${versions[0].pipeline_version_id}`,
  );
  const spec = versions[0].pipeline_spec;
  assert.equal(spec.pipelineInfo.name, pipelineName);
  assert.deepEqual(Object.keys(spec.root.inputDefinitions.parameters).sort(), [
    'rows',
    'source',
  ]);

  // The repository carries the pipeline, its source and the annotations naming it; no DAG.
  const clone = cloneProject(name);
  const catalogInfo = readFileSync(join(clone, 'catalog-info.yaml'), 'utf8');
  assert.match(
    catalogInfo,
    new RegExp(`kubeflow.org/pipeline: ${pipelineName}\\n`),
  );
  assert.match(catalogInfo, /kubeflow.org\/instance: sandbox\n/);
  assert.doesNotMatch(catalogInfo, /airflow\.apache\.org\//);
  assert.ok(existsSync(join(clone, 'pipelines', 'pipeline.yaml')));
  assert.ok(existsSync(join(clone, 'pipelines', 'pipeline.py')));
  assert.ok(!existsSync(join(clone, 'dags')));

  // The new Component's Kubeflow tab: the uploaded pipeline, its one version and what that
  // version declares, no runs yet.
  await showsWithin(
    `${APP}/catalog/default/component/${name}/kubeflow`,
    'Instance sandbox',
    240_000,
  );
  const pipeline = page.getByRole('region', {
    name: `Pipeline ${pipelineName}`,
  });
  await pipeline
    .getByRole('heading', { name: new RegExp(`^${pipelineName}`) })
    .waitFor();
  await pipeline.getByText(description, { exact: true }).waitFor();
  assert.equal(
    await pipeline.getByRole('button', { name: 'Version' }).textContent(),
    `${versions[0].display_name} (newest)`,
  );
  const parameters = pipeline.getByRole('list', {
    name: `Parameters of ${versions[0].display_name}`,
  });
  await parameters.getByText('rows', { exact: true }).waitFor();
  await parameters.getByText('source', { exact: true }).waitFor();
  await page
    .getByRole('table', { name: 'Kubeflow runs' })
    .getByText('No runs yet: start one, or wait for a recurring run.')
    .waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot('33-template-kubeflow-tab');
});

test("search finds an ml-model by name and the suite's TechDocs, and the TechDocs page's search answers", async () => {
  // The app's own search request carries the guest's Backstage token; the polling below reuses it.
  const appSearch = page.waitForRequest(request =>
    request.url().startsWith(`${BACKEND}/api/search/query`),
  );
  await page.goto(`${APP}/search?query=fraud-detector`);
  const authorization = (await appSearch).headers().authorization;
  assert.ok(authorization, 'the app sends its search queries signed in');

  // The collators run on their schedules (app-config.yaml `search.collators`): poll, bounded.
  const searchUntil = async (query, found, timeoutMs = 240_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(`${BACKEND}/api/search/query?${query}`, {
        headers: { authorization },
      });
      assert.equal(response.status, 200, `search ${query}`);
      const { results } = await response.json();
      const hits = results.filter(found);
      if (hits.length) return hits;
      assert.ok(Date.now() < deadline, `nothing found for ${query} in time`);
      await new Promise(resolve => setTimeout(resolve, 3_000));
    }
  };
  const [model] = await searchUntil(
    'term=fraud-detector',
    r => r.type === 'software-catalog' && r.document.title === 'fraud-detector',
  );
  assert.equal(
    model.document.location,
    '/catalog/default/resource/fraud-detector',
  );
  assert.equal(model.document.type, 'ml-model');
  await searchUntil('term=sandbox&types%5B0%5D=techdocs', r =>
    r.document.location?.startsWith('/docs/default/system/mlops-portal/'),
  );

  // The search page lists the model.
  await page.goto(`${APP}/search?query=fraud-detector`);
  await page.getByRole('link', { name: 'fraud-detector' }).first().waitFor();
  await screenshot('34-search-ml-model');

  // The TechDocs reader's search bar: every query it sends is answered, and it finds the docs.
  const techdocsSearches = [];
  const recordSearch = response => {
    if (response.url().startsWith(`${BACKEND}/api/search/query`)) {
      techdocsSearches.push(response.status());
    }
  };
  page.on('response', recordSearch);
  await page.goto(`${APP}/docs/default/system/mlops-portal`);
  await page.getByRole('heading', { name: 'MLOps Portal' }).first().waitFor();
  const answered = page.waitForResponse(
    response =>
      response.url().startsWith(`${BACKEND}/api/search/query`) &&
      response.url().includes('term=sandbox'),
  );
  await page.getByPlaceholder('Search docs').fill('sandbox');
  assert.equal((await answered).status(), 200);
  await page.getByRole('option').first().waitFor();
  await screenshot('35-techdocs-search');
  page.off('response', recordSearch);
  assert.ok(techdocsSearches.length > 0);
  assert.deepEqual(
    techdocsSearches.filter(status => status !== 200),
    [],
    'every search the TechDocs page sent was answered with 200',
  );
});
