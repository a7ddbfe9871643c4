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

test('the model-project template runs to the end: repository, Component, MLflow model', async () => {
  const name = 'card-fraud-scorer';
  await page.goto(`${APP}/create`);
  await page.getByText('ML model project').first().waitFor();
  await screenshot('14-template-list');
  await page
    .locator('article')
    .filter({ hasText: 'ML model project' })
    .getByRole('button', { name: 'Choose' })
    .click();

  // Project
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Scores card transactions for fraud.');
  // OwnerPicker: an autocomplete over the catalog's groups and users, by title.
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.pressSequentially('fraud', { delay: 50 });
  await page.getByRole('option', { name: 'Fraud detection' }).first().click();
  await screenshot('15-template-project');
  await page.getByRole('button', { name: 'Next' }).click();

  // Training: scikit-learn on Airflow (the defaults), with Feast
  await page.getByRole('checkbox', { name: /Feast feature store/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Serving: Serverless with a 20 % canary
  await page.getByRole('spinbutton', { name: /Initial canary/ }).fill('20');
  await screenshot('16-template-serving');
  await page.getByRole('button', { name: 'Next' }).click();

  // Repository, on the demo's loopback git host (the template's one allowed host)
  await page.getByRole('textbox', { name: 'Owner' }).fill('demo');
  const repository = page.getByRole('textbox', { name: 'Repository' });
  await repository.click();
  await repository.pressSequentially(name, { delay: 20 });
  await repository.press('Tab');
  await page.getByRole('button', { name: 'Review' }).click();
  await screenshot('17-template-review');
  await page.getByRole('button', { name: 'Create' }).click();

  await page
    .getByRole('link', { name: 'Open in catalog' })
    .waitFor({ timeout: 180_000 });
  await screenshot('18-template-done');

  // The repository clones, and holds what the catalog was told.
  const clone = mkdtempSync(join(tmpdir(), 'model-project-clone-'));
  execFileSync('git', ['clone', `${GIT_HOST}/demo/${name}.git`, clone], {
    stdio: 'pipe',
  });
  const catalogInfo = readFileSync(join(clone, 'catalog-info.yaml'), 'utf8');
  assert.match(catalogInfo, new RegExp(`mlflow.org/registered-model: ${name}`));
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
  await screenshot('19-template-component');
  await showsWithin(`${APP}/catalog/default/resource/${name}`, 'ml-model');
  // Owned by the team chosen in the form (MLflow's owner tag), with the model card on its overview.
  await page.getByRole('link', { name: 'Fraud detection' }).first().waitFor();
  await page.getByText(`Model ${name}`).first().waitFor();
  await screenshot('20-template-ml-model');

  // The project's MLflow tab: the model it registered, the experiment it created (no runs yet).
  await page.goto(`${APP}/catalog/default/component/${name}/mlflow`);
  await page.getByText(`Model ${name}`).waitFor();
  await page.getByText('This experiment has no runs yet.').waitFor();
  await screenshot('21-template-mlflow-tab');
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
  await screenshot('13-search-ml-model');

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
  await screenshot('14-techdocs-search');
  page.off('response', recordSearch);
  assert.ok(techdocsSearches.length > 0);
  assert.deepEqual(
    techdocsSearches.filter(status => status !== 200),
    [],
    'every search the TechDocs page sent was answered with 200',
  );
});
