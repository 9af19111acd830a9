/**
 * One seed of the fault-injection suite: the seed's journeys played twice, on two fresh
 * runtimes — once without faults, once with the seed's faults (the runtime killed and
 * restarted, AWS SDK calls throttled or in conflict, batches handed over twice, the callback
 * receiver down for a while, scans uploaded twice and out of order) — and the end states
 * compared: statuses, ledger balances, receipts (no gap, no double), and callbacks (each
 * `webhook-id` kept once by a receiver that drops repeats, in sequence per dossier). What
 * differs is listed; a seed that differs prints itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INJECTED_FAULT_LINE } from '../../functions/commons/faults.ts';
import { receiptSeries } from '../../functions/domain/money/receipts.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { counterPickupRequest, dossierRequest } from '../support/http-event.ts';
import { type Json, SimRuntime } from './harness.ts';
import { coin, type Journey, type Scenario, scenarioFor } from './journeys.ts';
import { CallbackReceiver } from './receiver.ts';

const OFFICE = DEMO.postOfficeCode;
const AGENCY = DEMO.agencyCode;
/** The demo agency's own receipt series letters (reference data). */
const RECEIPT_LETTERS = 'HNTP';
/** Postage within one commune of Hà Nội, up to 100 g. */
const POSTAGE_VND = 26_000;
const JOURNEYS_AT_ONCE = 3;
/** Longer than the queues' visibility timeouts (3 min): a message that failed is back within it. */
const SETTLE_DEADLINE_MS = 240_000;
const SETTLE_POLL_MS = 1_500;
/** A fault-free run has settled when its snapshot has not changed for this many polls. */
const STABLE_POLLS = 3;
/** Each callback attempt again after 1, 1, 2, 2, 4, 4, 8, 8, 8, 8 s: about 46 s in all, longer than any outage here. */
const CALLBACK_BACKOFF = '1,1,2,2,4,4,8,8,8,8';

export interface SeedOutcome {
  readonly seed: number;
  readonly differences: readonly string[];
  readonly restarts: number;
  readonly retries: number;
  readonly refusedCallbacks: number;
  /**
   * Callbacks the faulty run sent again after a kill cut it off between sending and recording
   * the answer: delivery is at least once, and the receiver dropped them by their `webhook-id`.
   */
  readonly repeatedCallbacks: number;
  /** AWS SDK attempts the faulty runtime failed on purpose (throttling, transaction conflicts). */
  readonly injectedSdkFaults: number;
  readonly durationMs: number;
}

interface Run {
  readonly runtime: SimRuntime;
  readonly receiver: CallbackReceiver;
  readonly faulty: boolean;
  readonly scenario: Scenario;
  /** Journey key → its dossier reference and item codes, once registered. */
  readonly dossiers: Map<string, { ref: string; itemCodes: string[] }>;
  readonly startedAt: number;
}

/**
 * A retried request whose first attempt changed the state before its answer was lost (a kill,
 * an injected fault after the write) may be told the change is already recorded: that is its
 * answer too.
 */
const doneBefore = (answer: { status: number; json: Json; attempts: number }): boolean =>
  answer.attempts > 1 && answer.status === 409 && /already/.test(String(answer.json.detail ?? ''));

const minutesAfter = (base: number, minutes: number): string =>
  new Date(base + minutes * 60_000).toISOString();

async function uploadScans(run: Run, journey: Journey, step: string, scans: Json[]): Promise<void> {
  const staff = await run.runtime.token('postal-staff', { postOfficeCode: OFFICE });
  const send = async (batch: Json[], attempt: string) => {
    const answer = await run.runtime.call('POST', '/v1/scans', staff, { scans: batch });
    if (answer.status !== 200)
      throw new Error(`${journey.key} ${step} ${attempt}: ${JSON.stringify(answer.json)}`);
    for (const result of answer.json.results as Json[]) {
      if (result.outcome !== 'accepted' && result.outcome !== 'duplicate')
        throw new Error(`${journey.key} ${step}: scan ${result.scanId} ${result.outcome} (${result.reason})`);
    }
  };
  const { faults, seed } = run.scenario;
  const reorder = run.faulty && faults.reorderUploads;
  if (reorder) await send([...scans].reverse(), 'reordered');
  else for (const scan of scans) await send([scan], 'upload');
  if (run.faulty && coin(seed, `${journey.key}:${step}:again`) < faults.duplicateUploadRate)
    await send(scans, 'sent again');
}

