/**
 * Handover manifests (biên bản giao nhận): drawn up by the post over items it holds, read by
 * either side, and confirmed by the receiving side with what it actually received. Only
 * confirmed items change hands; the signing time of a handover to the agency is the lawful
 * submission time of each dossier it carried.
 */
import { recordFact } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import {
  type Confirmation,
  confirmManifest as confirm,
  custodyFact,
  type ManifestKind,
  openManifest,
} from '../../domain/manifests.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import type { Manifest, ManifestAccess, ManifestPorts } from './ports.ts';

/** Items moved at once while confirming a manifest. */
const CONFIRM_CONCURRENCY = 8;

export async function drawUpManifest(
  ports: Pick<ManifestPorts, 'manifests' | 'items'>,
  input: {
    readonly kind: ManifestKind;
    readonly agencyCode: string;
    readonly postOfficeCode: string;
    readonly itemCodes: readonly string[];
    readonly createdBy: string;
    readonly now: Date;
  },
): Promise<Manifest> {
  const items = await ports.items.getItems([...new Set(input.itemCodes)]);
  const manifest = openManifest({ ...input, items: new Map(items.map((item) => [item.itemCode, item])) });
  await ports.manifests.create(manifest);
  return manifest;
}

export async function readManifest(
  ports: Pick<ManifestPorts, 'manifests'>,
  manifestId: string,
  mayAccess: ManifestAccess,
): Promise<Manifest> {
  const manifest = await ports.manifests.get(manifestId);
  if (!manifest) throw new DomainRefusal('not-found', `No manifest ${manifestId}`);
  mayAccess(manifest);
  return manifest;
}

export async function confirmManifest(
  ports: ManifestPorts,
  input: {
    readonly manifestId: string;
    readonly mayConfirm: ManifestAccess;
    readonly itemCodesReceived: readonly string[];
    readonly signedBy: string;
    readonly signedAt: Date;
    readonly confirmedBy: string;
    readonly now: Date;
  },
): Promise<Confirmation> {
  const manifest = await readManifest(ports, input.manifestId, input.mayConfirm);
  const confirmation = confirm(manifest, input);
  // Custody first, each fact recorded once; the manifest is marked confirmed last, so a retry completes it.
  const moved: ItemRecord[] = [];
  for (let start = 0; start < confirmation.received.length; start += CONFIRM_CONCURRENCY) {
    const wave = confirmation.received.slice(start, start + CONFIRM_CONCURRENCY);
    const results = await Promise.all(
      wave.map((itemCode) =>
        recordFact(ports.items, itemCode, () => custodyFact(confirmation.manifest, itemCode, input.now)),
      ),
    );
    moved.push(...results.filter((item): item is ItemRecord => item !== null));
  }
  if (manifest.kind === 'handover-to-agency') {
    const dossiers = new Set(moved.map((item) => item.consignmentRef));
    const signedAt = input.signedAt.toISOString();
    await Promise.all([...dossiers].map((ref) => ports.submissions.recordSubmission(ref, signedAt)));
  }
  await ports.manifests.confirm(confirmation.manifest);
  return confirmation;
}
