/** Builds the console once before the browser tests, so that they never test a stale build. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildConsole(): void {
  const root = resolve(import.meta.dirname, '../..');
  const built = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`The console did not build:\n${built.stdout}\n${built.stderr}`);
}
