import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript, so that it runs on a Node too old for the project
import { nodeVersionProblem, REQUIRED_NODE_MAJOR } from '../../scripts/require-node.mjs';

describe('the Node version preflight of the npm scripts', () => {
  it.each([
    '20.20.2',
    'v18.19.0',
    '23.11.1',
    'not-a-version',
  ])('stops Node %s with one line naming Node 24', (version) => {
    const problem = nodeVersionProblem(version) as string;
    expect(problem).toBe(
      `bcci-bridge needs Node 24 or newer, but this is Node ${version}: install Node 24 ` +
        '(https://nodejs.org/en/download, or `nvm install 24`) and put it first on PATH.',
    );
    expect(problem).not.toContain('\n');
  });

  it.each(['24.0.0', 'v24.21.0', '25.1.0'])('lets Node %s through', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('requires the major version package.json engines names', async () => {
    const { engines } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(engines.node).toBe(`>=${REQUIRED_NODE_MAJOR}`);
  });

  it('exits 0 silently on the Node running the tests', () => {
    const run = spawnSync(process.execPath, ['scripts/require-node.mjs'], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });
});
