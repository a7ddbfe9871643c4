// `npm run bench [-- name]`: runs every bench/*.bench.ts (or the named one) with Backstage's
// TypeScript loader and prints its figures; copy them into bench/RESULTS.md with the command.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'package.json'));
const wanted = process.argv[2];
const benches = readdirSync(here)
  .filter(f => f.endsWith('.bench.ts'))
  .filter(f => !wanted || f === `${wanted}.bench.ts`);
if (benches.length === 0) {
  console.error(
    `no benchmark ${wanted ? `named ${wanted}` : 'found'} in ${here}`,
  );
  process.exit(1);
}
for (const bench of benches) {
  console.log(`\n## ${bench}`);
  const { status } = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(here, bench),
    ],
    { stdio: 'inherit', cwd: join(here, '..') },
  );
  if (status !== 0) process.exit(status ?? 1);
}
