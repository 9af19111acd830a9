/**
 * `npm start`: the whole system on this machine.
 *
 *   npm start [-- --in-memory] [--api-only] [--data-dir DIR] [--office CODE] [--agency CODE]
 *             [--dynamo-port N] [--queue-port N] [--clock-offset 3d] [--demo]   PORT=3000 by default
 *
 * With --demo, seeds a month of demo journeys once (infra/local/demo-month.ts) before saying it is ready.
 * Serves the API and, unless --api-only, the web console (built first when web/dist is missing).
 * Prints the API's URL, the local service endpoints and a dev token per role. Ctrl-C (SIGINT)
 * or SIGTERM lets the requests and batches in flight finish (up to BRIDGE_DRAIN_SECONDS, 15 by
 * default), then stops everything, the Java process of DynamoDB Local included, with one line
 * said. A Ctrl-C pressed again after a moment stops at once; what that cuts short is redone
 * at the next start.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CLOCK_OFFSET_ENV, parseClockOffset, systemNow } from '../../functions/commons/clock.ts';
import { ROLES } from '../manifest.ts';
import { ensureConsoleBuilt } from './console.ts';
import { DEFAULT_DATA_DIR, DEFAULT_HTTP_PORT } from './constants.ts';
import { demoTokenRequest } from './demo.ts';
import { seedDemoMonth } from './demo-month.ts';
import { LocalRuntimeError, oneLine } from './errors.ts';
import { DEFAULT_DRAIN_TIMEOUT_MS, type LocalRuntime, startLocalRuntime } from './runtime.ts';

const USAGE = `Usage: npm start [-- --in-memory] [--api-only] [--data-dir DIR] [--office CODE] [--agency CODE] [--dynamo-port N] [--queue-port N] [--clock-offset OFFSET] [--demo]
  --demo seeds a month of journeys (dossiers, scans, money, remittances, bank lines) once, for the console's pages
  --clock-offset shifts the system's "now" (deadlines, lateness, retries, nightly jobs): 3d, -12h, 2d6h, 90m
Environment: PORT (the API's port, ${DEFAULT_HTTP_PORT} by default), BRIDGE_HOST (the address to listen on, 127.0.0.1 by default),
  BRIDGE_DRAIN_SECONDS (how long a stop lets work in flight finish, ${DEFAULT_DRAIN_TIMEOUT_MS / 1000} by default),
  BRIDGE_CLOCK_OFFSET (as --clock-offset, which wins when both are given)`;
/** The terminal, npm and a parent process may each pass one Ctrl-C on: repeats this close together are the same press. */
const REPEATED_SIGNAL_WINDOW_MS = 1_500;
/** What stopping the services takes after the drain: DynamoDB Local gets 5 s to exit, then 5 s more after SIGKILL. */
const SERVICES_STOP_LIMIT_MS = 12_000;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function portOf(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`${name} must be a port number (0–65535), not '${value}'`, 2);
  return port;
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        'in-memory': { type: 'boolean', default: false },
        'api-only': { type: 'boolean', default: false },
        'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
        office: { type: 'string' },
        agency: { type: 'string' },
        'dynamo-port': { type: 'string' },
        'queue-port': { type: 'string' },
        'clock-offset': { type: 'string' },
        demo: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    return fail(`${oneLine(error)}\n${USAGE}`, 2);
  }
}

const options = parseOptions();
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = portOf(process.env.PORT, 'PORT') ?? DEFAULT_HTTP_PORT;
const dynamoPort = portOf(options['dynamo-port'], '--dynamo-port');
const queuePort = portOf(options['queue-port'], '--queue-port');
const drainSeconds = Number(process.env.BRIDGE_DRAIN_SECONDS ?? DEFAULT_DRAIN_TIMEOUT_MS / 1000);
if (!Number.isFinite(drainSeconds) || drainSeconds < 0 || drainSeconds > 600)
  fail(
    `BRIDGE_DRAIN_SECONDS must be a number of seconds from 0 to 600, not '${process.env.BRIDGE_DRAIN_SECONDS}'`,
    2,
  );
const drainTimeoutMs = Math.round(drainSeconds * 1000);
const clockOffset = options['clock-offset'] ?? process.env.BRIDGE_CLOCK_OFFSET;
if (clockOffset) {
  try {
    // The functions run in this process: they and the schedules read the offset from here.
    process.env[CLOCK_OFFSET_ENV] = String(parseClockOffset(clockOffset));
  } catch (error) {
    fail(oneLine(error), 2);
  }
}
const shutdownLimitMs = drainTimeoutMs + SERVICES_STOP_LIMIT_MS;

const startedAt = Date.now();
let runtime: LocalRuntime | undefined;
let shuttingDown = false;
let firstSignalAt = 0;

