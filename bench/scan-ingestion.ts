/**
 * Scan ingestion on the embedded runtime: POST /v1/scans over HTTP, 20,000 scans (BENCH_SCANS;
 * see DEFAULT_SCANS) in batches of 100 from 4 concurrent clients, against the same DynamoDB
 * requests sent straight to the same DynamoDB Local with the SDK and none of our code ("raw").
 *
 * The raw side repeats what the ingestion sends for each batch: one BatchGetItem for the
 * batch's scan ids (the duplicate check), then for each item — 8 items at once, as
 * ITEM_CONCURRENCY says — a strongly consistent Query of the item's partition (the optimistic
 * lock read) and a TransactWriteItems of the fact (attribute_not_exists) and the item (version
 * condition). Reads are included because our ingestion cannot write a scan without them: the
 * ratio then measures our code (HTTP, auth, validation, planning, marshalling), not the read
 * pattern, which the DynamoDB cost benchmark prices. The writes alone are measured too and
 * reported beside it, unbudgeted.
 *
 * Each batch holds one scan of each of 100 different items (a bag departing, say); each
 * client owns its items, and each item gets depart and arrive scans five minutes apart, in
 * order. Ours and raw take turns, one round of scans each (A-B, B-A, …), so that a drift of
 * DynamoDB Local over the run (its JIT, its growing table) or a burst of other work on the
 * machine weighs on both alike. The runtime runs in this process: the load generator's share
 * of the event loop is small (a JSON body per batch) and the raw side pays it too.
 */
import { BatchGetItemCommand, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { KEY } from '../functions/adapters/dynamodb/keys.ts';
import { ITEM_CONCURRENCY, MAX_FACTS_PER_ITEM } from '../functions/domain/items/ingest.ts';
import {
  type CollectedTemplate,
  collectedOutboundItem,
  copyItemCode,
  copyRows,
  HANOI,
  partition,
  type Row,
  writeRows,
} from './lib/fixtures.ts';
import { type BenchRuntime, CONSUMERS } from './lib/harness.ts';
import { boundedAll, percentile, round, sum } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome } from './lib/types.ts';

const CLIENTS = 4;
const BATCH_SIZE = 100;
const ITEMS_PER_CLIENT = 200;
/**
 * Scans each way. DynamoDB Local commits some 150–250 transactions a second on this 2-core
 * machine, so 20,000 scans each way take three to four minutes; `BENCH_SCANS=8000 npm run
 * bench` gives a quicker run (a multiple of 800).
 */
export const DEFAULT_SCANS = 20_000;
const scansEachWay = (): number => Number(process.env.BENCH_SCANS ?? DEFAULT_SCANS);
const WARM_UP_ITEMS_PER_CLIENT = 100;
const WARM_UP_SCANS_PER_ITEM = 2;
const SCAN_SPACING_MS = 5 * 60_000;
export const RATIO_BUDGET = 0.6;

interface ItemSet {
  readonly name: string;
  /** Index of the first copy: item codes are copyItemCode(first + n). */
  readonly first: number;
  readonly itemsPerClient: number;
}

interface PhaseResult {
  readonly scans: number;
  readonly wallMs: number;
  /** CPU time of this process (load generator, runtime, handlers, SDK): what our code adds shows here. */
  readonly cpuMs: number;
  readonly batchLatenciesMs: number[];
  readonly outcomes: Record<string, number>;
}

/** One batch: the `group`-th 100 consecutive items of the client's share. */
function batchItems(set: ItemSet, client: number, group: number): number[] {
  const start = set.first + client * set.itemsPerClient + group * BATCH_SIZE;
  return Array.from({ length: BATCH_SIZE }, (_, offset) => start + offset);
}

