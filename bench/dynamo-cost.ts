/**
 * DynamoDB cost per operation, priced from the requests our handlers send (bench/lib/capacity.ts
 * on the handlers' own client), with DynamoDB's published rules — not DynamoDB Local's
 * ConsumedCapacity.
 *
 * A workload runs twice through the HTTP API of the in-process runtime: once plain, for the
 * handlers' durations and log output (the cost model's stand-ins for Lambda), and once priced
 * (the pricing reads the table before and after each write, which slows the handlers). Each
 * time: 70 dossiers registered (pickup and return), 10 of them through the whole journey —
 * pickup, transit and handover of the dossier, the agency's acceptance; result ready,
 * collection, transit and delivery of the result; one scan per request, manifests of 10
 * items — then duplicates of 10 scans, a batch of 10 pickups, 10 item views and 3 worklist
 * pages of an office with 100 pickups due. Staff record what they collect: the pickup scan
 * carries the inbound item's postage, the delivery scan the outbound item's postage and fees,
 * in cash. The agency subscribes to every callback (a loopback endpoint answers them), so the
 * stream and queue consumers the journeys set off — the outbox publisher, notifications,
 * callback fan-out and delivery, the ledger — are measured too.
 *
 * Then, in each pass, the ledger's operations are called one by one, as postLedger
 * (functions/events/post-ledger.ts) calls them, on the items of dossiers that have no scan
 * yet: the item lookup, the bookings of a pickup, a handover and a delivery
 * (DynamoFinanceStore.recordFact), the dossier lookup and the receipt of the delivery's fees
 * (DynamoReceiptStore.issue), and the replay of a booked fact.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { attachCapacityRecorder } from '../functions/adapters/dynamodb/capacity-recorder.ts';
import { bookFact } from '../functions/app/money/book-fact.ts';
import { issueReceipt } from '../functions/app/money/issue-receipt.ts';
import { localDate } from '../functions/domain/calendar/working-days.ts';
import {
  collectionPointOf,
  type PayableItem,
  type PaymentFact,
} from '../functions/domain/money/collections.ts';
import { feesReceiptRequest } from '../functions/domain/money/receipts.ts';
import {
  type FunctionName,
  functions as functionSpecs,
  queues,
  streamConsumer,
  table,
} from '../infra/manifest.ts';
import { type Charge, type ChargeLine, createCapacityMeter } from './lib/capacity.ts';
import { readUnits } from './lib/dynamo-size.ts';
import { AGENCY, dossierRequest, HANOI, SAIGON } from './lib/fixtures.ts';
import { type BenchRuntime, CONSUMERS, type HttpAnswer, type Invocation } from './lib/harness.ts';
import { mean, round, sum } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome, Metric } from './lib/types.ts';

const REGISTRATIONS = 70;
const JOURNEYS = 10;
const BATCH_SCANS = 10;
const WORKLIST_PAGES = 3;
/**
 * The fact and the item (2 W each under 1 KB), and for a scan that collects money one sparse
 * index entry (1 W) by which the facts-to-ledger check finds an office's day of collections
 * without a scan of the table.
 */
export const ACCEPTED_SCAN_BUDGET_WRU = 5;
export const DUPLICATE_SCAN_BUDGET_UNITS = 1;
/** Dossiers whose items the ledger's operations are measured on, per pass. */
const LEDGER_DOSSIERS = 10;
const STAFF = 'bench-staff-01';

/** The ledger's operations, as postLedger performs them for the facts of a dossier. */
export const LEDGER_OPS = {
  itemLookup: 'look up the item (postLedger, each message)',
  pickup: 'book a pickup paid in cash, postage only (recordFact)',
  end: "book a journey's end without money (handed-over)",
  delivery: 'book a delivery paid in cash with fees (recordFact)',
  dossierLookup: 'look up the dossier and agency (postLedger, each receipt)',
  receipt: 'issue a receipt',
  replay: 'replay of an already-booked fact',
} as const;

/** The scans of a dossier's journey, in order: [op, direction, type, scanning office]. */
const JOURNEY_SCANS = {
  inbound: [
    ['scan:pickup', 'pickup', SAIGON],
    ['scan:depart (inbound)', 'depart', SAIGON],
    ['scan:arrive (inbound)', 'arrive', HANOI],
  ],
  outbound: [
    ['scan:depart (outbound)', 'depart', HANOI],
    ['scan:arrive (outbound)', 'arrive', SAIGON],
    ['scan:out-for-delivery', 'out-for-delivery', SAIGON],
    ['scan:delivered', 'delivered', SAIGON],
  ],
} as const;

interface Sample {
  readonly op: string;
  readonly invocation: Invocation;
}

interface Tokens {
  readonly agency: string;
  readonly hanoi: string;
  readonly saigon: string;
}

interface Journey {
  readonly consignmentRef: string;
  readonly inbound: string;
  readonly outbound: string;
  /** What the quote says is collected at each point (postage, fees, charges), in đồng. */
  readonly dueAtPickup: number;
  readonly dueAtDelivery: number;
}

interface WorkloadRun {
  readonly samples: Sample[];
  /** Invocations of the stream and queue consumers set off by the journeys (and nothing else). */
  readonly consumers: Invocation[];
  readonly journeys: Journey[];
  /** Registered dossiers that no scan touched: the ledger's operations are measured on them. */
  readonly untouched: Journey[];
  readonly worklistEntries: number;
}

type Answered = HttpAnswer & { readonly invocation?: Invocation };

