/**
 * `npm start` as a developer runs it: the real entry point in a child process, with a
 * temporary data folder. It answers /health, refuses a protected route without a token,
 * stops on Ctrl-C leaving no Java process behind, refuses a taken port in one line, and
 * cleans up a DynamoDB Local orphaned by a runtime that was killed outright.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';

interface RunningProcess {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();

function startRuntime(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/main.ts',
      '--data-dir',
      dataDir,
      '--dynamo-port',
      '0',
      '--queue-port',
      '0',
    ],
    {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** PIDs of DynamoDB Local processes whose command line names `dataDir`. */
function javaProcessesFor(dataDir: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(dataDir))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** PIDs of any process (npm, tsx, node, java) whose command line names `dataDir`. */
function processesFor(dataDir: string): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(dataDir) && !line.includes(' ps '))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

async function waitForHealth(runtime: RunningProcess, url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (runtime.child.exitCode !== null || runtime.child.signalCode !== null) {
      throw new Error(
        `The runtime exited while starting:\n${runtime.output().stdout}\n${runtime.output().stderr}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `No 200 from ${url}/health within ${timeoutMs} ms:\n${runtime.output().stdout}\n${runtime.output().stderr}`,
  );
}

async function waitForOutput(
  runtime: RunningProcess,
  text: string | RegExp,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const seen = (): boolean =>
    typeof text === 'string' ? runtime.output().stdout.includes(text) : text.test(runtime.output().stdout);
  while (!seen()) {
    if (Date.now() > deadline) throw new Error(`No '${text}' in the output within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function exitWithin(runtime: RunningProcess, timeoutMs: number) {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`The runtime did not exit within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  return Promise.race([runtime.exited, timeout]);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bcci-runtime-'));
  });

  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const pid of javaProcessesFor(dataDir)) process.kill(pid, 'SIGKILL');
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /health, refuses a protected route without a token, and stops on SIGINT leaving no Java behind', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const runtime = startRuntime(dataDir, port);
    const startupMs = await waitForHealth(runtime, url, 60_000);
    console.log(`npm start answered /health 200 after ${startupMs} ms`);

    const unauthorized = await fetch(`${url}/v1/dossiers/X`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('content-type')).toBe('application/problem+json');
    expect(await unauthorized.json()).toMatchObject({
      type: 'https://bcci-bridge.vn/problems/unauthorized',
      status: 401,
    });

    await waitForOutput(runtime, 'Ctrl-C stops.', 10_000);
    const banner = runtime.output().stdout;
    expect(banner).toContain(`API        ${url}`);
    for (const role of ['postal-staff', 'postal-supervisor', 'agency', 'finance', 'admin']) {
      expect(banner).toMatch(new RegExp(`${role} \\(.*\\)\\n\\s+eyJ`));
    }
    // One line per request: method, path, status, duration.
    await waitForOutput(runtime, /^GET \/v1\/dossiers\/X 401 \d+ms$/m, 10_000);
    expect(javaProcessesFor(dataDir)).toHaveLength(1);

    runtime.child.kill('SIGINT');
    const { code } = await exitWithin(runtime, 30_000);
    expect(code).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  });

  it('stops as a terminal Ctrl-C stops it: SIGINT to the whole process group of `npm start`, said in one line', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // Its own process group, as a terminal's foreground job: npm, node and java. npm passes the
    // signal on as well, so node sees this one Ctrl-C twice.
    const child = spawn(
      'npm',
      ['start', '--', '--data-dir', dataDir, '--dynamo-port', '0', '--queue-port', '0'],
      {
        cwd: REPOSITORY_ROOT,
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const runtime: RunningProcess = {
      child,
      output: () => ({ stdout, stderr }),
      exited: exited.then((code) => ({ code, signal: null })),
    };
    try {
      await waitForHealth(runtime, url, 60_000);
      await waitForOutput(runtime, 'Ctrl-C stops.', 30_000);
      expect(javaProcessesFor(dataDir)).toHaveLength(1);
      const before = { stdout: stdout.length, stderr: stderr.length };
      process.kill(-child.pid!, 'SIGINT');
      // npm itself ends by the signal it was sent; node, behind it, stopped cleanly.
      await exitWithin(runtime, 30_000);
      const said = `${stdout.slice(before.stdout)}\n${stderr.slice(before.stderr)}`
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(said).toEqual(['Ctrl-C: finishing the work in flight (at most 15 s), then stopping']);
      const deadline = Date.now() + 30_000;
      while (processesFor(dataDir).length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(processesFor(dataDir)).toEqual([]);
    } finally {
      children.delete(child);
      try {
        // Whatever is left of the group, if the test failed midway.
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Nothing left: the expected case.
      }
    }
  });

  it('says in one line that the port is taken, exits 1 and leaves no Java behind', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const runtime = startRuntime(dataDir, port);
      const { code } = await exitWithin(runtime, 30_000);
      expect(code).toBe(1);
      const lines = runtime
        .output()
        .stderr.split('\n')
        .filter((line) => line.trim() !== '');
      expect(lines).toEqual([`Port ${port} is in use: stop the other process or set PORT=${port + 1}`]);
      expect(javaProcessesFor(dataDir)).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('says in one line that Java 17 is needed when there is no java on the PATH', async () => {
    const runtime = startRuntime(dataDir, await freePort(), { PATH: join(dataDir, 'no-such-bin') });
    const { code } = await exitWithin(runtime, 30_000);
    expect(code).toBe(1);
    const lines = runtime
      .output()
      .stderr.split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Java 17\+ is required for DynamoDB Local: install a JDK 17 \(e\.g\. apt-get install openjdk-17-jre-headless\) and retry/,
    );
  });

  it('stops the DynamoDB Local that a runtime killed outright left behind, at the next start', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = startRuntime(dataDir, port);
    await waitForHealth(first, url, 60_000);
    const [orphan] = javaProcessesFor(dataDir);
    expect(orphan).toBeDefined();
    first.child.kill('SIGKILL');
    await exitWithin(first, 10_000);
    expect(isAlive(orphan!)).toBe(true);

    const second = startRuntime(dataDir, port);
    await waitForHealth(second, url, 60_000);
    expect(isAlive(orphan!)).toBe(false);
    expect(javaProcessesFor(dataDir)).toHaveLength(1);

    second.child.kill('SIGTERM');
    expect((await exitWithin(second, 30_000)).code).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  });
});
