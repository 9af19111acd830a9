/**
 * The scan queue: every scan is written to IndexedDB with its own `scanId` the moment it is
 * made, and stays there until the API has answered for it. Sync sends the waiting scans in
 * order, at most 500 a request (the API's limit), and keeps each scan's outcome beside it. A
 * scan the API never answered (no network, a request cut off) is sent again with the same
 * `scanId`, which the API applies once: nothing is lost and nothing counts twice.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { api } from './api/client.ts';

export const MAX_SCANS_PER_REQUEST = 500;
/** What the page keeps of answered scans, newest first. */
export const KEPT_ANSWERED_SCANS = 1_000;

export type ScanType =
  | 'pickup'
  | 'pickup-failed'
  | 'depart'
  | 'arrive'
  | 'out-for-delivery'
  | 'delivered'
  | 'delivery-failed'
  | 'returned-to-agency';
export type ScanOutcome = 'accepted' | 'duplicate' | 'rejected' | 'flagged';

/** One scan as POST /v1/scans takes it. */
export interface Scan {
  readonly scanId: string;
  readonly itemCode: string;
  readonly type: ScanType;
  readonly occurredAt: string;
  readonly postOfficeCode: string;
  readonly staffId?: string;
  readonly proof?: {
    recipientName: string;
    relation: 'self' | 'authorised' | 'family' | 'other';
    idLast4?: string;
    otp?: string;
  };
  readonly collected?: { amount: number; method: 'cash' | 'vietqr' };
  readonly failure?: { reason: string; action: string };
}

export interface QueuedScan {
  readonly scan: Scan;
  /** Milliseconds since the epoch: the queue's order. */
  readonly madeAt: number;
  readonly state: 'waiting' | ScanOutcome;
  readonly reason?: string;
  readonly itemStatus?: string;
  readonly answeredAt?: number;
}

interface ConsoleDb extends DBSchema {
  scans: { key: string; value: QueuedScan; indexes: { byState: string; byMadeAt: number } };
  cache: { key: string; value: { key: string; savedAt: number; value: unknown } };
}

let database: Promise<IDBPDatabase<ConsoleDb>> | undefined;

export function openConsoleDb(): Promise<IDBPDatabase<ConsoleDb>> {
  database ??= openDB<ConsoleDb>('bcci-console', 1, {
    upgrade(db) {
      const scans = db.createObjectStore('scans', { keyPath: 'scan.scanId' });
      scans.createIndex('byState', 'state');
      scans.createIndex('byMadeAt', 'madeAt');
      db.createObjectStore('cache', { keyPath: 'key' });
    },
  });
  return database;
}

export const newScanId = (): string => crypto.randomUUID();

/** Keeps the scan before anything else happens to it. */
export async function enqueueScan(scan: Scan, madeAt = Date.now()): Promise<QueuedScan> {
  const queued: QueuedScan = { scan, madeAt, state: 'waiting' };
  const db = await openConsoleDb();
  await db.add('scans', queued);
  return queued;
}

export async function waitingCount(): Promise<number> {
  const db = await openConsoleDb();
  return db.countFromIndex('scans', 'byState', 'waiting');
}

/** The newest scans first, answered or not. */
export async function recentScans(limit = 50): Promise<QueuedScan[]> {
  const db = await openConsoleDb();
  const found: QueuedScan[] = [];
  let cursor = await db.transaction('scans').store.index('byMadeAt').openCursor(null, 'prev');
  while (cursor && found.length < limit) {
    found.push(cursor.value);
    cursor = await cursor.continue();
  }
  return found;
}

async function oldestWaiting(limit: number): Promise<QueuedScan[]> {
  const db = await openConsoleDb();
  const waiting = await db.getAllFromIndex('scans', 'byState', 'waiting', limit);
  return waiting.sort((left, right) => left.madeAt - right.madeAt);
}

async function recordAnswers(
  batch: readonly QueuedScan[],
  results: readonly { scanId: string | null; outcome: ScanOutcome; reason?: string; itemStatus?: string }[],
): Promise<void> {
  const db = await openConsoleDb();
  const tx = db.transaction('scans', 'readwrite');
  const answeredAt = Date.now();
  // The API answers in the order sent.
  for (const [index, queued] of batch.entries()) {
    const result = results[index];
    if (!result || (result.scanId !== null && result.scanId !== queued.scan.scanId)) continue;
    await tx.store.put({
      ...queued,
      state: result.outcome,
      answeredAt,
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.itemStatus ? { itemStatus: result.itemStatus } : {}),
    });
  }
  await tx.done;
}

/** Drops the oldest answered scans beyond what the page shows; waiting scans are never dropped. */
async function pruneAnswered(): Promise<void> {
  const db = await openConsoleDb();
  const tx = db.transaction('scans', 'readwrite');
  let kept = 0;
  let cursor = await tx.store.index('byMadeAt').openCursor(null, 'prev');
  while (cursor) {
    if (cursor.value.state !== 'waiting' && ++kept > KEPT_ANSWERED_SCANS) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

export interface SyncReport {
  readonly sent: number;
  readonly requests: number;
  readonly failed: boolean;
  readonly problem?: string;
}

async function syncBatches(maxRequests: number): Promise<SyncReport> {
  let sent = 0;
  let requests = 0;
  while (requests < maxRequests) {
    const batch = await oldestWaiting(MAX_SCANS_PER_REQUEST);
    if (batch.length === 0) break;
    requests++;
    let answer: Awaited<ReturnType<typeof postScans>>;
    try {
      answer = await postScans(batch);
    } catch {
      return { sent, requests, failed: true, problem: 'Không kết nối được máy chủ' };
    }
    if (!answer.data) {
      const problem = answer.error && 'title' in answer.error ? answer.error.title : `Lỗi ${answer.status}`;
      return { sent, requests, failed: true, problem };
    }
    await recordAnswers(batch, answer.data.results);
    sent += batch.length;
  }
  await pruneAnswered();
  return { sent, requests, failed: false };
}

async function postScans(batch: readonly QueuedScan[]) {
  const { data, error, response } = await api.POST('/v1/scans', {
    body: { scans: batch.map((queued) => queued.scan) },
  });
  return { data, error, status: response.status };
}

let inFlight: Promise<SyncReport> | undefined;

/**
 * Sends what waits. One sync at a time in this page, and one across the device's tabs (a Web
 * Lock), so that two tabs do not send the same scans together.
 */
export function syncScans(maxRequests = 20): Promise<SyncReport> {
  inFlight ??= (async () => {
    try {
      if (navigator.locks) {
        return await navigator.locks.request('bcci-scan-sync', () => syncBatches(maxRequests));
      }
      return await syncBatches(maxRequests);
    } finally {
      inFlight = undefined;
    }
  })();
  return inFlight;
}

/** A value kept for the page to show with no network (today's worklist, for one). */
export async function saveCached(key: string, value: unknown): Promise<void> {
  const db = await openConsoleDb();
  await db.put('cache', { key, savedAt: Date.now(), value });
}

export async function readCached<T>(key: string): Promise<{ savedAt: number; value: T } | undefined> {
  const db = await openConsoleDb();
  const found = await db.get('cache', key);
  return found ? { savedAt: found.savedAt, value: found.value as T } : undefined;
}
