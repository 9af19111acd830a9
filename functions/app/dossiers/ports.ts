/** What the dossier use cases need from storage and reference data. */
import type { Dossier, DossierEvent, DossierRepository } from '../../domain/dossiers.ts';
import type { ItemRepository, ItemSnapshot } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import type { ReferenceData } from '../../domain/reference.ts';
import type { S10Allocator } from '../../domain/registration.ts';

export type { DossierRepository, ItemRepository, ReferenceData, S10Allocator };

/** The items of a dossier: recorded facts, and read a few at a time. */
export interface DossierItems extends ItemRepository {
  /** Items with their facts; unknown codes are left out. */
  snapshots(itemCodes: readonly string[]): Promise<ItemSnapshot[]>;
  /** Item records without their facts; unknown codes are left out. */
  getItems(itemCodes: readonly string[]): Promise<ItemRecord[]>;
}

export interface DossierPorts {
  readonly dossiers: DossierRepository;
  readonly items: DossierItems;
}

/** Says whether the caller may touch this dossier; throws when not (the handler's authorisation). */
export type DossierAccess = (dossier: Dossier) => void;

/** A dossier as a use case read it: with its events and its items' snapshots. */
export interface OpenDossier {
  readonly dossier: Dossier;
  readonly events: readonly DossierEvent[];
  readonly snapshots: readonly ItemSnapshot[];
}
