/** What the handover-manifest use cases need from storage. */
import type { ItemRepository } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import type { openManifest } from '../../domain/manifests.ts';

/** A handover record, as the domain draws it up. */
export type Manifest = ReturnType<typeof openManifest>;

export interface ManifestRepository {
  /** Writes a new manifest; its id is new. */
  create(manifest: Manifest): Promise<void>;
  get(manifestId: string): Promise<Manifest | null>;
  /** Writes the confirmed manifest over the open one. */
  confirm(manifest: Manifest): Promise<void>;
}

export interface ManifestPorts {
  readonly manifests: ManifestRepository;
  readonly items: ItemRepository & { getItems(itemCodes: readonly string[]): Promise<ItemRecord[]> };
  /** The lawful submission time of a dossier: the first signed handover to the agency, never moved. */
  readonly submissions: { recordSubmission(consignmentRef: string, signedAt: string): Promise<void> };
}

/** Says whether the caller may read or confirm this manifest; throws when not. */
export type ManifestAccess = (manifest: Manifest) => void;
