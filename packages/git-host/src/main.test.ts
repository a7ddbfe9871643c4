import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

describe('the CLI', () => {
  it('prints its base URL, serves, and removes its temp data dir on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        join(__dirname, 'main.ts'),
        '--port',
        '0',
        '--org',
        'one',
        '--org',
        'two',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    );
    let output = '';
    child.stderr.on('data', chunk => (output += chunk));
    const exited = new Promise<number | null>(r => child.once('exit', r));
    const firstLines = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', chunk => {
        output += chunk;
        if (output.includes('removed on exit')) resolve(output);
      });
      child.once('exit', code =>
        reject(new Error(`exited ${code}: ${output}`)),
      );
    });
    const baseUrl = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(firstLines)?.[1];
    const dataDir = /data (\S+) \(removed on exit\)/.exec(firstLines)?.[1];
    expect(baseUrl).toBeDefined();
    expect(dataDir && existsSync(dataDir)).toBe(true);

    expect((await fetch(`${baseUrl}/api/v1/orgs/one`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/v1/orgs/two`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/v1/orgs/demo`)).status).toBe(404);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(dataDir!)).toBe(false);
  });
});
