/**
 * A citizen follows a dossier. Without the last four digits of the phone given at
 * registration nothing is revealed, not even whether the dossier exists; with them, the
 * timeline without personal data. Ten wrong guesses lock the reference for an hour; a wrong
 * guess, an unknown reference and a locked one are answered alike, after the same reads and
 * the same write.
 */
import { timingSafeEqual } from 'node:crypto';
import { dossierView } from '../../domain/dossiers.ts';
import { isLocked, type TrackingGuard } from '../../domain/tracking-guard.ts';
import type { DossierPorts } from './ports.ts';

const sameDigits = (left: string, right: string): boolean =>
  left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));

/** The public view; null when there is no such dossier or the digits do not match. */
export async function trackDossier(
  ports: DossierPorts & { readonly guard: TrackingGuard },
  input: { readonly dossierCode: string; readonly phoneLast4: string | undefined },
  nowMs: number = Date.now(),
) {
  const [window, found] = await Promise.all([
    ports.guard.window(input.dossierCode, nowMs),
    ports.dossiers.find(input.dossierCode),
  ]);
  const matches =
    found !== null &&
    input.phoneLast4 !== undefined &&
    sameDigits(found.dossier.applicant.phone.slice(-4), input.phoneLast4);
  if (!found || !matches || isLocked(window, nowMs)) {
    await ports.guard.recordWrongGuess(input.dossierCode, nowMs);
    return null;
  }
  const { dossier, events } = found;
  const view = dossierView(
    dossier,
    events,
    await ports.items.snapshots(dossier.items.map((item) => item.itemCode)),
  );
  return {
    dossierCode: input.dossierCode,
    status: dossier.status,
    agency: dossier.agency,
    procedure: dossier.procedure,
    items: view.items,
    timeline: view.timeline.map((entry) => ({
      type: entry.type,
      occurredAt: entry.occurredAt,
      ...('itemCode' in entry ? { itemCode: entry.itemCode, postOfficeCode: entry.postOfficeCode } : {}),
    })),
  };
}
