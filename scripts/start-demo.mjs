// `npm start`: the demo MLOps stack (sandbox), the demo git host (a Gitea stand-in that software
// templates publish to) and the portal (app on :3000, backend on :7007) in one terminal; Ctrl-C
// stops all of them.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sandboxPort = process.env.SANDBOX_PORT ?? '7100';
const gitHostPort = process.env.GIT_HOST_PORT ?? '7101';
const children = [];

function run(name, args) {
  const child = spawn('npm', args, {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  child.on('exit', code => {
    console.log(`[start] ${name} exited with ${code}; stopping the rest`);
    shutdown(code ?? 1);
  });
  children.push(child);
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2_000).unref();
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('sandbox', ['run', 'sandbox', '--', '--port', sandboxPort]);
run('git-host', [
  'run',
  '--workspace',
  '@mlops-portal/git-host',
  'start',
  '--',
  '--port',
  gitHostPort,
]);
run('portal', ['run', 'start:portal']);
