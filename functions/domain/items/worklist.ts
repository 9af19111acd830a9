/**
 * The worklist: for each post office, the items waiting for its staff to act (a pickup at
 * the origin, a delivery at the destination), by due time. It is a view of the item
 * records, kept from their changes as the table stream reports them; a scan only writes
 * its fact and its item.
 */
import { type ItemRecord, pendingWork, type WorkKind } from './items.ts';
import type { DeliveryWindow } from './lifecycle.ts';

/** When a chosen window begins and ends, Vietnam time. */
export const WINDOW_HOURS: Readonly<Record<DeliveryWindow['part'], { from: string; to: string }>> = {
  morning: { from: '07:30', to: '11:30' },
  afternoon: { from: '13:30', to: '17:30' },
};

/** The start of a chosen window as an instant. */
export const windowStartsAt = (window: DeliveryWindow): string =>
  new Date(`${window.day}T${WINDOW_HOURS[window.part].from}:00+07:00`).toISOString();

/** When the entry is due: the hold's end for a result held at the office, else the item's due time. */
const entryDueAt = (item: ItemRecord): string =>
  item.status === 'held-at-office' && item.heldUntil ? item.heldUntil : (item.dueAt as string);

/** Where a delivery sits: on the day of the window the citizen chose, else at its due time. */
function plannedAt(item: ItemRecord, kind: WorkKind): string {
  if (kind === 'delivery' && item.deliveryWindow) return windowStartsAt(item.deliveryWindow);
  return entryDueAt(item);
}

/** What an entry shows of the item: what a page of the worklist needs, nothing more. */
export interface WorklistEntry {
  readonly postOfficeCode: string;
  readonly itemCode: string;
  readonly workKind: WorkKind;
  readonly dueAt: string;
  /**
   * Where the entry sits on the list: its due time, or, for an item out for delivery, when the
   * trip began if that is earlier, so that it stays on that day's round until its outcome.
   */
  readonly listAt: string;
  readonly direction: ItemRecord['direction'];
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly agencyCode: string;
  /** Whom staff meet: the citizen at a pickup or a delivery; null at a collection (the agency). */
  readonly contact: ItemRecord['addressee'] | null;
  readonly addressee: ItemRecord['addressee'];
  readonly collectAmountVnd: number;
  readonly failedAttempts: number;
  /** The staff member the work was given to; null while unassigned. */
  readonly assignedStaffId: string | null;
  /** The half-day the citizen chose for the delivery; null or absent when none was chosen. */
  readonly deliveryWindow?: DeliveryWindow | null;
}

/** The entry an item has in its office's worklist, or null when nothing is due from staff. */
export function worklistEntry(item: ItemRecord | null): WorklistEntry | null {
  if (!item?.dueAt) return null;
  const work = pendingWork(item);
  if (!work) return null;
  const outSince = item.status === 'out-for-delivery' ? item.outForDeliveryAt : null;
  const planned = plannedAt(item, work.kind);
  const contact =
    work.kind === 'pickup'
      ? (item.sender ?? item.addressee)
      : work.kind === 'delivery'
        ? item.addressee
        : null;
  return {
    postOfficeCode: work.postOfficeCode,
    itemCode: item.itemCode,
    workKind: work.kind,
    dueAt: entryDueAt(item),
    listAt: outSince && outSince < planned ? outSince : planned,
    agencyCode: item.agencyCode,
    contact,
    direction: item.direction,
    consignmentRef: item.consignmentRef,
    dossierCode: item.dossierCode,
    addressee: item.addressee,
    collectAmountVnd: item.collectAmountVnd,
    failedAttempts: item.failedAttempts,
    assignedStaffId: item.assignedStaffId ?? null,
    deliveryWindow: item.deliveryWindow ?? null,
  };
}

/** Where an entry sits: its office, then its place in time and item code (the order a page lists them in). */
export const entryPosition = (entry: Pick<WorklistEntry, 'postOfficeCode' | 'listAt' | 'itemCode'>) =>
  `${entry.postOfficeCode}#${entry.listAt}#${entry.itemCode}`;

/** One change of an item record, as the table stream reports it: before and after. */
export interface ItemChange {
  readonly before: ItemRecord | null;
  readonly after: ItemRecord | null;
}

/** The item a change is of ('' for a change of nothing, which the stream never reports). */
export const itemCodeOf = (change: ItemChange): string =>
  change.after?.itemCode ?? change.before?.itemCode ?? '';

export interface WorklistChanges {
  /** Entries to write: new, or showing something new. */
  readonly put: readonly WorklistEntry[];
  /** Entries to remove: the item left that office's worklist or moved within it. */
  readonly remove: readonly WorklistEntry[];
}

const sameEntry = (a: WorklistEntry, b: WorklistEntry): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What the worklist must change for a run of item changes in stream order: per item, from
 * its entry before the first change to its entry after the last one. Both sides are states,
 * not steps, so applying them again (a retried batch) changes nothing.
 */
export function worklistChanges(changes: readonly ItemChange[]): WorklistChanges {
  const byItem = new Map<string, { first: WorklistEntry | null; last: WorklistEntry | null }>();
  for (const change of changes) {
    const itemCode = itemCodeOf(change);
    if (!itemCode) continue;
    const known = byItem.get(itemCode);
    const last = worklistEntry(change.after);
    if (known) known.last = last;
    else byItem.set(itemCode, { first: worklistEntry(change.before), last });
  }
  const put: WorklistEntry[] = [];
  const remove: WorklistEntry[] = [];
  for (const { first, last } of byItem.values()) {
    if (first && last && sameEntry(first, last)) continue;
    if (first && (!last || entryPosition(first) !== entryPosition(last))) remove.push(first);
    if (last) put.push(last);
  }
  return { put, remove };
}

/** Most tasks a supervisor assigns in one call. */
export const MAX_ASSIGNMENTS_PER_CALL = 100;

export type AssignmentRefusal = 'unknown-item' | 'nothing-to-do' | 'not-your-office';

/**
 * A supervisor gives an item's pending work to a staff member of the office where it waits
 * (or takes it back with null). Answers the item with its assignee, or why not.
 */
export function assignWork(
  item: ItemRecord | null,
  staffId: string | null,
  supervisorOfficeCode: string | null,
): { readonly item: ItemRecord } | { readonly refusal: AssignmentRefusal } {
  if (!item) return { refusal: 'unknown-item' };
  const work = pendingWork(item);
  if (!work) return { refusal: 'nothing-to-do' };
  if (supervisorOfficeCode !== null && work.postOfficeCode !== supervisorOfficeCode)
    return { refusal: 'not-your-office' };
  return { item: { ...item, assignedStaffId: staffId, version: item.version + 1 } };
}