const scan = (
  journey: Journey,
  type: string,
  occurredAt: string,
  itemCode: string,
  extra: Json = {},
): Json => ({
  scanId: `${journey.key}-${type}`,
  itemCode,
  type,
  occurredAt,
  postOfficeCode: OFFICE,
  staffId: journey.staffId,
  ...extra,
});

async function register(
  run: Run,
  journey: Journey,
  token: string,
  body: Json,
): Promise<{ ref: string; itemCodes: string[] }> {
  const answer = await run.runtime.call('POST', '/v1/dossiers', token, body, `sim-${journey.key}-register`);
  // A registration retried after its first attempt wrote the dossier (its answer lost to a kill)
  // is answered 200 with that same dossier: the system's answer to a repeated registration.
  const repeated = answer.status === 200 && answer.attempts > 1;
  if (answer.status !== 201 && !repeated)
    throw new Error(`${journey.key} register: ${answer.status} ${JSON.stringify(answer.json)}`);
  const registered = {
    ref: answer.json.dossier.consignmentRef as string,
    itemCodes: (answer.json.items as Json[]).map((item) => item.itemCode as string),
  };
  run.dossiers.set(journey.key, registered);
  return registered;
}

const APPLICANT = {
  fullName: 'Phạm Thị Thu Hương',
  phone: '0987654321',
  /** The delivery checks the last four digits (1234) against it at the door. */
  idNumber: '001090001234',
  address: { line: '5 Đội Cấn', communeCode: '00004', provinceCode: '01' },
};

async function playInbound(run: Run, journey: Journey, base: number): Promise<void> {
  const staff = await run.runtime.token('postal-staff', { postOfficeCode: OFFICE });
  const { itemCodes } = await register(run, journey, staff, counterPickupRequest(journey.feeVnd, APPLICANT));
  const itemCode = itemCodes[0]!;
  // A pickup is dated after its dossier's registration (the system refuses one dated before).
  const pickedUpAt = Math.max(base, Date.now());
  await uploadScans(run, journey, 'pickup', [
    scan(journey, 'pickup', minutesAfter(pickedUpAt, 0), itemCode, {
      collected: { amount: journey.feeVnd + POSTAGE_VND, method: journey.method },
    }),
  ]);
  if (journey.kind !== 'handover') return;
  const manifest = await run.runtime.call(
    'POST',
    '/v1/manifests',
    staff,
    { kind: 'handover-to-agency', agencyCode: AGENCY, postOfficeCode: OFFICE, itemCodes: [itemCode] },
    `sim-${journey.key}-handover`,
  );
  if (manifest.status !== 201) throw new Error(`${journey.key} handover: ${JSON.stringify(manifest.json)}`);
  const agency = await run.runtime.token('agency', { agencyCode: AGENCY });
  const confirmed = await run.runtime.call(
    'POST',
    `/v1/manifests/${manifest.json.manifestId}/confirm`,
    agency,
    {
      itemCodesReceived: [itemCode],
      signedBy: 'Lê Thị Mai',
      signedAt: new Date(Math.max(Date.now(), pickedUpAt)).toISOString(),
    },
    `sim-${journey.key}-handover-confirm`,
  );
  if (confirmed.status !== 200 && !doneBefore(confirmed))
    throw new Error(`${journey.key} confirm: ${JSON.stringify(confirmed.json)}`);
}

