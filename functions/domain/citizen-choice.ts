/**
 * The citizen's choice for the result: a delivery window (the morning or the afternoon of a
 * working day) or collecting it at the office (`held-at-office`). Made once per outbound item,
 * before it goes out for delivery, from the link sent with the result-ready notice; the link's
 * token proves it is the citizen of this dossier (the phone digits alone are not enough).
 * The choice is a fact on the item, so the item's status, the worklist, the tracking page and
 * the callbacks all follow it.
 */
import { addWorkingDays, isWorkingDay, localDate } from './calendar/working-days.ts';
import type { ItemRecord } from './items/items.ts';
import { type DeliveryWindow, EMSEVT } from './items/lifecycle.ts';
import type { StoredFact } from './items/scans.ts';
import { windowStartsAt } from './items/worklist.ts';

/**
 * Working days ahead a window may be chosen: four working weeks. A result kept longer for the
 * citizen's convenience is better held at the office, whose hold has its own end.
 */
export const MAX_WINDOW_WORKING_DAYS_AHEAD = 20;

/** Statuses in which the citizen may still choose: the item has not gone out for delivery. */
export const CHOOSABLE_STATUSES: ReadonlySet<ItemRecord['status']> = new Set([
  'registered',
  'result-ready',
  'collected',
  'in-transit',
]);

export type CitizenChoice =
  | { readonly kind: 'window'; readonly window: DeliveryWindow }
  | { readonly kind: 'held-at-office' };

/** Why a choice is refused; each is its own problem type. */
export type ChoiceRefusal =
  | 'no-return-by-post'
  | 'already-chosen'
  | 'too-late-to-choose'
  | 'window-in-the-past'
  | 'not-a-working-day'
  | 'window-too-far-ahead';

/** What the citizen chose for an item so far; null when nothing. */
export function choiceOf(
  item: Pick<ItemRecord, 'deliveryWindow' | 'holdChosen' | 'heldUntil'>,
): (CitizenChoice & { readonly heldUntil?: string | null }) | null {
  if (item.holdChosen) return { kind: 'held-at-office', heldUntil: item.heldUntil ?? null };
  if (item.deliveryWindow) return { kind: 'window', window: item.deliveryWindow };
  return null;
}

/** Whether the citizen may still choose for this item. */
export const mayChoose = (item: ItemRecord): boolean =>
  item.direction === 'outbound' && CHOOSABLE_STATUSES.has(item.status) && choiceOf(item) === null;

/** Why a window cannot be chosen now; null when it can. */
export function windowRefusal(window: DeliveryWindow, now: Date): ChoiceRefusal | null {
  const today = localDate(now);
  if (window.day < today || windowStartsAt(window) <= now.toISOString()) return 'window-in-the-past';
  // Far days first: the calendar is never asked about a day beyond the limit.
  if (window.day > addWorkingDays(today, MAX_WINDOW_WORKING_DAYS_AHEAD)) return 'window-too-far-ahead';
  if (!isWorkingDay(window.day)) return 'not-a-working-day';
  return null;
}

/** The id of an item's one choice: a second choice meets the first. */
export const choiceFactId = (itemCode: string): string => `${itemCode}-citizen-choice`;

/** The fact that records the choice on the item, or why it is refused. */
export function choiceFact(
  item: ItemRecord,
  choice: CitizenChoice,
  now: Date,
): { readonly fact: StoredFact } | { readonly refusal: ChoiceRefusal } {
  if (item.direction !== 'outbound') return { refusal: 'no-return-by-post' };
  if (choiceOf(item) !== null) return { refusal: 'already-chosen' };
  if (!CHOOSABLE_STATUSES.has(item.status)) return { refusal: 'too-late-to-choose' };
  if (choice.kind === 'window') {
    const refusal = windowRefusal(choice.window, now);
    if (refusal) return { refusal };
  }
  const type = choice.kind === 'window' ? 'window-chosen' : 'hold-chosen';
  const occurredAt = now.toISOString();
  return {
    fact: {
      factId: choiceFactId(item.itemCode),
      type,
      occurredAt,
      // Chosen for the office that delivers the result, or holds it.
      postOfficeCode: item.destinationOfficeCode,
      source: 'system',
      emsevt: EMSEVT[type],
      receivedAt: occurredAt,
      contentHash:
        choice.kind === 'window' ? `${type}:${choice.window.day}:${choice.window.part}` : `${type}`,
      ...(choice.kind === 'window' ? { window: choice.window } : {}),
    },
  };
}
