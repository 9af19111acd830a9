/**
 * Reconciliation of delivery confirmations: what the one-stop-shop system says of each
 * dossier against what the post recorded. Pure: the caller gathers both sides.
 */

/** Dossier statuses on the one-stop-shop side (Circular 01/2018/TT-VPCP). */
export const ONE_STOP_SHOP_STATUSES = [
  'received',
  'accepted',
  'refused',
  'processing',
  'supplement-requested',
  'financial-obligation',
  'processed',
  'result-returned',
  'withdrawn',
  'stopped',
] as const;
export type OneStopShopStatus = (typeof ONE_STOP_SHOP_STATUSES)[number];

/** Their statuses that say the dossier reached them: all but a withdrawal or a stop. */
const RECEIVED_OR_LATER: ReadonlySet<OneStopShopStatus> = new Set(
  ONE_STOP_SHOP_STATUSES.filter((status) => status !== 'withdrawn' && status !== 'stopped'),
);

export const DEFAULT_TOLERANCE_MINUTES = 120;
export const MAX_RECORDS_PER_RECONCILIATION = 5000;
/** Days one reconciliation may span. */
export const MAX_RECONCILIATION_DAYS = 31;

export interface TheirRecord {
  readonly dossierCode: string;
  readonly status: OneStopShopStatus;
  readonly statusAt: string;
}

/** What the post knows of one dossier. */
export interface OurRecord {
  readonly dossierCode: string;
  /** When the agency signed the handover record; null when not handed over. */
  readonly handedOverAt: string | null;
  /** When the result was delivered to the citizen; null when not delivered. */
  readonly deliveredAt: string | null;
  /** The dossier carries a result back by post. */
  readonly returnByPost: boolean;
  readonly cancelled: boolean;
}

export type MismatchKind = 'result-returned-not-delivered' | 'handed-over-not-received' | 'time-mismatch';

export interface StatusMismatch {
  readonly dossierCode: string;
  readonly kind: MismatchKind;
  readonly theirStatus: OneStopShopStatus;
  readonly theirStatusAt: string;
  readonly ourTime: string | null;
  readonly detail: string;
}

export interface ReconciliationReport {
  /** They have it, the post has no record of it. */
  readonly missingHere: readonly TheirRecord[];
  /** The post has it, they sent nothing for it. */
  readonly missingThere: readonly OurRecord[];
  readonly statusMismatch: readonly StatusMismatch[];
  readonly matched: number;
}

const minutesBetween = (left: string, right: string): number =>
  Math.abs(Date.parse(left) - Date.parse(right)) / 60_000;

/** Their latest record per dossier: a system may push a dossier several times in a day. */
function latest(records: readonly TheirRecord[]): Map<string, TheirRecord> {
  const byCode = new Map<string, TheirRecord>();
  for (const record of records) {
    const kept = byCode.get(record.dossierCode);
    if (!kept || Date.parse(record.statusAt) >= Date.parse(kept.statusAt))
      byCode.set(record.dossierCode, record);
  }
  return byCode;
}

export function reconcileDeliveryConfirmations(
  ours: readonly OurRecord[],
  theirs: readonly TheirRecord[],
  toleranceMinutes = DEFAULT_TOLERANCE_MINUTES,
): ReconciliationReport {
  if (theirs.length > MAX_RECORDS_PER_RECONCILIATION) {
    throw new RangeError(`At most ${MAX_RECORDS_PER_RECONCILIATION} records per reconciliation`);
  }
  const their = latest(theirs);
  const our = new Map(ours.map((record) => [record.dossierCode, record]));
  const missingHere = [...their.values()].filter((record) => !our.has(record.dossierCode));
  const missingThere = ours.filter((record) => !record.cancelled && !their.has(record.dossierCode));
  const statusMismatch: StatusMismatch[] = [];
  let matched = 0;

  for (const record of their.values()) {
    const mine = our.get(record.dossierCode);
    if (!mine) continue;
    const base = {
      dossierCode: record.dossierCode,
      theirStatus: record.status,
      theirStatusAt: record.statusAt,
    };
    const before = statusMismatch.length;
    if (record.status === 'result-returned' && mine.returnByPost) {
      if (!mine.deliveredAt) {
        statusMismatch.push({
          ...base,
          kind: 'result-returned-not-delivered',
          ourTime: null,
          detail: 'They say the result was returned; the post has not delivered it',
        });
      } else if (minutesBetween(mine.deliveredAt, record.statusAt) > toleranceMinutes) {
        statusMismatch.push({
          ...base,
          kind: 'time-mismatch',
          ourTime: mine.deliveredAt,
          detail: `Returned at ${record.statusAt} there, delivered at ${mine.deliveredAt} here`,
        });
      }
    }
    if (mine.handedOverAt) {
      if (!RECEIVED_OR_LATER.has(record.status)) {
        statusMismatch.push({
          ...base,
          kind: 'handed-over-not-received',
          ourTime: mine.handedOverAt,
          detail: `Handed over at ${mine.handedOverAt}; they record it as ${record.status}`,
        });
      } else if (
        record.status === 'received' &&
        minutesBetween(mine.handedOverAt, record.statusAt) > toleranceMinutes
      ) {
        statusMismatch.push({
          ...base,
          kind: 'time-mismatch',
          ourTime: mine.handedOverAt,
          detail: `Received at ${record.statusAt} there, the handover record was signed at ${mine.handedOverAt}`,
        });
      }
    }
    if (statusMismatch.length === before) matched += 1;
  }
  return { missingHere, missingThere, statusMismatch, matched };
}