async function playDelivery(run: Run, journey: Journey, base: number, index: number): Promise<void> {
  const agency = await run.runtime.token('agency', { agencyCode: AGENCY });
  const staff = await run.runtime.token('postal-staff', { postOfficeCode: OFFICE });
  const day = new Date(base + 7 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');
  const { ref, itemCodes } = await register(run, journey, agency, {
    ...dossierRequest({
      dossierCode: `${AGENCY}-${day}-${String(index + 1).padStart(4, '0')}`,
      fees: [{ code: 'LPH', name: 'Lệ phí', amount: journey.feeVnd, collectAt: 'delivery' }],
    }),
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
    applicant: APPLICANT,
  });
  const itemCode = itemCodes[0]!;
  const ready = await run.runtime.call(
    'POST',
    `/v1/dossiers/${ref}/result-ready`,
    agency,
    { readyAt: minutesAfter(base, 0) },
    `sim-${journey.key}-ready`,
  );
  if (ready.status !== 200 && !doneBefore(ready))
    throw new Error(`${journey.key} result-ready: ${JSON.stringify(ready.json)}`);
  const manifest = await run.runtime.call(
    'POST',
    '/v1/manifests',
    staff,
    { kind: 'collect-from-agency', agencyCode: AGENCY, postOfficeCode: OFFICE, itemCodes: [itemCode] },
    `sim-${journey.key}-collect`,
  );
  if (manifest.status !== 201) throw new Error(`${journey.key} collect: ${JSON.stringify(manifest.json)}`);
  const confirmed = await run.runtime.call(
    'POST',
    `/v1/manifests/${manifest.json.manifestId}/confirm`,
    staff,
    { itemCodesReceived: [itemCode], signedBy: 'Lê Văn Tâm', signedAt: minutesAfter(base, 10) },
    `sim-${journey.key}-collect-confirm`,
  );
  if (confirmed.status !== 200 && !doneBefore(confirmed))
    throw new Error(`${journey.key} collect confirm: ${JSON.stringify(confirmed.json)}`);
  await uploadScans(run, journey, 'delivery', [
    scan(journey, 'out-for-delivery', minutesAfter(base, 20), itemCode),
    scan(journey, 'delivered', minutesAfter(base, 40), itemCode, {
      proof: { recipientName: APPLICANT.fullName, relation: 'self', idLast4: '1234' },
      collected: { amount: journey.feeVnd + POSTAGE_VND, method: journey.method },
    }),
  ]);
}

async function playJourneys(run: Run, base: number): Promise<void> {
  const queue = run.scenario.journeys.map((journey, index) => ({ journey, index }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { journey, index } = next;
      if (journey.kind === 'delivery-fees') await playDelivery(run, journey, base, index);
      else await playInbound(run, journey, base);
    }
  };
  await Promise.all(Array.from({ length: JOURNEYS_AT_ONCE }, worker));
}

/** The faults that happen on the clock: the receiver's outage, and kills of the runtime (each followed by a restart). */
async function killOnSchedule(run: Run): Promise<void> {
  const { faults } = run.scenario;
  setTimeout(() => run.receiver.goDown(faults.receiverDown.forMs), faults.receiverDown.fromMs).unref();
  for (const at of faults.killsAtMs) {
    await new Promise((wake) => setTimeout(wake, Math.max(0, run.startedAt + at - Date.now())));
    await run.runtime.killAndRestart();
  }
}

/** The end state both runs are compared on, named by journey rather than by generated codes. */
async function snapshot(run: Run): Promise<Json> {
  const finance = await run.runtime.token('finance');
  const byItem = new Map<string, string>();
  const journeys: Json = {};
  for (const journey of run.scenario.journeys) {
    const registered = run.dossiers.get(journey.key);
    if (!registered) {
      journeys[journey.key] = 'not registered';
      continue;
    }
    for (const itemCode of registered.itemCodes) byItem.set(itemCode, journey.key);
    const dossier = await run.runtime.call('GET', `/v1/dossiers/${registered.ref}`, finance);
    const cash = await run.runtime.call(
      'GET',
      `/v1/finance/accounts/staff-cash:${OFFICE}:${journey.staffId}`,
      finance,
    );
    const items = (dossier.json.items as Json[] | undefined) ?? [];
    journeys[journey.key] = {
      status: dossier.json.dossier?.status,
      items: items.map((item) => `${item.direction}:${item.status}`).sort(),
      cashInHand: cash.json.balance,
      callbacks: callbacksOf(
        run,
        registered.ref,
        items.map((item) => String(item.status)),
      ),
    };
  }
  const balances: Json = {};
  for (const account of [
    `agency-fees:${AGENCY}`,
    `postage-revenue:${OFFICE}`,
    `vietqr-clearing:${OFFICE}`,
    `overpayments:${OFFICE}`,
  ]) {
    balances[account] = (
      await run.runtime.call('GET', `/v1/finance/accounts/${account}`, finance)
    ).json.balance;
  }
  return { journeys, balances, receipts: await receiptsOf(run, finance, byItem) };
}

/** Every receipt of the series, by number: the numbers must run 1…n with nothing after. */
async function receiptsOf(run: Run, finance: string, byItem: ReadonlyMap<string, string>): Promise<Json> {
  const series = receiptSeries(RECEIPT_LETTERS, new Date().toISOString());
  const issued: string[] = [];
  let number = 1;
  for (; number <= run.scenario.journeys.length + 1; number++) {
    const answer = await run.runtime.call('GET', `/v1/receipts/${series}/${number}`, finance);
    if (answer.status === 404) break;
    const receipt = answer.json;
    issued.push(
      `${byItem.get(receipt.itemCode) ?? receipt.itemCode}:${receipt.amount}:${receipt.method}:${receipt.status}`,
    );
  }
  const gapAfter = number <= run.scenario.journeys.length + 1 ? undefined : 'more receipts than journeys';
  return { issued: issued.sort(), ...(gapAfter ? { problem: gapAfter } : {}) };
}

/**
 * What the receiver kept for one dossier (repeats of a `webhook-id` dropped, as the Standard
 * Webhooks receiver it is does): the dossier's events, each item event once, numbered 1…n
 * without a gap, each first received after every lower number. Which intermediate item events
 * exist depends on the order scans arrive in (an item whose delivery is uploaded before its
 * departure for delivery never had that status), so item events are compared by their final
 * status. Arrival in sequence: the first arrival of each number came after the first arrival of
 * every lower one (a repeat of an earlier delivery, counted above, does not break the order).
 */
function callbacksOf(run: Run, ref: string, finalItemStatuses: readonly string[]): Json {
  const received = run.receiver.received.filter((callback) => callback.consignmentRef === ref);
  const sequences = received.map((callback) => callback.sequence);
  const types = received.map((callback) => callback.type);
  return {
    dossierEvents: [...new Set(types.filter((type) => type.startsWith('dossier.')))].sort(),
    finalItemEvents: finalItemStatuses.map((status) => types.includes(`item.${status}`)),
    numbered1ToN: [...new Set(sequences)]
      .sort((a, b) => a - b)
      .every((sequence, index) => sequence === index + 1),
    inSequence: inSequence(received),
  };
}

/** Whether each delivery arrived after every lower number of its dossier. */
function inSequence(received: readonly { sequence: number }[]): boolean {
  return received.every(
    (callback, index) => index === 0 || callback.sequence > received[index - 1]!.sequence,
  );
}

/** Differences between two snapshots, as `path: expected → found` lines. */
export function differencesBetween(expected: unknown, found: unknown, path = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(found)) return [];
  if (
    expected &&
    found &&
    typeof expected === 'object' &&
    typeof found === 'object' &&
    !Array.isArray(expected)
  ) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(found)]);
    return [...keys].flatMap((key) =>
      differencesBetween((expected as Json)[key], (found as Json)[key], path ? `${path}.${key}` : key),
    );
  }
  return [`${path}: ${JSON.stringify(expected)} → ${JSON.stringify(found)}`];
}