async function runPhase(
  set: ItemSet,
  rounds: readonly number[],
  sendBatch: (client: number, items: number[], round: number) => Promise<Record<string, number>>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      // A round gives each of the client's items one scan, 100 items a batch.
      for (const round of rounds) {
        for (let group = 0; group < set.itemsPerClient / BATCH_SIZE; group += 1) {
          const items = batchItems(set, client, group);
          const sent = performance.now();
          const counted = await sendBatch(client, items, round);
          latencies.push(performance.now() - sent);
          for (const [outcome, count] of Object.entries(counted))
            outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    scans: rounds.length * CLIENTS * set.itemsPerClient,
    wallMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    batchLatenciesMs: latencies,
    outcomes,
  };
}

function merge(phases: readonly PhaseResult[]): PhaseResult {
  const outcomes: Record<string, number> = {};
  for (const phase of phases) {
    for (const [outcome, count] of Object.entries(phase.outcomes))
      outcomes[outcome] = (outcomes[outcome] ?? 0) + count;
  }
  return {
    scans: sum(phases.map((phase) => phase.scans)),
    wallMs: sum(phases.map((phase) => phase.wallMs)),
    cpuMs: sum(phases.map((phase) => phase.cpuMs)),
    batchLatenciesMs: phases.flatMap((phase) => phase.batchLatenciesMs),
    outcomes,
  };
}

const scanId = (set: ItemSet, item: number, round: number) => `bench-${set.name}-${item}-${round}`;

/** Our side: POST /v1/scans, one batch per call. */
function ourBatches(harness: BenchRuntime, token: string, template: CollectedTemplate, set: ItemSet) {
  return async (_client: number, items: number[], round: number) => {
    const occurredAt = new Date(template.collectedAt.getTime() + (round + 2) * SCAN_SPACING_MS).toISOString();
    const answer = await harness.call('POST', '/v1/scans', token, {
      scans: items.map((item) => ({
        scanId: scanId(set, item, round),
        itemCode: copyItemCode(item),
        type: round % 2 === 0 ? 'depart' : 'arrive',
        occurredAt,
        postOfficeCode: HANOI,
        staffId: 'bench-staff-01',
      })),
    });
    if (answer.status !== 200)
      throw new Error(`POST /v1/scans: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
    const counted: Record<string, number> = {};
    for (const result of answer.json.results as { outcome: string; reason?: string }[]) {
      const key = result.reason ? `${result.outcome}: ${result.reason}` : result.outcome;
      counted[key] = (counted[key] ?? 0) + 1;
    }
    return counted;
  };
}

/**
 * The raw side: the same requests, pre-marshalled, straight to DynamoDB Local. Keeps each
 * item's version, as the version condition needs, across the senders it makes.
 */
function rawItems(
  harness: BenchRuntime,
  templates: { fact: Row; item: Row; itemCode: string },
  set: ItemSet,
  startVersion: number,
) {
  const table = harness.runtime.services.tableName;
  const client = harness.rawClient;
  const versions = new Map<number, number>();
  const itemRows = new Map<number, Row>();
  const factRows = new Map<number, Row>();
  const swap = (row: Row, item: number): Row =>
    JSON.parse(JSON.stringify(row).replaceAll(templates.itemCode, copyItemCode(item))) as Row;
  for (let item = set.first; item < set.first + CLIENTS * set.itemsPerClient; item += 1) {
    itemRows.set(item, swap(templates.item, item));
    factRows.set(item, swap(templates.fact, item));
    versions.set(item, startVersion);
  }
  return (withReads: boolean) => async (_client: number, items: number[], round: number) => {
    if (withReads) {
      await client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [table]: {
              Keys: items.map((item) => ({
                pk: { S: KEY.itemPartition(copyItemCode(item)) },
                sk: { S: `FACT#${scanId(set, item, round)}` },
              })),
            },
          },
        }),
      );
    }
    await boundedAll(items, ITEM_CONCURRENCY, async (item) => {
      if (withReads) {
        await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': { S: KEY.itemPartition(copyItemCode(item)) } },
            ConsistentRead: true,
            Limit: MAX_FACTS_PER_ITEM + 2,
          }),
        );
      }
      const expected = versions.get(item) as number;
      const id = scanId(set, item, round);
      const fact: Row = { ...(factRows.get(item) as Row), sk: { S: `FACT#${id}` }, factId: { S: id } };
      const next: Row = { ...(itemRows.get(item) as Row), version: { N: String(expected + 1) } };
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: fact, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: table,
                Item: next,
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expected) } },
              },
            },
          ],
        }),
      );
      versions.set(item, expected + 1);
    });
    return { written: items.length };
  };
}

const throughput = (phase: PhaseResult) => phase.scans / (phase.wallMs / 1000);
const cpuPerScan = (phase: PhaseResult) => phase.cpuMs / phase.scans;

