/**
 * Handover manifests (biên bản giao nhận). The post hands inbound dossiers to an agency's
 * one-stop shop, or collects results from it; the receiving side confirms what it actually
 * received. Only confirmed items change hands: missing ones stay where they were.
 */

import { crockfordId } from './identifiers.ts';
import type { ItemRecord } from './items/items.ts';
import { EMSEVT, type FactType } from './items/lifecycle.ts';
import type { StoredFact } from './items/scans.ts';
import { DomainRefusal } from './refusal.ts';

export const MANIFEST_KINDS = ['handover-to-agency', 'collect-from-agency'] as const;
export type ManifestKind = (typeof MANIFEST_KINDS)[number];

/** A handover record between the post and an agency, as stored and as the API shows it. */
export interface Manifest {
  manifestId: string;
  kind: ManifestKind;
  agencyCode: string;
  postOfficeCode: string;
  status: 'open' | 'confirmed';
  itemCodes: string[];
  createdAt: string;
  createdBy: string;
  confirmation: {
    signedBy: string;
    signedAt: string;
    confirmedBy: string;
    received: string[];
    missing: string[];
    unexpected: string[];
  } | null;
}

/** `BB` (biên bản) + 12 Crockford base32 characters. */
export const newManifestId = (): string => crockfordId('BB', 12);

/** What an item must be for each kind of manifest. */
function ineligibility(
  kind: ManifestKind,
  item: ItemRecord,
  agencyCode: string,
  postOfficeCode: string,
): string | null {
  if (item.agencyCode !== agencyCode) return 'belongs to another agency';
  if (kind === 'handover-to-agency') {
    if (item.direction !== 'inbound') return 'is not a dossier going to the agency';
    if (item.destinationOfficeCode !== postOfficeCode) return 'is handed over by another office';
    if (item.status !== 'picked-up' && item.status !== 'in-transit') return `is ${item.status}`;
    return null;
  }
  if (item.direction !== 'outbound') return 'is not a result going back to a citizen';
  if (item.originOfficeCode !== postOfficeCode) return 'is collected by another office';
  if (item.status !== 'result-ready') return `is ${item.status}, not result-ready`;
  return null;
}

export function openManifest(input: {
  readonly kind: ManifestKind;
  readonly agencyCode: string;
  readonly postOfficeCode: string;
  readonly itemCodes: readonly string[];
  readonly items: ReadonlyMap<string, ItemRecord>;
  readonly createdBy: string;
  readonly now: Date;
}): Manifest {
  const itemCodes = [...new Set(input.itemCodes)];
  const problems = itemCodes.flatMap((code) => {
    const item = input.items.get(code);
    const reason = item
      ? ineligibility(input.kind, item, input.agencyCode, input.postOfficeCode)
      : 'does not exist';
    return reason ? [`${code} ${reason}`] : [];
  });
  if (problems.length > 0) {
    throw new DomainRefusal('unprocessable', `Cannot list these items: ${problems.slice(0, 20).join('; ')}`);
  }
  return {
    manifestId: newManifestId(),
    kind: input.kind,
    agencyCode: input.agencyCode,
    postOfficeCode: input.postOfficeCode,
    status: 'open',
    itemCodes,
    createdAt: input.now.toISOString(),
    createdBy: input.createdBy,
    confirmation: null,
  };
}

export interface Confirmation {
  readonly manifest: Manifest;
  readonly received: string[];
  readonly missing: string[];
  readonly unexpected: string[];
}

export function confirmManifest(
  manifest: Manifest,
  input: {
    readonly itemCodesReceived: readonly string[];
    readonly signedBy: string;
    readonly signedAt: Date;
    readonly confirmedBy: string;
  },
): Confirmation {
  if (manifest.status !== 'open')
    throw new DomainRefusal('conflict', `Manifest ${manifest.manifestId} is already confirmed`);
  const listed = new Set(manifest.itemCodes);
  const receivedSet = new Set(input.itemCodesReceived);
  const received = manifest.itemCodes.filter((code) => receivedSet.has(code));
  const missing = manifest.itemCodes.filter((code) => !receivedSet.has(code));
  const unexpected = [...receivedSet].filter((code) => !listed.has(code));
  const confirmed: Manifest = {
    ...manifest,
    status: 'confirmed',
    confirmation: {
      signedBy: input.signedBy,
      signedAt: input.signedAt.toISOString(),
      confirmedBy: input.confirmedBy,
      received,
      missing,
      unexpected,
    },
  };
  return { manifest: confirmed, received, missing, unexpected };
}

/** The fact a confirmed manifest records on each item it moved: the same id however often confirmed. */
export function custodyFact(manifest: Manifest, itemCode: string, receivedAt: Date): StoredFact {
  const type: FactType = manifest.kind === 'handover-to-agency' ? 'handed-over' : 'collected';
  const occurredAt = manifest.confirmation?.signedAt ?? receivedAt.toISOString();
  return {
    factId: `${manifest.manifestId}-${itemCode}`,
    type,
    occurredAt,
    postOfficeCode: manifest.postOfficeCode,
    source: 'system',
    emsevt: EMSEVT[type],
    receivedAt: receivedAt.toISOString(),
    contentHash: `${manifest.manifestId}:${type}:${occurredAt}`,
  };
}

/** The receiving side confirms: the agency takes dossiers in, the post takes results in. */
export const receivingSide = (kind: ManifestKind): 'agency' | 'post' =>
  kind === 'handover-to-agency' ? 'agency' : 'post';