async function startRun(scenario: Scenario, faulty: boolean, dataDir: string): Promise<Run> {
  const receiver = new CallbackReceiver();
  await receiver.start();
  const { seed, faults } = scenario;
  const runtime = await SimRuntime.start({
    dataDir,
    inMemory: !faulty,
    env: (incarnation) => ({
      CALLBACK_BACKOFF_SECONDS: CALLBACK_BACKOFF,
      BRIDGE_DRAIN_SECONDS: '2',
      ...(faulty ? { BCCI_FAULTS: `sim${seed}-${incarnation}:${faults.sdkRate}` } : {}),
    }),
  });
  const agency = await runtime.token('agency', { agencyCode: AGENCY });
  const subscribed = await runtime.call(
    'POST',
    '/v1/webhooks',
    agency,
    { url: receiver.url, events: ['*'] },
    `sim-subscribe-${seed}`,
  );
  if (subscribed.status !== 201) throw new Error(`subscribe: ${JSON.stringify(subscribed.json)}`);
  receiver.verifyWith(subscribed.json.secret as string);
  return { runtime, receiver, faulty, scenario, dossiers: new Map(), startedAt: Date.now() };
}

/**
 * Plays the journeys, then — once `ready` has settled (the fault-free run's end state, for the
 * faulty run) — polls the end state until `settled` says it is final or the deadline passes.
 */