function expectStatus(answer: Answered, status: number, what: string): void {
  if (answer.status !== status) {
    const invocation = answer.invocation;
    const log = invocation?.logTail ? `; the handler logged: ${invocation.logTail.slice(-1_000)}` : '';
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}${log}`);
  }
}

/**
 * One pass of the workload. The dossiers that only wait on the worklist (and the batch of
 * pickups) go first and the consumers are let finish, so that every consumer invocation after
 * that belongs to the journeys.
 */
async function runWorkload(
  harness: BenchRuntime,
  tokens: Tokens,
  name: string,
  firstSequence: number,
): Promise<WorkloadRun> {
  const samples: Sample[] = [];
  const request = async (
    op: string,
    functionName: FunctionName,
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answered> => {
    const before = harness.invocations.length;
    const answer = await harness.call(method, path, token, body, headers);
    const mine = harness.invocations
      .slice(before)
      .filter((invocation) => invocation.functionName === functionName);
    if (mine.length !== 1)
      throw new Error(`${op}: expected one ${functionName} invocation, saw ${mine.length}`);
    const invocation = mine[0] as Invocation;
    samples.push({ op, invocation });
    return { ...answer, invocation };
  };
  // A journey's steps a second apart per "minute", ending a minute before they are sent: never
  // before their dossier's registration, never in the future.
  const at = (minutes: number) => new Date(Date.now() + (minutes - 60) * 1_000).toISOString();
  let sequence = firstSequence;
  const register = async (): Promise<Journey> => {
    sequence += 1;
    const answer = await request(
      'register',
      'registerDossier',
      'POST',
      '/v1/dossiers',
      tokens.agency,
      dossierRequest({ sequence, communeCode: '26743', provinceCode: '79', pickup: true }),
      { 'idempotency-key': `bench-${name}-${sequence}` },
    );
    expectStatus(answer, 201, 'register a dossier');
    const items = answer.json.items as { itemCode: string; direction: string }[];
    const quote = answer.json.dossier.quote as { dueAtPickup: number; dueAtDelivery: number };
    return {
      consignmentRef: answer.json.dossier.consignmentRef,
      inbound: items.find((item) => item.direction === 'inbound')?.itemCode as string,
      outbound: items.find((item) => item.direction === 'outbound')?.itemCode as string,
      dueAtPickup: quote.dueAtPickup,
      dueAtDelivery: quote.dueAtDelivery,
    };
  };
  const tokenOf = (office: string) => (office === HANOI ? tokens.hanoi : tokens.saigon);
  const scanBodies = new Map<string, unknown[]>();
  let scanNumber = 0;
  /** A scan; at a collection point, with the cash staff took (what the quote says is due there). */
  const scan = (itemCode: string, type: string, minutes: number, office: string, collect = 0) => {
    scanNumber += 1;
    return {
      scanId: `bench-${name}-${scanNumber}`,
      itemCode,
      type,
      occurredAt: at(minutes),
      postOfficeCode: office,
      staffId: STAFF,
      ...(type === 'delivered'
        ? { proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self', idLast4: '1234' } }
        : {}),
      ...(collect > 0 ? { collected: { amount: collect, method: 'cash' } } : {}),
    };
  };
  const collectedAt = (journey: Journey, type: string): number =>
    type === 'pickup' ? journey.dueAtPickup : type === 'delivered' ? journey.dueAtDelivery : 0;
  const sendScans = async (op: string, token: string, scans: unknown[], expected: string) => {
    const answer = await request(op, 'ingestScans', 'POST', '/v1/scans', token, { scans });
    expectStatus(answer, 200, op);
    const outcomes = (answer.json.results as { outcome: string; reason?: string }[]).filter(
      (result) => result.outcome !== expected,
    );
    if (outcomes.length > 0) throw new Error(`${op}: ${JSON.stringify(outcomes[0])}, expected ${expected}`);
  };

  // Dossiers that stay on the worklist, and a batch of pickups of ten of them.
  const waiting: Journey[] = [];
  for (let index = 0; index < REGISTRATIONS - JOURNEYS; index += 1) waiting.push(await register());
  const batch = waiting
    .slice(0, BATCH_SCANS)
    .map((dossier) => scan(dossier.inbound, 'pickup', 0, SAIGON, dossier.dueAtPickup));
  await sendScans('scan-batch-10 (10 items)', tokens.saigon, batch, 'accepted');
  await harness.settle(CONSUMERS, 3_000, 60_000);

  // The journeys: everything the consumers do from here on is theirs.
  const fromHere = harness.invocations.length;
  const journeys: Journey[] = [];
  for (let index = 0; index < JOURNEYS; index += 1) journeys.push(await register());
  const journeyScans = async (direction: 'inbound' | 'outbound', firstMinute: number) => {
    for (const journey of journeys) {
      let minute = firstMinute;
      for (const [op, type, office] of JOURNEY_SCANS[direction]) {
        const scans = [scan(journey[direction], type, minute, office, collectedAt(journey, type))];
        scanBodies.set(`${journey.consignmentRef}/${op}`, scans);
        await sendScans(op, tokenOf(office), scans, 'accepted');
        minute += 10;
      }
    }
  };
  const manifest = async (
    kind: 'handover-to-agency' | 'collect-from-agency',
    itemCodes: string[],
    minute: number,
  ) => {
    const short = kind === 'handover-to-agency' ? 'handover' : 'collect';
    const created = await request(
      `manifest-create:${short}`,
      'manifests',
      'POST',
      '/v1/manifests',
      tokens.hanoi,
      { kind, agencyCode: AGENCY, postOfficeCode: HANOI, itemCodes },
    );
    expectStatus(created, 201, `draw up a ${short} manifest`);
    const confirmer = kind === 'handover-to-agency' ? tokens.agency : tokens.hanoi;
    const confirmed = await request(
      `manifest-confirm:${short}`,
      'manifests',
      'POST',
      `/v1/manifests/${created.json.manifestId}/confirm`,
      confirmer,
      { itemCodesReceived: itemCodes, signedBy: 'Trần Văn Bình', signedAt: at(minute) },
    );
    expectStatus(confirmed, 200, `confirm a ${short} manifest`);
  };

  await journeyScans('inbound', 0);
  await manifest(
    'handover-to-agency',
    journeys.map((journey) => journey.inbound),
    30,
  );
  for (const journey of journeys) {
    const decided = await request(
      'agency-decision',
      'dossierDecisions',
      'POST',
      `/v1/dossiers/${journey.consignmentRef}/agency-decision`,
      tokens.agency,
      { decision: 'accepted', decidedAt: at(35) },
    );
    expectStatus(decided, 200, 'accept a dossier');
    const ready = await request(
      'result-ready',
      'markResultReady',
      'POST',
      `/v1/dossiers/${journey.consignmentRef}/result-ready`,
      tokens.agency,
      { readyAt: at(40) },
    );
    expectStatus(ready, 200, 'mark a result ready');
  }
  await manifest(
    'collect-from-agency',
    journeys.map((journey) => journey.outbound),
    50,
  );
  await journeyScans('outbound', 60);
  for (const journey of journeys) {
    const scans = scanBodies.get(`${journey.consignmentRef}/scan:depart (outbound)`) as unknown[];
    await sendScans('duplicate-scan', tokens.hanoi, scans, 'duplicate');
  }
  for (const journey of journeys) {
    const view = await request('item-view', 'getItem', 'GET', `/v1/items/${journey.outbound}`, tokens.saigon);
    expectStatus(view, 200, 'view an item');
  }
  const date = localDate(new Date(Date.now() + 7 * 24 * 3_600_000));
  let worklistEntries = 0;
  for (let page = 0; page < WORKLIST_PAGES; page += 1) {
    const list = await request(
      'worklist-page',
      'getWorklist',
      'GET',
      `/v1/worklist?postOfficeCode=${SAIGON}&date=${date}`,
      tokens.saigon,
    );
    expectStatus(list, 200, 'read the worklist');
    worklistEntries = (list.json.entries as unknown[]).length;
  }
  await harness.settle(CONSUMERS, 3_000, 90_000);
  const consumers = harness.invocations
    .slice(fromHere)
    .filter((invocation) => CONSUMERS.includes(invocation.functionName));
  return { samples, consumers, journeys, untouched: waiting.slice(BATCH_SCANS), worklistEntries };
}

/** One call of a ledger operation, made outside any invocation and labelled for the meter. */
interface DirectSample {
  readonly op: string;
  readonly label: string;
  readonly durationMs: number;
}

/**
 * The ledger's operations on the items of `dossiers` (registered, never scanned), called as
 * postLedger calls them for the facts of a journey: the inbound item's pickup, paid in cash
 * (postage), and its handover to the agency; the outbound item's delivery, paid in cash
 * (postage, fees, the remittance charge), the receipt of its fees, and the same delivery
 * again, as a redelivered message would bring it.
 */
async function runLedgerOps(
  dossiers: readonly Journey[],
  name: string,
  direct: AsyncLocalStorage<string>,
): Promise<DirectSample[]> {
  // Imported here, once the runtime has set the environment the adapters and Powertools read.
  const { dossierStore, financeStore, itemStore, receiptStore, referenceStore } = await import(
    '../functions/adapters/index.ts'
  );
  const samples: DirectSample[] = [];
  const measure = async <T>(op: string, work: () => Promise<T>): Promise<T> => {
    const label = `direct-${name}-${samples.length + 1}`;
    const started = performance.now();
    const answer = await direct.run(label, work);
    samples.push({ op, label, durationMs: performance.now() - started });
    return answer;
  };
  const lookup = async (itemCode: string): Promise<PayableItem> => {
    const [item] = await measure(LEDGER_OPS.itemLookup, () => itemStore().getItems([itemCode]));
    if (!item) throw new Error(`ledger: no item ${itemCode}`);
    return { ...item, feesAmountVnd: item.feesAmountVnd ?? 0 };
  };
  const started = Date.now() - 3 * 3_600_000;
  const at = (minutes: number) => new Date(started + minutes * 60_000).toISOString();
  const fact = (id: string, type: string, minutes: number, office: string, collect: number): PaymentFact => ({
    factId: id,
    type,
    occurredAt: at(minutes),
    postOfficeCode: office,
    ...(type === 'handed-over' ? {} : { staffId: STAFF }),
    ...(collect > 0 ? { collected: { amount: collect, method: 'cash' as const } } : {}),
  });
  const expectOutcome = (what: string, outcome: string, expected: string) => {
    if (outcome !== expected) throw new Error(`ledger: ${what} answered ${outcome}, expected ${expected}`);
  };
  for (const [index, dossier] of dossiers.entries()) {
    const prefix = `bench-${name}-ledger-${index}`;
    const inbound = await lookup(dossier.inbound);
    const pickup = await measure(LEDGER_OPS.pickup, () =>
      bookFact(
        financeStore(),
        inbound,
        fact(`${prefix}-pickup`, 'pickup', 0, SAIGON, inbound.collectAmountVnd),
      ),
    );
    expectOutcome('the pickup', pickup.outcome, 'recorded');
    const handedOver = await measure(LEDGER_OPS.end, () =>
      bookFact(
        financeStore(),
        inbound,
        fact(`${prefix}-manifest-${inbound.itemCode}`, 'handed-over', 30, HANOI, 0),
      ),
    );
    expectOutcome('the handover', handedOver.outcome, 'recorded');

    const outbound = await lookup(dossier.outbound);
    const delivered = fact(`${prefix}-delivered`, 'delivered', 90, SAIGON, outbound.collectAmountVnd);
    const delivery = await measure(LEDGER_OPS.delivery, () => bookFact(financeStore(), outbound, delivered));
    expectOutcome('the delivery', delivery.outcome, 'recorded');
    if (
      delivered.type !== collectionPointOf(outbound.direction) ||
      !delivered.collected ||
      delivery.fees <= 0
    )
      throw new Error(`ledger: the delivery of ${outbound.itemCode} collected no fees to receipt`);
    const [found, agency] = await measure(LEDGER_OPS.dossierLookup, () =>
      Promise.all([
        dossierStore().find(outbound.consignmentRef),
        referenceStore().agency(outbound.agencyCode),
      ]),
    );
    if (!found) throw new Error(`ledger: no dossier ${outbound.consignmentRef}`);
    // The request postLedger makes for a delivery's fees.
    const request = feesReceiptRequest({
      item: outbound,
      fact: delivered,
      method: delivered.collected.method,
      fees: delivery.fees,
      dossier: found.dossier,
      agency,
    });
    await measure(LEDGER_OPS.receipt, () => issueReceipt(receiptStore(), request));
    const replay = await measure(LEDGER_OPS.replay, () => bookFact(financeStore(), outbound, delivered));
    expectOutcome('the replayed delivery', replay.outcome, 'replayed');
  }
  return samples;
}

/** A loopback endpoint for the agency's callbacks: answers every delivery with 204. */
async function callbackReceiver(): Promise<{
  url: string;
  received: () => number;
  close: () => Promise<void>;
}> {
  let received = 0;
  const server = createServer((incoming, answer) => {
    incoming.resume();
    incoming.on('end', () => {
      received += 1;
      answer.writeHead(204).end();
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    received: () => received,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

export interface OpFigures {
  readonly op: string;
  readonly functionName: string;
  readonly memoryMb: number;
  readonly n: number;
  /** Means per operation. */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly indexWriteUnits: number;
  readonly streamRecords: number;
  readonly durationMs: number;
  readonly logBytes: number;
}

const memoryOf = (name: string): number =>
  (functionSpecs as Record<string, { memoryMb: number }>)[name]?.memoryMb ?? 0;

function figures(
  op: string,
  timed: readonly Sample[],
  priced: readonly Sample[],
  chargesOf: (sample: Sample) => Charge[],
): OpFigures {
  const charges = priced.map(chargesOf);
  const perOp = (pick: (charge: Charge) => number) => mean(charges.map((list) => sum(list.map(pick))));
  const functionName = (timed[0] ?? priced[0])?.invocation.functionName ?? '';
  const warm = timed.filter((sample) => !sample.invocation.cold);
  return {
    op,
    functionName,
    memoryMb: memoryOf(functionName),
    n: priced.length,
    readUnits: perOp((charge) => charge.readUnits),
    writeUnits: perOp((charge) => charge.writeUnits),
    indexWriteUnits: perOp((charge) => charge.indexWriteUnits),
    streamRecords: perOp((charge) => charge.streamRecords),
    durationMs: mean((warm.length > 0 ? warm : timed).map((sample) => sample.invocation.durationMs ?? 0)),
    logBytes: mean(timed.map((sample) => sample.invocation.logBytes)),
  };
}

/** What a row of the ledger's operations is, from its key (`ITEM#… / LEDGER#…`: a ledger mark). */
function ledgerRowKind(key: string): string {
  const [pk = '', sk = ''] = key.split(' / ');
  if (sk.startsWith('LEDGER#')) return 'mark';
  if (sk === 'FINANCE#DUE') return 'due claim';
  if (sk === 'ITEM') return 'item';
  if (pk.startsWith('FINDAY#')) return 'finance line';
  if (pk.startsWith('TRANSFER#')) return 'transfer';
  if (pk.startsWith('ENTRIES#')) return 'entry';
  if (sk.startsWith('BALANCE#')) return 'balance shard';
  if (pk.startsWith('RECEIPTSERIES#')) return 'series counter';
  if (pk.startsWith('RECEIPTFOR#')) return 'collection claim';
  if (pk.startsWith('RECEIPT#')) return 'receipt';
  if (pk === 'REFERENCE#AGENCIES') return 'agency';
  return pk.split('#')[0] ?? key;
}

const LEDGER_ROW_PLURALS: Readonly<Record<string, string>> = { entry: 'entries' };

const linesOf = (charges: readonly Charge[], kind: ChargeLine['kind']) =>
  charges.flatMap((charge) => charge.lines.filter((line) => line.kind === kind));

/** SMS the journey's dossiers received (the local notification outbox keeps one JSON line per message). */
function smsPerJourney(harness: BenchRuntime, journeys: readonly Journey[]): number {
  const file = join(harness.runtime.services.env.BRIDGE_OUTBOX_DIR ?? '', 'notifications.jsonl');
  const ids = journeys.flatMap((journey) => [journey.consignmentRef, journey.inbound, journey.outbound]);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
  const mine = lines.filter((line) => {
    const id = String((JSON.parse(line) as { notificationId?: string }).notificationId ?? '');
    // Event notices are `<ref>-<n>:sms` or `<item>-v<n>:sms`; the rating link is `<ref>:rating:sms`.
    return ids.some((prefix) => id.startsWith(`${prefix}-`) || id.startsWith(`${prefix}:`));
  });
  return mine.length / journeys.length;
}

export interface ConsumerFigures {
  readonly functionName: string;
  readonly memoryMb: number;
  /** Per dossier of the journey: what the stream and queue consumers did for it. */
  readonly invocations: number;
  readonly records: number;
  readonly durationMs: number;
  readonly logBytes: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Records that came from a queue (each one a SendMessage before). */
  readonly fromQueue: boolean;
}

function consumerFigures(
  functionName: string,
  timed: WorkloadRun,
  priced: WorkloadRun,
  chargesOf: (invocation: Invocation) => Charge[],
): ConsumerFigures {
  const timedRuns = timed.consumers.filter((invocation) => invocation.functionName === functionName);
  const pricedRuns = priced.consumers.filter((invocation) => invocation.functionName === functionName);
  const charges = pricedRuns.flatMap(chargesOf);
  const perDossier = (total: number, run: WorkloadRun) => total / run.journeys.length;
  return {
    functionName,
    memoryMb: memoryOf(functionName),
    invocations: perDossier(timedRuns.length, timed),
    records: perDossier(sum(timedRuns.map((invocation) => invocation.records ?? 0)), timed),
    durationMs: perDossier(sum(timedRuns.map((invocation) => invocation.durationMs ?? 0)), timed),
    logBytes: perDossier(sum(timedRuns.map((invocation) => invocation.logBytes)), timed),
    readUnits: perDossier(sum(charges.map((charge) => charge.readUnits)), priced),
    writeUnits: perDossier(sum(charges.map((charge) => charge.writeUnits + charge.indexWriteUnits)), priced),
    fromQueue: functionName !== streamConsumer.function,
  };
}

export const dynamoCost: Benchmark = {
  id: 'dynamo-cost',
  title: 'DynamoDB cost per operation (published pricing rules)',
  timeLimitMs: 4 * 60_000,
  async run({ runtime, log }): Promise<BenchmarkOutcome> {
    const harness = await runtime();
    const tokens: Tokens = {
      agency: await harness.token('agency', { agencyCode: AGENCY }),
      hanoi: await harness.token('postal-staff', { postOfficeCode: HANOI }),
      saigon: await harness.token('postal-staff', { postOfficeCode: SAIGON }),
    };
    // The agency listens to every event of its dossiers, on a loopback endpoint.
    const receiver = await callbackReceiver();
    const subscribed = await harness.call('POST', '/v1/webhooks', tokens.agency, {
      url: receiver.url,
      events: ['*'],
      description: 'bench',
    });
    const callbacksNote =
      subscribed.status === 201
        ? undefined
        : `The callback subscription was refused (HTTP ${subscribed.status}): callbacks were not measured.`;
    let timed: WorkloadRun;
    let priced: WorkloadRun;
    let ledgerTimed: DirectSample[];
    let ledgerPriced: DirectSample[];
    // The ledger's operations run outside any invocation: their requests carry this label.
    const direct = new AsyncLocalStorage<string>();
    const meter = createCapacityMeter({
      reader: harness.rawClient,
      table,
      attribute: () => harness.current()?.id ?? direct.getStore(),
    });
    try {
      timed = await runWorkload(harness, tokens, 'timed', 2000);
      log(`timed workload: ${timed.samples.length} requests, ${timed.consumers.length} consumer invocations`);
      ledgerTimed = await runLedgerOps(timed.untouched.slice(0, LEDGER_DOSSIERS), 'timed', direct);
      // What the ledger's writes set off on the stream is done with before the priced pass.
      await harness.settle(CONSUMERS, 3_000, 60_000);
      const detach = attachCapacityRecorder(await harness.documentClient(), meter.observe);
      try {
        priced = await runWorkload(harness, tokens, 'priced', 3000);
        ledgerPriced = await runLedgerOps(priced.untouched.slice(0, LEDGER_DOSSIERS), 'priced', direct);
      } finally {
        detach();
      }
      log(`priced workload: ${meter.charges.length} DynamoDB requests priced`);
    } finally {
      await receiver.close();
    }

    const chargesByInvocation = new Map<string, Charge[]>();
    for (const charge of meter.charges) {
      const list = chargesByInvocation.get(charge.label ?? '') ?? [];
      list.push(charge);
      chargesByInvocation.set(charge.label ?? '', list);
    }
    const chargesOfInvocation = (invocation: Invocation) => chargesByInvocation.get(invocation.id) ?? [];
    const chargesOf = (sample: Sample) => chargesOfInvocation(sample.invocation);
    const ops = [...new Set(priced.samples.map((sample) => sample.op))];
    const byOp = new Map(
      ops.map((op) => [
        op,
        figures(
          op,
          timed.samples.filter((sample) => sample.op === op),
          priced.samples.filter((sample) => sample.op === op),
          chargesOf,
        ),
      ]),
    );
    const samplesOf = (op: string) => priced.samples.filter((sample) => sample.op === op);
    const op = (name: string) => byOp.get(name) as OpFigures;

    // The ledger's operations: priced in the priced pass, timed (in this process) in the other.
    const ledgerSamplesOf = (name: string) => ledgerPriced.filter((sample) => sample.op === name);
    const ledgerChargesOf = (sample: DirectSample) => chargesByInvocation.get(sample.label) ?? [];
    for (const name of Object.values(LEDGER_OPS)) {
      const charges = ledgerSamplesOf(name).map(ledgerChargesOf);
      const perOp = (pick: (charge: Charge) => number) => mean(charges.map((list) => sum(list.map(pick))));
      byOp.set(name, {
        op: name,
        functionName: queues.ledger.consumer,
        memoryMb: memoryOf(queues.ledger.consumer),
        n: charges.length,
        readUnits: perOp((charge) => charge.readUnits),
        writeUnits: perOp((charge) => charge.writeUnits),
        indexWriteUnits: perOp((charge) => charge.indexWriteUnits),
        streamRecords: perOp((charge) => charge.streamRecords),
        durationMs: mean(
          ledgerTimed.filter((sample) => sample.op === name).map((sample) => sample.durationMs),
        ),
        logBytes: 0,
      });
    }

    // Accepted scans: every type of the journey.
    const scanOps = ops.filter((name) => name.startsWith('scan:'));
    const writesOf = (figure: OpFigures) => figure.writeUnits + figure.indexWriteUnits;
    const worstScan = scanOps
      .map(op)
      .reduce((worst, figure) => (writesOf(figure) > writesOf(worst) ? figure : worst));
    const journeyScanWrites = mean(scanOps.map((name) => writesOf(op(name))));
    const batch = op('scan-batch-10 (10 items)');

    // Minimums, from the sizes of what was actually read and written.
    const scanMinimum = (name: string) => {
      const charges = samplesOf(name).map(chargesOf);
      const tableWrites = mean(charges.map((list) => sum(linesOf(list, 'write').map((line) => line.units))));
      const partitionRead = mean(
        charges.map((list) =>
          sum(
            linesOf(list, 'read')
              .filter((line) => line.action === 'Query')
              .map((line) => line.units),
          ),
        ),
      );
      return { writes: tableWrites, reads: partitionRead };
    };
    const viewCharges = samplesOf('item-view').map(chargesOf);
    const viewMinimum = mean(
      viewCharges.map((list) => sum(linesOf(list, 'read').map((line) => readUnits(line.bytes) * 0.5))),
    );
    const pageCharges = samplesOf('worklist-page').map(chargesOf);
    const pageQuery = pageCharges[0]?.flatMap((charge) => linesOf([charge], 'read'))[0];
    const pageEntries = pageCharges[0]?.flatMap((charge) => charge.itemsRead) ?? [];
    const pageEntryBytes = pageEntries.length > 0 ? (pageQuery?.bytes ?? 0) / pageEntries.length : 0;
    const registrationCharges = samplesOf('register').map(chargesOf);
    const idempotencyWrites = mean(
      registrationCharges.map((list) =>
        sum(
          linesOf(list, 'write')
            .filter((line) => line.key.includes('IDEMPOTENCY#'))
            .map((line) => line.units),
        ),
      ),
    );
    const registration = op('register');
    const registrationMinimum = registration.writeUnits + registration.indexWriteUnits - idempotencyWrites;
    const transactionRows = registrationCharges[0]
      ?.filter((charge) => charge.command === 'TransactWriteItemsCommand')
      .flatMap((charge) => charge.lines.filter((line) => line.kind === 'write'))
      .map((line) => `${(line.key.split(' / ')[1] ?? '').split('#')[0]} ${line.bytes} B`)
      .join(', ');
    /** `fact 267 B (2 W), item 648 B (2 W), worklist delete 1 W`: the writes of an operation's first sample. */
    const writesOfSample = (name: string): string => {
      const charges = samplesOf(name).map(chargesOf)[0] ?? [];
      const tableWrites = linesOf(charges, 'write').map(
        (line) =>
          `${line.key.includes('FACT#') ? 'fact' : line.key.endsWith(' / ITEM') ? 'item' : line.key} ${line.bytes} B (${line.units} W)`,
      );
      const indexWrites = linesOf(charges, 'index-write').map(
        (line) => `${line.action} ${line.bytes} B (${line.units} W)`,
      );
      return [...tableWrites, ...(indexWrites.length > 0 ? indexWrites : ['no index write'])].join(', ');
    };
    /**
     * The least an operation could cost in this design: its reads as they are (each a
     * consistent read of a small row, 1 unit however small), its table writes at their sizes,
     * but one balance update per account where the transfers of a posting fell on several shards.
     */
    const ledgerMinimum = (name: string) => {
      const charges = ledgerSamplesOf(name).map(ledgerChargesOf);
      const reads = mean(charges.map((list) => sum(linesOf(list, 'read').map((line) => line.units))));
      const writes = mean(
        charges.map((list) => {
          const lines = linesOf(list, 'write');
          const shards = lines.filter((line) => ledgerRowKind(line.key) === 'balance shard');
          const perAccount = new Map<string, number>();
          for (const line of shards) {
            const account = line.key.split(' / ')[0] ?? '';
            perAccount.set(account, Math.max(perAccount.get(account) ?? 0, line.units));
          }
          return (
            sum(lines.filter((line) => !shards.includes(line)).map((line) => line.units)) +
            sum([...perAccount.values()])
          );
        }),
      );
      return { reads, writes };
    };
    /** `mark 170 B (2 W), 3 finance lines ≤ 330 B (6 W), …; reads: Get mark 1 R, …`: an operation's first sample. */
    const ledgerRequestsOf = (name: string): string => {
      const charges = ledgerSamplesOf(name).map(ledgerChargesOf)[0] ?? [];
      const groups = new Map<
        string,
        { count: number; bytes: number; units: number; accounts: Set<string> }
      >();
      for (const line of linesOf(charges, 'write')) {
        const kind = ledgerRowKind(line.key);
        const group = groups.get(kind) ?? { count: 0, bytes: 0, units: 0, accounts: new Set<string>() };
        group.count += 1;
        group.bytes = Math.max(group.bytes, line.bytes);
        group.units += line.units;
        group.accounts.add(line.key.split(' / ')[0] ?? '');
        groups.set(kind, group);
      }
      const writes = [...groups].map(([kind, group]) => {
        const what = group.count === 1 ? kind : `${group.count} ${LEDGER_ROW_PLURALS[kind] ?? `${kind}s`}`;
        const accounts =
          kind === 'balance shard' && group.accounts.size < group.count
            ? ` of ${group.accounts.size} accounts`
            : '';
        return `${what}${accounts} ${group.count === 1 ? '' : '≤ '}${group.bytes} B (${group.units} W)`;
      });
      const indexWrites = linesOf(charges, 'index-write').map(
        (line) => `${line.action} ${line.bytes} B (${line.units} W)`,
      );
      const reads = linesOf(charges, 'read').map(
        (line) =>
          `${line.action} ${line.action === 'Query' ? `(${line.key.split(': ')[1] ?? ''}, ${line.bytes} B)` : ledgerRowKind(line.key)} ${line.units} R`,
      );
      const transactional = charges.some((charge) => charge.command === 'TransactWriteItemsCommand');
      return [
        ...(writes.length > 0 ? [`${transactional ? 'one transaction: ' : ''}${writes.join(', ')}`] : []),
        ...indexWrites,
        `reads: ${reads.join(', ') || 'none'}`,
      ].join('; ');
    };
    const ledgerRow = (name: string) => {
      const minimum = ledgerMinimum(name);
      return row(
        name,
        `${round(minimum.reads, 2)} R + ${round(minimum.writes, 2)} W`,
        ledgerRequestsOf(name),
      );
    };
    const duplicate = op('duplicate-scan');
    const view = op('item-view');
    const page = op('worklist-page');

    const total = (figure: OpFigures) => figure.readUnits + figure.writeUnits + figure.indexWriteUnits;
    const row = (name: string, minimum: string, note: string) => {
      const figure = op(name);
      return [
        name,
        figure.functionName,
        figure.n,
        round(figure.readUnits, 2),
        round(figure.writeUnits, 2),
        round(figure.indexWriteUnits, 2),
        round(total(figure), 2),
        minimum,
        note,
      ];
    };
    const scanRows = scanOps.map((name) => {
      const minimum = scanMinimum(name);
      return row(name, `${round(minimum.reads, 2)} R + ${round(minimum.writes, 2)} W`, writesOfSample(name));
    });
    const consumers = CONSUMERS.map((name) => consumerFigures(name, timed, priced, chargesOfInvocation));
    // Rows that cross a write unit's 1 KB as they change cost twice as much from then on.
    const dossierSizes = meter.charges
      .flatMap((charge) => charge.lines)
      .filter((line) => line.kind === 'write' && line.key.endsWith(' / DOSSIER'))
      .map((line) => line.bytes);
    const dossierAtRegistration = Math.min(...dossierSizes);
    const dossierLater = Math.max(...dossierSizes);
    const dossierNote =
      dossierAtRegistration <= 1024 && dossierLater > 1024
        ? [
            `The dossier row is ${dossierAtRegistration} B when registered and ${dossierLater} B after its first change (the submission time, the decision): past 1 KB, every later write of it costs 2 WRU (4 in a transaction) and its gsi1 entry 2, where a row under 1 KB would cost half.`,
          ]
        : [];

    const ledgerFigures = {
      delivery: op(LEDGER_OPS.delivery),
      end: op(LEDGER_OPS.end),
      receipt: op(LEDGER_OPS.receipt),
      replay: op(LEDGER_OPS.replay),
    };
    // postLedger on the journeys (one message per ledger fact) against the operations added up.
    const postLedger = consumers.find((consumer) => consumer.functionName === queues.ledger.consumer);
    // The stream consumer writes nothing but the worklist.
    const worklistUpkeep =
      consumers.find((consumer) => consumer.functionName === streamConsumer.function)?.writeUnits ?? 0;
    const composed = (pick: (figure: OpFigures) => number) =>
      (postLedger?.records ?? 0) * pick(op(LEDGER_OPS.itemLookup)) +
      sum(
        [
          LEDGER_OPS.pickup,
          LEDGER_OPS.end,
          LEDGER_OPS.delivery,
          LEDGER_OPS.dossierLookup,
          LEDGER_OPS.receipt,
        ].map((name) => pick(op(name))),
      );
    // Transactions DynamoDB refused postLedger on the journeys (priced like the others), by what they wrote.
    const refused = priced.consumers
      .filter((invocation) => invocation.functionName === queues.ledger.consumer)
      .flatMap(chargesOfInvocation)
      .filter((charge) => charge.failed && charge.command === 'TransactWriteItemsCommand');
    const refusedReceipts = refused.filter((charge) =>
      charge.lines.some((line) => ledgerRowKind(line.key) === 'series counter'),
    );
    const perJourney = (count: number) => round(count / priced.journeys.length, 2);
    const refusedNote =
      refused.length === 0
        ? 'No transaction of postLedger was refused.'
        : `Of its writes, ${perJourney(sum(refused.map((charge) => charge.writeUnits + charge.indexWriteUnits)))} WRU per dossier went to ${perJourney(refused.length)} refused transactions (${perJourney(refusedReceipts.length)} of them receipts whose number another issuer in the same batch had just taken), each retried after reading again: the records of a batch are booked concurrently, and an agency's receipts share one series counter.`;
    const ledgerNotes = [
      `The ledger's operations were called directly, as postLedger calls them, on the items of ${LEDGER_DOSSIERS} registered dossiers that no scan had touched (${LEDGER_DOSSIERS} samples each; the item lookup ${2 * LEDGER_DOSSIERS}); their handler time is the postLedger consumer's above. A booking is one transaction, each row 2 × ceil(size / 1 KB): the ledger mark, at a collection point the due claim, the day's finance lines (due, paid, outcome), and for each transfer the transfer and its two entries, then one balance update per (account, shard). The delivery collects postage, fees and the remittance charge in cash: two transfers from the staff's cash, to the agency's fees and to postage revenue. The minimum would update one balance shard per account. Reads are consistent Gets of small rows, most of them not there yet: 1 RRU each, however small. A replay stops at its first read, the ledger mark. A receipt reads the collection's claim and the series counter, then writes the counter, the receipt and the claim in one transaction.`,
      ...(postLedger
        ? [
            `Cross-check: postLedger, booking the journeys' ${round(postLedger.records, 2)} ledger messages per dossier (pickup and delivery paid in cash, a receipt for the delivery's fees), used ${round(postLedger.readUnits, 2)} RRU and ${round(postLedger.writeUnits, 2)} WRU per dossier; the operations above, added up for the same messages (an item lookup each, the pickup, handover and delivery bookings, a dossier lookup and a receipt), make ${round(
              composed((figure) => figure.readUnits),
              2,
            )} RRU and ${round(
              composed((figure) => figure.writeUnits + figure.indexWriteUnits),
              2,
            )} WRU. ${refusedNote}`,
          ]
        : []),
    ];

    const metrics: Metric[] = [
      {
        id: 'accepted-scan-wru-worst',
        label: `accepted scan, write units (table + index), worst type: ${worstScan.op}`,
        value: round(writesOf(worstScan), 2),
        unit: 'WRU',
        budget: { op: '<=', limit: ACCEPTED_SCAN_BUDGET_WRU },
      },
      {
        id: 'accepted-scan-wru-mean',
        label: `accepted scan, write units, mean of the ${scanOps.length} scans of a dossier's journey`,
        value: round(journeyScanWrites, 2),
        unit: 'WRU',
      },
      {
        id: 'duplicate-scan-units',
        label: 'duplicate scan, read + write units',
        value: round(total(duplicate), 2),
        unit: 'units',
        budget: { op: '<=', limit: DUPLICATE_SCAN_BUDGET_UNITS },
      },
      {
        id: 'item-view-rru',
        label: 'item view (GET /v1/items/{code}), read units',
        value: round(view.readUnits, 2),
        unit: 'RRU',
      },
      {
        id: 'worklist-upkeep-wru',
        label: `worklist upkeep from the stream (${streamConsumer.function}), write units per dossier's journey`,
        value: round(worklistUpkeep, 2),
        unit: 'WRU',
      },
      {
        id: 'worklist-page-rru',
        label: `worklist page (GET /v1/worklist, ${priced.worklistEntries} entries), read units`,
        value: round(page.readUnits, 2),
        unit: 'RRU',
      },
      {
        id: 'register-rru',
        label: 'dossier registration, read units',
        value: round(registration.readUnits, 2),
        unit: 'RRU',
      },
      {
        id: 'register-wru',
        label: 'dossier registration, write units (table + index)',
        value: round(registration.writeUnits + registration.indexWriteUnits, 2),
        unit: 'WRU',
      },
      ...(
        [
          ['ledger-delivery', ledgerFigures.delivery],
          ['ledger-handed-over', ledgerFigures.end],
          ['receipt', ledgerFigures.receipt],
        ] as const
      ).flatMap(([id, figure]): Metric[] => [
        {
          id: `${id}-rru`,
          label: `${figure.op}, read units`,
          value: round(figure.readUnits, 2),
          unit: 'RRU',
        },
        {
          id: `${id}-wru`,
          label: `${figure.op}, write units (table + index)`,
          value: round(writesOf(figure), 2),
          unit: 'WRU',
        },
      ]),
      {
        id: 'ledger-replay-units',
        label: `${ledgerFigures.replay.op}, read + write units`,
        value: round(total(ledgerFigures.replay), 2),
        unit: 'units',
      },
    ];

    return {
      metrics,
      tables: [
        {
          title: `Request units per operation (means; R = read units, W = write units; index = writes to ${table.indexes.map((index) => index.name).join(', ')})`,
          columns: [
            'operation',
            'function',
            'n',
            'read',
            'write (table)',
            'write (index)',
            'total',
            'minimum',
            'why',
          ],
          rows: [
            ...scanRows,
            row(
              'scan-batch-10 (10 items)',
              '—',
              `${round(writesOf(batch) / BATCH_SCANS, 2)} W and ${round(batch.readUnits / BATCH_SCANS, 2)} R per scan: the same per item as single scans`,
            ),
            row(
              'duplicate-scan',
              '0.5 R',
              'one eventually consistent read of the fact (the BatchGet duplicate check) and nothing else: at the minimum',
            ),
            row(
              'item-view',
              `${round(viewMinimum, 2)} R`,
              'strongly consistent Query of the item partition (item + facts); eventually consistent would halve it',
            ),
            row(
              'worklist-page',
              `${round(page.readUnits, 2)} R`,
              `eventually consistent Query of the office's worklist partition: ${priced.worklistEntries} entries of ${Math.round(pageEntryBytes)} B, each only what the page shows: the minimum`,
            ),
            row(
              'register',
              `${round(registrationMinimum, 2)} W`,
              `transaction rows (${transactionRows}) twice each, one counter update per S10 code, index entries; above it: the Idempotency-Key record (${round(idempotencyWrites, 2)} W). Reference data reads are cached for 60 s per container`,
            ),
            ...[
              'agency-decision',
              'result-ready',
              'manifest-create:handover',
              'manifest-confirm:handover',
              'manifest-create:collect',
              'manifest-confirm:collect',
            ]
              .filter((name) => byOp.has(name))
              .map((name) =>
                row(
                  name,
                  '—',
                  name.startsWith('manifest') ? `per manifest of ${JOURNEYS} items` : 'per dossier',
                ),
              ),
            ...Object.values(LEDGER_OPS).map(ledgerRow),
          ],
        },
        {
          title: `Stream and queue consumers, per dossier of the journey (mean of ${JOURNEYS})`,
          columns: ['function', 'invocations', 'records', 'read', 'write (table + index)', 'handler ms'],
          rows: consumers.map((consumer) => [
            consumer.functionName,
            round(consumer.invocations, 2),
            round(consumer.records, 2),
            round(consumer.readUnits, 2),
            round(consumer.writeUnits, 2),
            round(consumer.durationMs, 1),
          ]),
        },
      ],
      notes: [
        `An accepted scan writes the fact and the item in one transaction: 2 × ceil(size / 1 KB) each, ${round(scanMinimum(worstScan.op).writes, 2)} WRU at these sizes, the minimum for that design. The worst type, ${worstScan.op}: ${writesOfSample(worstScan.op)}. Reads per scan: 0.5 RRU for the duplicate check (BatchGet of the fact) + the consistent Query of the item partition.`,
        `The worklist is not written by the scan: publishEvents keeps it from the items' changes on the table stream, writing an office's entry when an item enters it or what the entry shows changes, and removing it when the item leaves (1 WRU each, by BatchWriteItem; changes of one item in the same stream batch are netted). On the journeys that was ${round(worklistUpkeep, 2)} WRU per dossier (inbound: entered at registration, left at pickup; outbound: entered at collection, left at delivery), counted in publishEvents' writes above and in the cost model: scan and worklist together cost what they cost when the worklist was an index of the item row, but the scan's own transaction stays at 4 WRU.`,
        'Pricing rules (Developer Guide): writes 1 unit per started KB of item size (the larger of before and after), transactional twice; reads 1 unit per started 4 KB strongly consistent, 0.5 eventually consistent; BatchGet per item; Query by the total size read; global secondary index writes 1 unit per KB when an item enters, changes in or leaves an index (2 when its index key changes); sizes are attribute names + values as DynamoDB counts them (bench/lib/dynamo-size.ts).',
        "Measured on the handlers' own DynamoDB client through functions/adapters/dynamodb/capacity-recorder.ts; DynamoDB Local's ConsumedCapacity is not used. Durations for the cost model come from the unpriced pass.",
        ...dossierNote,
        ...ledgerNotes,
        ...(callbacksNote
          ? [callbacksNote]
          : [
              `Callbacks: the agency subscribed to every event; ${receiver.received()} deliveries reached the loopback endpoint.`,
            ]),
      ],
      data: {
        ops: Object.fromEntries(byOp),
        consumers,
        callbacksMeasured: callbacksNote === undefined,
        journeyScans: scanOps.length,
        itemsPerManifest: JOURNEYS,
        scansPerBatch: BATCH_SCANS,
        smsPerDossier: smsPerJourney(harness, priced.journeys),
        /** Every priced request of the first sample of each operation: to audit the figures above. */
        consumerExamples: Object.fromEntries(
          CONSUMERS.map((name) => {
            const first = priced.consumers.find(
              (invocation) => invocation.functionName === name && chargesOfInvocation(invocation).length > 0,
            );
            return [
              name,
              {
                records: first?.records,
                requests: (first ? chargesOfInvocation(first) : []).map((charge) => ({
                  command: charge.command,
                  lines: charge.lines,
                })),
              },
            ];
          }),
        ),
        examples: Object.fromEntries([
          ...ops.map((name) => [
            name,
            (samplesOf(name)[0] ? chargesOf(samplesOf(name)[0] as Sample) : []).map((charge) => ({
              command: charge.command,
              lines: charge.lines,
            })),
          ]),
          ...Object.values(LEDGER_OPS).map((name) => [
            name,
            (ledgerSamplesOf(name)[0] ? ledgerChargesOf(ledgerSamplesOf(name)[0] as DirectSample) : []).map(
              (charge) => ({ command: charge.command, lines: charge.lines }),
            ),
          ]),
        ]),
      },
    };
  },
};
