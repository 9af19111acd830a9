/**
 * A result sent again, with the party at fault: the dossier, its new item, the original's mark,
 * the ledger transfer and the finance line are written at once; then the result waits again
 * for collection at the agency on the new item.
 */
import { resultReadyFact } from '../../domain/dossiers.ts';
import { recordFact } from '../../domain/items/ingest.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import {
  type FaultParty,
  type ResendReason,
  resendRefusal,
  resendResult,
  SERVICE_LETTERS,
} from '../../domain/resend.ts';
import { openDossier, retryStale, viewAfter } from './open-dossier.ts';
import type { DossierAccess, DossierPorts, S10Allocator } from './ports.ts';

export interface ResendPorts extends DossierPorts {
  readonly s10: S10Allocator;
}

export interface ResendInput {
  readonly itemCode: string;
  readonly faultParty: FaultParty;
  readonly reason: ResendReason;
  readonly note?: string | undefined;
  /** Throws when the caller may not act for this item's offices. */
  readonly mayResend: (offices: { originOfficeCode: string; destinationOfficeCode: string }) => void;
  readonly mayAccess: DossierAccess;
  readonly recordedBy: string;
  readonly now: Date;
}

export async function resendItem(ports: ResendPorts, input: ResendInput) {
  return retryStale(async () => {
    const loaded = await ports.items.load(input.itemCode);
    if (!loaded) throw new DomainRefusal('not-found', `No item ${input.itemCode}`);
    input.mayResend(loaded.item);
    const opened = await openDossier(ports, loaded.item.consignmentRef, input.mayAccess);
    const original = opened.snapshots.find((snapshot) => snapshot.item.itemCode === input.itemCode)?.item;
    if (!original) throw new DomainRefusal('not-found', `No item ${input.itemCode} on its dossier`);
    // Refused before a new code is drawn from the series.
    const refusal = resendRefusal(original, opened.dossier);
    if (refusal) throw refusal;
    const change = resendResult({
      dossier: opened.dossier,
      original,
      itemCode: await ports.s10.allocate(original.originOfficeCode, SERVICE_LETTERS.outbound),
      faultParty: input.faultParty,
      reason: input.reason,
      note: input.note,
      recordedBy: input.recordedBy,
      now: input.now,
    });
    await ports.dossiers.recordChange(change);
    const added = change.items?.[0];
    if (added) {
      await recordFact(ports.items, added.itemCode, (item) => resultReadyFact(item, input.now, input.now));
    }
    const resend = change.dossier.resends?.at(-1);
    return { resend, view: await viewAfter(ports, opened, change) };
  });
}