async function play(
  run: Run,
  ready: Promise<unknown>,
  settled: (state: Json, previous: Json | undefined) => boolean,
): Promise<Json> {
  const base = Date.now() - 3 * 3_600_000;
  const journeys = playJourneys(run, base);
  const clock = run.faulty ? killOnSchedule(run) : Promise.resolve();
  await Promise.all([journeys, clock]);
  await ready.catch(() => undefined);
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  let previous: Json | undefined;
  for (;;) {
    const state = await snapshot(run);
    if (settled(state, previous) || Date.now() > deadline) return state;
    previous = state;
    await new Promise((wake) => setTimeout(wake, SETTLE_POLL_MS));
  }
}

export async function runSeed(seed: number, journeyCount: number): Promise<SeedOutcome> {
  const started = Date.now();
  const scenario = scenarioFor(seed, journeyCount);
  const folder = mkdtempSync(join(tmpdir(), `bcci-sim-${seed}-`));
  const runs: Run[] = [];
  try {
    const [clean, faulty] = await Promise.all([
      startRun(scenario, false, join(folder, 'fault-free')),
      startRun(scenario, true, join(folder, 'faulty')),
    ]);
    runs.push(clean, faulty);
    let stableFor = 0;
    const expectedPromise = play(clean, Promise.resolve(), (state, previous) => {
      stableFor = previous && differencesBetween(previous, state).length === 0 ? stableFor + 1 : 0;
      return stableFor >= STABLE_POLLS;
    });
    let target: Json | undefined;
    const [expected, found] = await Promise.all([
      expectedPromise.then((state) => {
        target = state;
        return state;
      }),
      play(
        faulty,
        expectedPromise,
        (state) => target !== undefined && differencesBetween(target, state).length === 0,
      ),
    ]);
    const differences = differencesBetween(expected, found);
    const badSignatures = clean.receiver.badSignatures + faulty.receiver.badSignatures;
    if (badSignatures > 0) differences.push(`callbacks with a bad signature: ${badSignatures}`);
    const conflicting = clean.receiver.conflictingRepeats + faulty.receiver.conflictingRepeats;
    if (conflicting > 0) differences.push(`a webhook-id sent again with another body: ${conflicting}`);
    // Without faults nothing is cut off between sending and recording: nothing is sent twice.
    if (clean.receiver.repeatsDropped > 0)
      differences.push(`fault-free run sent callbacks again: ${clean.receiver.repeatsDropped}`);
    return {
      seed,
      differences,
      restarts: faulty.runtime.incarnation,
      retries: faulty.runtime.retries,
      refusedCallbacks: faulty.receiver.refusedWhileDown,
      repeatedCallbacks: faulty.receiver.repeatsDropped,
      injectedSdkFaults: faulty.runtime.output().split(INJECTED_FAULT_LINE).length - 1,
      durationMs: Date.now() - started,
    };
  } finally {
    const keep = process.env.SIM_KEEP === '1';
    await Promise.allSettled(
      runs.map(async (run) => {
        await run.runtime.stop();
        await run.receiver.stop();
        if (keep)
          writeFileSync(join(folder, run.faulty ? 'faulty.log' : 'fault-free.log'), run.runtime.output());
      }),
    );
    if (keep) console.log(`seed ${seed}: data and logs kept in ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }
}
