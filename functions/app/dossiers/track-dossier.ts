/**
/**
 * A citizen follows a dossier by what they hold: its code, the post's PG reference, or an
 * item code. Without the last four digits of the phone given at registration nothing is
 * revealed, not even whether the dossier exists; with them, the steps named in Vietnamese,
 * without personal data and without flagged facts. Ten wrong guesses lock the dossier (or the
 * unknown reference) for an hour, whichever reference names it; a wrong guess, an unknown
 * reference and a locked one are answered alike, after the same reads and the same write.
 */
import { timingSafeEqual } from 'node:crypto';
import { choiceOf, mayChoose } from '../../domain/citizen-choice.ts';
import { dossierView } from '../../domain/dossiers.ts';
import { isLocked, type TrackingGuard } from '../../domain/tracking-guard.ts';
import { DOSSIER_STATUS_VI, publicTimeline } from '../../domain/tracking-words.ts';
import type { DossierPorts } from './ports.ts';

const sameDigits = (left: string, right: string): boolean =>
  left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));

/** An S10 item code (`RH123456785VN`): two letters, nine digits, two letters. */
const ITEM_CODE = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

/** The dossier a reference names: by code or PG reference directly, by item code through its item. */
async function findByRef(ports: DossierPorts, ref: string) {
  if (!ITEM_CODE.test(ref)) return ports.dossiers.find(ref);
  const [item] = await ports.items.getItems([ref]);
  return item ? ports.dossiers.find(item.consignmentRef) : null;
}

/** The public view; null when there is no such dossier or the digits do not match. */
export async function trackDossier(
  ports: DossierPorts & { readonly guard: TrackingGuard },
  input: { readonly ref: string; readonly phoneLast4: string | undefined },
  nowMs: number = Date.now(),
) {
  const found = await findByRef(ports, input.ref);
  const guardKey = found?.dossier.dossierCode ?? input.ref;
  const window = await ports.guard.window(guardKey, nowMs);
  const matches =
    found !== null &&
    input.phoneLast4 !== undefined &&
    sameDigits(found.dossier.applicant.phone.slice(-4), input.phoneLast4);
  if (!found || !matches || isLocked(window, nowMs)) {
    await ports.guard.recordWrongGuess(guardKey, nowMs);
    return null;
  }
  const { dossier, events } = found;
  const snapshots = await ports.items.snapshots(dossier.items.map((item) => item.itemCode));
  const view = dossierView(dossier, events, snapshots);
  // The result's item: what the citizen chose for it, and whether they still may.
  const outbound = snapshots.findLast((snapshot) => snapshot.item.direction === 'outbound')?.item;
  return {
    ref: input.ref,
    dossierCode: dossier.dossierCode,
    consignmentRef: dossier.consignmentRef,
    status: view.dossier.status,
    statusText: DOSSIER_STATUS_VI[view.dossier.status],
    ...(dossier.promisedDate ? { promisedDate: dossier.promisedDate } : {}),
    agency: dossier.agency,
    procedure: dossier.procedure,
    items: view.items,
    timeline: publicTimeline(view.timeline),
    choice: outbound ? choiceOf(outbound) : null,
    mayChoose: outbound ? mayChoose(outbound) : false,
  };
}
