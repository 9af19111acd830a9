/**
 * A citizen follows a dossier. Without the last four digits of the phone given at
 * registration nothing is revealed, not even whether the dossier exists; with them, the
 * timeline without personal data.
 */
import { timingSafeEqual } from 'node:crypto';
import { dossierView } from '../../domain/dossiers.ts';
import type { DossierPorts } from './ports.ts';

const sameDigits = (left: string, right: string): boolean =>
  left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));

/** The public view; null when there is no such dossier or the digits do not match. */
export async function trackDossier(
  ports: DossierPorts,
  input: { readonly dossierCode: string; readonly phoneLast4: string | undefined },
) {
  const found = await ports.dossiers.find(input.dossierCode);
  if (!found || !input.phoneLast4 || !sameDigits(found.dossier.applicant.phone.slice(-4), input.phoneLast4)) {
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
