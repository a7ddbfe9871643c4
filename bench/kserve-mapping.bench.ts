// What the KServe catalog provider's mapping costs without the network: the 20 list pages of the
// kserve-ingestion bench (2,000 synthetic InferenceServices, page size 100), fetched from the
// sandbox once and saved, then mapped by `mapInferenceService` in fresh processes, each with the
// pages parsed before its window, as the three bench clusters map them (bench-a unprefixed,
// bench-b and bench-c prefixed). Per process: the wall and CPU time of mapping all 2,000 cold
// (first-run code, as in a backend's first relist) and the heap the 4,000 entities keep.
//
// With BENCH_CALLGRIND=1 (valgrind installed) it also counts the mapping's instructions
// deterministically: `valgrind --tool=callgrind` over `node --single-threaded --predictable`,
// the same process with and without the mapping, the difference printed. --predictable runs
// compilation and the whole GC on the main thread: it ranks changes, it does not predict time.
//
//   npm run bench -- kserve-mapping
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { mapInferenceService } from '../plugins/kserve/catalog-module/src/lib/inferenceServiceEntities';
import {
  cpuMsSince,
  freePort,
  median,
  msSince,
  runScenarioProcess,
  settleHeap,
  startSandbox,
} from './lib';
import {
  CLUSTERS,
  INFERENCE_SERVICES,
  listPageUrl,
  TOKEN,
} from './kserveSynthetic';

const PROCESSES = 15;

interface SavedPage {
  namespace: string;
  text: string;
}

interface MappingResult {
  mapped: number;
  wallMs: number;
  cpuMs: number;
  retainedMb: number;
}

async function savePages(baseUrl: string, file: string): Promise<number> {
  const pages: SavedPage[] = [];
  let items = 0;
  for (const namespace of CLUSTERS.flatMap(c => c.namespaces)) {
    let continueToken: string | undefined;
    do {
      const response = await fetch(
        listPageUrl(baseUrl, namespace, continueToken),
        { headers: { authorization: `Bearer ${TOKEN}` } },
      );
      const text = await response.text();
      const page = JSON.parse(text);
      items += page.items.length;
      continueToken = page.metadata?.continue || undefined;
      pages.push({ namespace, text });
    } while (continueToken);
  }
  writeFileSync(file, JSON.stringify(pages));
  return items;
}

/** The pages parsed, each with the mapping context of the cluster that lists its namespace. */
function loadPages(file: string) {
  const clusters = CLUSTERS.map(({ name }) => ({
    name,
    baseUrl: 'http://127.0.0.1/kubernetes',
    uiUrl: 'http://127.0.0.1/kubernetes',
  }));
  const config = {
    defaultOwner: 'group:default/ml-platform',
    ownerAnnotation: 'backstage.io/owner',
    ownerLabel: 'owner',
  };
  const saved: SavedPage[] = JSON.parse(readFileSync(file, 'utf8'));
  return saved.map(({ namespace, text }) => {
    const cluster =
      clusters[CLUSTERS.findIndex(c => c.namespaces.includes(namespace))];
    return {
      items: JSON.parse(text).items as unknown[],
      context: { clusters, cluster, config },
    };
  });
}

/** One cold mapping of every page, timed, its entities kept until the heap is measured. */
function mapOnce(file: string): MappingResult {
  const pages = loadPages(file);
  settleHeap();
  const heapBefore = getHeapStatistics().used_heap_size;
  const kept: unknown[] = [];
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (const { items, context } of pages) {
    for (const item of items) {
      kept.push(mapInferenceService(item, context));
    }
  }
  const wallMs = msSince(started);
  const cpuMs = cpuMsSince(cpu);
  settleHeap();
  const retainedMb = (getHeapStatistics().used_heap_size - heapBefore) / 1e6;
  return { mapped: kept.length, wallMs, cpuMs, retainedMb };
}

/** What mapOnce does, for callgrind under --predictable: with the mapping, or without it. */
function predictableRun(file: string, withMapping: boolean): number {
  const pages = loadPages(file);
  // Kept, as a relist keeps them until its full mutation.
  const kept: unknown[] = [];
  for (const { items, context } of pages) {
    for (const item of items) {
      kept.push(withMapping ? mapInferenceService(item, context) : item);
    }
  }
  return kept.length;
}

function callgrindInstructions(file: string, mode: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'kserve-mapping-cg-'));
  try {
    const out = join(dir, 'callgrind.out');
    const result = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--smc-check=all-non-file',
        `--callgrind-out-file=${out}`,
        process.execPath,
        '--single-threaded',
        '--predictable',
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        __filename,
        mode,
        file,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    if (result.status !== 0) {
      throw new Error(`valgrind failed: ${result.stderr}`);
    }
    const totals = /^(?:summary|totals): (\d+)/m.exec(
      readFileSync(out, 'utf8'),
    );
    if (!totals) throw new Error('callgrind wrote no totals');
    return Number(totals[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kserve-mapping-'));
  const file = join(dir, 'pages.json');
  const sandbox = await startSandbox(await freePort(), [
    '--inference-services',
    String(INFERENCE_SERVICES),
  ]);
  try {
    const saved = await savePages(sandbox.baseUrl, file);
    if (saved !== INFERENCE_SERVICES) {
      throw new Error(
        `listed ${saved} InferenceServices, not ${INFERENCE_SERVICES}`,
      );
    }
  } finally {
    await sandbox.stop();
  }
  try {
    const runs: MappingResult[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      runs.push(
        await runScenarioProcess<MappingResult>(__filename, ['map', file], {
          exposeGc: true,
        }),
      );
    }
    const wall = runs.map(r => r.wallMs).sort((a, b) => a - b);
    console.log(
      `${runs[0].mapped} InferenceServices mapped cold into ${
        2 * runs[0].mapped
      } entities, ${PROCESSES} fresh processes: wall median ${median(
        wall,
      ).toFixed(1)} ms (${wall[0].toFixed(1)}–${wall[wall.length - 1].toFixed(
        1,
      )}), CPU median ${median(runs.map(r => r.cpuMs)).toFixed(
        1,
      )} ms, entities keep ${median(runs.map(r => r.retainedMb)).toFixed(
        2,
      )} MB of heap (${(
        (median(runs.map(r => r.retainedMb)) * 1e6) /
        runs[0].mapped
      ).toFixed(0)} bytes per InferenceService)`,
    );
    if (process.env.BENCH_CALLGRIND === '1') {
      const mapping = callgrindInstructions(file, 'predictable-map');
      const baseline = callgrindInstructions(file, 'predictable-skip');
      console.log(
        `callgrind, node --predictable: the mapping ${(
          (mapping - baseline) /
          1e6
        ).toFixed(1)} M instructions (${(mapping / 1e6).toFixed(
          1,
        )} M with it, ${(baseline / 1e6).toFixed(1)} M without)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, pagesFile] = process.argv.slice(2);
if (mode === 'map') {
  process.stdout.write(`${JSON.stringify(mapOnce(pagesFile))}\n`);
} else if (mode === 'predictable-map' || mode === 'predictable-skip') {
  predictableRun(pagesFile, mode === 'predictable-map');
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
