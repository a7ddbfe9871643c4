import { allCases } from './__testUtils__/cases';
import { mountAuth, send, testSandbox } from './__testUtils__/sandbox';
import { FRAUD_V4_RUN } from './__testUtils__/cases';
import { ROUTE_HEADER, Sandbox } from './index';

/**
 * Same seed → byte-identical GET responses on every GET route; another seed changes the
 * generated values (metrics, durations) but not the story's names and ids.
 */

const GET_CASES = allCases().filter(c => c.method === 'GET' && c.status < 300);

async function fetchAll(sandbox: Sandbox): Promise<Map<string, string>> {
  const auth = await mountAuth(sandbox);
  const bodies = new Map<string, string>();
  for (const c of GET_CASES) {
    const { res } = await send(sandbox, auth, c);
    bodies.set(
      `${c.url} ${JSON.stringify(c.headers ?? {})}`,
      `${res.status} ${res.headers[ROUTE_HEADER.toLowerCase()]}\n${res.text}`,
    );
  }
  return bodies;
}

describe('determinism', () => {
  it('has a GET case for every GET route', async () => {
    const sandbox = testSandbox();
    const auth = await mountAuth(sandbox);
    const hit = new Set<string>();
    for (const c of GET_CASES) {
      const { res, mount } = await send(sandbox, auth, c);
      hit.add(`${mount} ${res.headers[ROUTE_HEADER.toLowerCase()]}`);
    }
    const missing = sandbox.routes
      .filter(r => r.method === 'GET')
      .map(r => `${r.mount} GET ${r.path}`)
      .filter(key => !hit.has(key));
    expect(missing).toEqual([]);
  });

  it('serves byte-identical GET responses from two sandboxes with the same seed', async () => {
    const a = await fetchAll(testSandbox({ seed: 42 }));
    const b = await fetchAll(testSandbox({ seed: 42 }));
    expect(a.size).toBe(GET_CASES.length);
    for (const [url, body] of a) {
      expect({ url, body: b.get(url) }).toEqual({ url, body });
    }
  });

  it('changes generated values but not names or ids with another seed', async () => {
    const a = await fetchAll(testSandbox({ seed: 42 }));
    const b = await fetchAll(testSandbox({ seed: 7 }));
    const runUrl = [...a.keys()].find(u =>
      u.includes(`/mlflow/api/2.0/mlflow/runs/get?run_id=${FRAUD_V4_RUN}`),
    )!;
    const runA = JSON.parse(a.get(runUrl)!.split('\n').slice(1).join('\n')).run;
    const runB = JSON.parse(b.get(runUrl)!.split('\n').slice(1).join('\n')).run;
    expect(runB.info.run_id).toBe(runA.info.run_id);
    expect(runB.info.run_name).toBe(runA.info.run_name);
    expect(runB.data.params).toEqual(runA.data.params);
    const auc = (run: any) =>
      run.data.metrics.find((m: any) => m.key === 'auc').value;
    expect(auc(runB)).not.toBe(auc(runA));

    const names = (text: string) =>
      JSON.parse(text.split('\n').slice(1).join('\n'));
    const models = [...a.keys()].find(u =>
      u.includes(
        '/mlflow/api/2.0/mlflow/registered-models/search?max_results=1000',
      ),
    )!;
    expect(
      names(b.get(models)!).registered_models.map((m: any) => m.name),
    ).toEqual(names(a.get(models)!).registered_models.map((m: any) => m.name));
    const dagRuns = [...a.keys()].find(u =>
      u.includes('/airflow/api/v2/dags/~/dagRuns'),
    )!;
    const runsA = names(a.get(dagRuns)!).dag_runs;
    const runsB = names(b.get(dagRuns)!).dag_runs;
    expect(runsB.map((r: any) => r.dag_run_id)).toEqual(
      runsA.map((r: any) => r.dag_run_id),
    );
    expect(runsB.map((r: any) => r.duration)).not.toEqual(
      runsA.map((r: any) => r.duration),
    );
    const differing = [...a.keys()].filter(url => a.get(url) !== b.get(url));
    expect(differing.length).toBeGreaterThan(10);
  });
});