async function shutDown(code: number): Promise<never> {
  const forced = setTimeout(() => {
    console.error(`Stopping took longer than ${shutdownLimitMs / 1000} s: forcing the exit`);
    process.exit(code === 0 ? 1 : code);
  }, shutdownLimitMs);
  forced.unref();
  try {
    await runtime?.stop();
  } catch (error) {
    console.error(`Stopping failed: ${oneLine(error)}`);
    process.exit(1);
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (shuttingDown) {
      if (Date.now() - firstSignalAt < REPEATED_SIGNAL_WINDOW_MS) return;
      // Pressed again: stop now. The process exit hook still stops the Java process, and the
      // next start redoes what was cut short.
      process.exit(130);
    }
    shuttingDown = true;
    firstSignalAt = Date.now();
    const name = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    console.log(`\n${name}: finishing the work in flight (at most ${drainSeconds} s), then stopping`);
    // While starting, the start finishes (or fails) first and then stops.
    if (runtime) void shutDown(0);
  });
}
process.on('unhandledRejection', (reason) => {
  // In Lambda, one invocation would fail; here the runtime keeps serving the others.
  console.error('A promise was rejected and nobody handled it (a handler left it behind):', reason);
});
process.on('uncaughtException', (error) => {
  console.error('Uncaught exception: stopping.', error);
  if (!shuttingDown) {
    shuttingDown = true;
    void shutDown(1);
  }
});

const dataDirLabel = (dir: string): string => {
  const shown = relative(process.cwd(), dir);
  return shown === '' || shown.startsWith('..') ? dir : shown;
};

async function printBanner(started: LocalRuntime): Promise<void> {
  if (shuttingDown) return;
  const { services } = started;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const queueNames = Object.keys(services.queueUrls);
  const lines = [
    '',
    `bcci-bridge local runtime ready in ${seconds} s`,
    `  API        ${started.url}    (GET ${started.url}/health)`,
    ...(options['api-only'] ? [] : [`  Console    ${started.url}/    (sign in at ${started.url}/sign-in)`]),
    `  DynamoDB   ${services.dynamoEndpoint}    table ${services.tableName} (stream on)`,
    `  SQS, S3    ${services.queueEndpoint}    queues ${queueNames.length > 0 ? queueNames.join(', ') : 'none'}; bucket ${services.bucketName}`,
    `  Data       ${services.inMemory ? 'in memory (nothing is kept)' : dataDirLabel(services.dataDir)}`,
    `  Outbox     ${dataDirLabel(services.env.BRIDGE_OUTBOX_DIR ?? '')}`,
    ...(clockOffset
      ? [`  Clock      shifted by ${clockOffset}: the system's now is ${systemNow().toISOString()}`]
      : []),
  ];
  for (const [name, next] of started.schedules?.nextRuns ?? []) {
    lines.push(`  Schedule   ${name}: next ${next ? next.toISOString() : 'never'}`);
  }
  lines.push('', 'Dev tokens (12 h; `npm run token -- <role>` makes more):');
  for (const role of ROLES) {
    const request = demoTokenRequest(role, {
      ...(options.office ? { postOfficeCode: options.office } : {}),
      ...(options.agency ? { agencyCode: options.agency } : {}),
    });
    const scope = request.postOfficeCode
      ? `office ${request.postOfficeCode}`
      : request.agencyCode
        ? `agency ${request.agencyCode}`
        : 'national';
    lines.push(`  ${role} (${scope})`, `    ${await started.issuer.sign(request)}`);
  }
  lines.push('', 'Ctrl-C stops.', '');
  if (!shuttingDown) console.log(lines.join('\n'));
}

/** `--demo`: the month of journeys, once per data folder; a failure stops the runtime with its reason. */
async function seedDemo(started: LocalRuntime): Promise<void> {
  try {
    const seeded = await seedDemoMonth({
      dataDir: options['in-memory'] ? null : started.dataDir,
      now: systemNow(),
      log: (line) => console.log(line),
    });
    console.log(
      seeded.seeded
        ? `Seeded the demo month in ${seeded.seconds.toFixed(1)} s: ${seeded.dossiers} dossiers, ${seeded.scans} scans, ${seeded.remittances} remittances, ${seeded.bankLines} bank statement lines matched, ${seeded.handins} cash hand-ins`
        : `The demo month was seeded before (up to ${seeded.anchorAt}): nothing added`,
    );
  } catch (error) {
    console.error(`Could not seed the demo month: ${oneLine(error)}`);
    shuttingDown = true;
    await shutDown(1);
  }
}

console.log(
  `Starting bcci-bridge locally (${options['in-memory'] ? 'in memory' : `data in ${options['data-dir']}`})…`,
);
try {
  if (!options['api-only']) ensureConsoleBuilt();
  runtime = await startLocalRuntime({
    dataDir: options['data-dir'],
    inMemory: options['in-memory'],
    console: !options['api-only'],
    port,
    hostname: process.env.BRIDGE_HOST || undefined,
    dynamoPort,
    queuePort,
    drainTimeoutMs,
  });
} catch (error) {
  fail(error instanceof LocalRuntimeError ? error.message : `Could not start: ${oneLine(error)}`);
}
if (options.demo && !shuttingDown) await seedDemo(runtime);
if (shuttingDown) {
  await shutDown(0);
} else {
  await printBanner(runtime);
}