export const scanIngestion: Benchmark = {
  id: 'scan-ingestion',
  title: 'Scan ingestion (POST /v1/scans) against raw DynamoDB Local',
  // Two minutes of set-up and warm-up, then up to two minutes per 4,000 scans each way.
  timeLimitMs: (2 + (scansEachWay() / 4_000) * 2) * 60_000,
  async run({ runtime, log }): Promise<BenchmarkOutcome> {
    const scansPerItem = scansEachWay() / (CLIENTS * ITEMS_PER_CLIENT);
    if (!Number.isInteger(scansPerItem) || scansPerItem < 2 || scansPerItem > 40) {
      throw new Error(`BENCH_SCANS must be a multiple of ${CLIENTS * ITEMS_PER_CLIENT} from 1,600 to 32,000`);
    }
    const harness = await runtime();
    const setupStarted = performance.now();
    // The template item is collected and has departed once: the measured scans change no status,
    // so they set off no events, callbacks or notifications — ingestion alone is measured.
    const collected = await collectedOutboundItem(harness, 1);
    const token = await harness.token('postal-staff', { postOfficeCode: HANOI });
    const departed = await harness.call('POST', '/v1/scans', token, {
      scans: [
        {
          scanId: 'bench-template-depart',
          itemCode: collected.itemCode,
          type: 'depart',
          occurredAt: new Date(collected.collectedAt.getTime() + 60_000).toISOString(),
          postOfficeCode: HANOI,
        },
      ],
    });
    if (departed.json?.results?.[0]?.outcome !== 'accepted') {
      throw new Error(`the template's depart scan was not accepted: ${JSON.stringify(departed.json)}`);
    }
    const template: CollectedTemplate = { ...collected, rows: await partition(harness, collected.itemCode) };
    const ours: ItemSet = { name: 'o', first: 0, itemsPerClient: ITEMS_PER_CLIENT };
    const raw: ItemSet = { name: 'r', first: CLIENTS * ITEMS_PER_CLIENT, itemsPerClient: ITEMS_PER_CLIENT };
    const oursWarm: ItemSet = {
      name: 'ow',
      first: 2 * CLIENTS * ITEMS_PER_CLIENT,
      itemsPerClient: WARM_UP_ITEMS_PER_CLIENT,
    };
    const rawWarm: ItemSet = {
      name: 'rw',
      first: oursWarm.first + CLIENTS * WARM_UP_ITEMS_PER_CLIENT,
      itemsPerClient: WARM_UP_ITEMS_PER_CLIENT,
    };
    const totalCopies = rawWarm.first + CLIENTS * WARM_UP_ITEMS_PER_CLIENT;
    const copies = Array.from({ length: totalCopies }, (_, index) =>
      copyRows(template.rows, template, index),
    ).flat();
    await writeRows(harness, copies);
    log(
      `setup: ${totalCopies} items in transit (${copies.length} rows) in ${Math.round(performance.now() - setupStarted)} ms`,
    );

    // Warm-up (not measured): the handler's imports, DynamoDB Local's JIT, both paths.
    const warmRounds = Array.from({ length: WARM_UP_SCANS_PER_ITEM }, (_, round) => round);
    const warm = await runPhase(oursWarm, warmRounds, ourBatches(harness, token, template, oursWarm));
    const written = await partition(harness, copyItemCode(oursWarm.first));
    const fact = written.find((row) => row.entity?.S === 'fact' && row.type?.S === 'depart');
    const item = written.find((row) => row.entity?.S === 'item');
    if (!fact || !item) throw new Error('the warm-up scans left no depart fact to copy');
    const rowTemplates = { fact, item, itemCode: copyItemCode(oursWarm.first) };
    // Raw items start where ours do: the template's rows, at its version.
    const startVersion = Number(template.rows.find((row) => row.entity?.S === 'item')?.version?.N);
    await runPhase(rawWarm, warmRounds, rawItems(harness, rowTemplates, rawWarm, startVersion)(true));
    log(`warm-up: ${warm.scans} scans each way`);

    const oursSender = ourBatches(harness, token, template, ours);
    const rawSender = rawItems(harness, rowTemplates, raw, startVersion);
    // Ours and raw take turns, a round each (A-B, B-A, A-B, …), each phase once the stream and
    // queue consumers are idle: a burst of other work on the machine falls on both alike.
    const phase: typeof runPhase = async (...args) => {
      await harness.settle(CONSUMERS, 1_000, 60_000);
      return runPhase(...args);
    };
    const oursPhases: PhaseResult[] = [];
    const rawPhases: PhaseResult[] = [];
    for (let round = 0; round < scansPerItem; round += 1) {
      const runOurs = async () => oursPhases.push(await phase(ours, [round], oursSender));
      const runRaw = async () => rawPhases.push(await phase(raw, [round], rawSender(true)));
      if (round % 2 === 0) {
        await runOurs();
        await runRaw();
      } else {
        await runRaw();
        await runOurs();
      }
      log(
        `round ${round + 1}/${scansPerItem}: ours ${Math.round(throughput(oursPhases.at(-1) as PhaseResult))}, raw ${Math.round(throughput(rawPhases.at(-1) as PhaseResult))} scans/s`,
      );
    }
    // The transactions alone, one round, unbudgeted: what the reads before each write cost in throughput.
    const writesOnly = await phase(raw, [scansPerItem], rawSender(false));
    log(`raw, transactions only: ${Math.round(throughput(writesOnly))} scans/s`);

    const oursAll = merge(oursPhases);
    const rawAll = merge(rawPhases);
    const accepted = oursAll.outcomes.accepted ?? 0;
    if (accepted !== oursAll.scans) {
      throw new Error(
        `only ${accepted} of ${oursAll.scans} scans were accepted: ${JSON.stringify(oursAll.outcomes)}`,
      );
    }
    const oursRate = throughput(oursAll);
    const rawRate = throughput(rawAll);
    const writesRate = throughput(writesOnly);
    const p = (phase: PhaseResult, q: number) => round(percentile(phase.batchLatenciesMs, q), 1);
    return {
      metrics: [
        {
          id: 'ours-scans-per-s',
          label: 'ours: scans/s (HTTP, 4 clients, batches of 100)',
          value: round(oursRate, 0),
          unit: 'scans/s',
        },
        { id: 'ours-batch-p50', label: 'ours: batch latency p50', value: p(oursAll, 50), unit: 'ms' },
        { id: 'ours-batch-p99', label: 'ours: batch latency p99', value: p(oursAll, 99), unit: 'ms' },
        {
          id: 'raw-scans-per-s',
          label: 'raw: scans/s (same requests, SDK only)',
          value: round(rawRate, 0),
          unit: 'scans/s',
        },
        {
          id: 'ratio',
          label: 'ours / raw (same requests)',
          value: round(oursRate / rawRate, 3),
          unit: '×',
          budget: { op: '>=', limit: RATIO_BUDGET },
        },
        {
          id: 'ours-cpu-per-scan',
          label: 'ours: Node CPU per scan in this process (load generator, HTTP, handler, SDK)',
          value: round(cpuPerScan(oursAll), 2),
          unit: 'ms',
        },
        {
          id: 'raw-cpu-per-scan',
          label: 'raw: Node CPU per scan in this process (SDK only)',
          value: round(cpuPerScan(rawAll), 2),
          unit: 'ms',
        },
        {
          id: 'raw-writes-only-per-s',
          label: 'raw: transactions only (no reads), scans/s',
          value: round(writesRate, 0),
          unit: 'scans/s',
        },
        {
          id: 'ratio-writes-only',
          label: 'ours / raw transactions only',
          value: round(oursRate / writesRate, 3),
          unit: '×',
        },
      ],
      tables: [
        {
          title: `Scan ingestion (4 clients; 100 scans per batch; ours and raw alternating, ${scansPerItem} phases each)`,
          columns: [
            'side',
            'scans',
            'wall s',
            'scans/s',
            'per-phase scans/s (min–max)',
            'batch p50 ms',
            'batch p99 ms',
            'Node CPU ms per scan',
          ],
          rows: [
            ['ours (POST /v1/scans)', oursAll, oursPhases] as const,
            ['raw (same requests)', rawAll, rawPhases] as const,
            ['raw, transactions only', writesOnly, [writesOnly]] as const,
          ].map(([side, all, phases]) => [
            side,
            all.scans,
            round(all.wallMs / 1000, 2),
            round(throughput(all), 0),
            `${Math.round(Math.min(...phases.map(throughput)))}–${Math.round(Math.max(...phases.map(throughput)))}`,
            p(all, 50),
            p(all, 99),
            round(cpuPerScan(all), 2),
          ]),
        },
      ],
      notes: [
        `${oursAll.scans} scans each way over ${CLIENTS * ITEMS_PER_CLIENT} items (${scansPerItem} depart/arrive scans per item), after a warm-up of ${warm.scans} scans each way on other items; every one of ours was accepted. The items (copies of one registered, collected and departed item) are in transit already, so no scan changes a status: no events, callbacks or notifications follow, and ingestion alone is measured.`,
        'Raw = per batch one BatchGetItem (the duplicate check) and, 8 items at once, a consistent Query of the item partition and a TransactWriteItems (fact Put with attribute_not_exists + item Put with a version condition), pre-marshalled, low-level client: the requests our ingestion sends, without our code. The budget applies to this ratio; "transactions only" leaves the reads out.',
        'DynamoDB Local bounds both sides: it commits some 150–200 of these transactions a second on this machine (fewer with the reads), so throughput here says nothing about DynamoDB itself, only about our overhead over it. Both sides share this process (the runtime runs in-process) and the machine; each phase starts once the stream and queue consumers are idle. Other work on the machine moves the ratio by ±0.2 from run to run (see the load average above).',
        `DynamoDB Local (Java) is the bottleneck, so throughput hides most of what our code costs; CPU time shows it: this process spent ${round(cpuPerScan(oursAll), 2)} ms per scan on our side (load generator, local HTTP API and JWT check, middy, zod, planning, marshalling, SDK) against ${round(cpuPerScan(rawAll), 2)} ms on the raw side (SDK only), with the runtime's stream poller running for both.`,
        `Default ${DEFAULT_SCANS.toLocaleString('en')} scans each way; BENCH_SCANS=8000 npm run bench gives a quicker run.`,
      ],
    };
  },
};
