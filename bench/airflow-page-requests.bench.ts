// What one entity page view asks of Airflow when done the way the existing frontend-only Airflow
// plugin does it (its `listDags`: every DAG of the instance, 100 a page through the proxy; then
// its `getDags`: one `GET /dags/{id}` per DAG id of the table), replayed against the sandbox's
// Airflow 2 (the only API that plugin speaks) and counted by the sandbox, for the demo's 4 DAGs
// and for 5,004. This plugin's figure (3 requests to its backend and 1 permission batch, whatever
// the instance's size) is counted in the browser by the end-to-end test.
//
//   npm run bench -- airflow-page-requests
import { freePort, msSince, startSandbox } from './lib';

/** What the existing plugin's client asks for a page of its DAG list. */
const PAGE_LIMIT = 100;
/** The DAG ids of the entity viewed: the demo's fraud detection model has one. */
const ENTITY_DAG_IDS = ['fraud_detection_training'];

interface ViewCount {
  dags: number;
  requests: number;
  bytes: number;
  wallMs: number;
}

async function replayView(baseUrl: string): Promise<Omit<ViewCount, 'dags'>> {
  const api = `${baseUrl}/airflow2/api/v1`;
  const headers = {
    accept: 'application/json',
    authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
  };
  let bytes = 0;
  const get = async (url: string) => {
    const response = await fetch(url, { headers });
    const text = await response.text();
    if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
    bytes += Buffer.byteLength(text);
    return JSON.parse(text);
  };
  const start = process.hrtime.bigint();
  // listDags: page until every DAG is in the browser.
  for (let offset = 0; ; ) {
    const body = await get(`${api}/dags?limit=${PAGE_LIMIT}&offset=${offset}`);
    offset += body.dags.length;
    if (body.dags.length === 0 || offset >= body.total_entries) break;
  }
  // getDags: one request per DAG id of the table.
  for (const dagId of ENTITY_DAG_IDS) {
    await get(`${api}/dags/${encodeURIComponent(dagId)}`);
  }
  return { requests: 0, bytes, wallMs: msSince(start) };
}

async function measure(dags: number): Promise<ViewCount> {
  const sandbox = await startSandbox(await freePort(), [
    '--dags',
    String(dags),
    '--runs-per-dag',
    '0',
  ]);
  try {
    const served = async () =>
      (await sandbox.stats()).systems.airflow2?.total ?? 0;
    const before = await served();
    const view = await replayView(sandbox.baseUrl);
    const requests = (await served()) - before;
    return { ...view, requests, dags: dags + 4 };
  } finally {
    await sandbox.stop();
  }
}

async function main() {
  for (const synthetic of [0, 5_000]) {
    const view = await measure(synthetic);
    const expected = Math.ceil(view.dags / PAGE_LIMIT) + ENTITY_DAG_IDS.length;
    console.log(
      `${String(view.dags).padStart(5)} DAGs: ${view.requests} requests ` +
        `(⌈${view.dags}/${PAGE_LIMIT}⌉ + ${ENTITY_DAG_IDS.length} = ${expected}), ` +
        `${(view.bytes / 1024).toFixed(
          0,
        )} KiB of answers, ${view.wallMs.toFixed(0)} ms`,
    );
    if (view.requests !== expected) {
      throw new Error(`the sandbox counted ${view.requests}, not ${expected}`);
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
