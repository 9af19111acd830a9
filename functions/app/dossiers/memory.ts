/**
 * In-memory dossier ports, for the use cases' tests: the same rules as the table's stores
 * (a dossier code registered once, a change written only over the version it read, an item
 * committed only at the version it read).
 */

import { createHash } from 'node:crypto';
import type { StoredObject } from '../../domain/digitised-documents.ts';
import type { Dossier, DossierEvent, DossierRepository, Registration } from '../../domain/dossiers.ts';
import { factKey, type ItemSnapshot } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import type { StoredFact } from '../../domain/items/scans.ts';
import { MemoryLedger } from '../../domain/money/ledger.ts';
import type { FinanceLine } from '../../domain/money/model.ts';
import type { ReferenceData } from '../../domain/reference.ts';
import { DomainRefusal, StaleWrite } from '../../domain/refusal.ts';
import type { S10Allocator } from '../../domain/registration.ts';
import {
  type GuessWindow,
  MAX_WRONG_GUESSES,
  TRACKING_LOCK_MS,
  type TrackingGuard,
} from '../../domain/tracking-guard.ts';
import type { DigitisedStorage } from './digitised-documents.ts';
import type { DossierItems } from './ports.ts';

export class MemoryItems implements DossierItems {
  readonly items = new Map<string, ItemRecord>();
  readonly facts = new Map<string, StoredFact[]>();
  commits = 0;
  conflicts = 0;

  add(item: ItemRecord): void {
    this.items.set(item.itemCode, item);
    this.facts.set(item.itemCode, []);
  }

  async findFacts(keys: readonly { itemCode: string; factId: string }[]): Promise<Map<string, StoredFact>> {
    const found = new Map<string, StoredFact>();
    for (const { itemCode, factId } of keys) {
      const fact = this.facts.get(itemCode)?.find((candidate) => candidate.factId === factId);
      if (fact) found.set(factKey(itemCode, factId), fact);
    }
    return found;
  }

  async load(itemCode: string): Promise<ItemSnapshot | null> {
    const item = this.items.get(itemCode);
    return item ? { item, facts: [...(this.facts.get(itemCode) ?? [])] } : null;
  }

  async commit(next: ItemRecord, expectedVersion: number, newFacts: readonly StoredFact[]): Promise<boolean> {
    const current = this.items.get(next.itemCode);
    const stored = this.facts.get(next.itemCode) ?? [];
    const clash = newFacts.some((fact) => stored.some((existing) => existing.factId === fact.factId));
    if (!current || current.version !== expectedVersion || clash) {
      this.conflicts += 1;
      return false;
    }
    this.items.set(next.itemCode, next);
    this.facts.set(next.itemCode, [...stored, ...newFacts]);
    this.commits += 1;
    return true;
  }

  async snapshots(itemCodes: readonly string[]): Promise<ItemSnapshot[]> {
    const loaded = await Promise.all(itemCodes.map((code) => this.load(code)));
    return loaded.filter((snapshot): snapshot is ItemSnapshot => snapshot !== null);
  }

  async getItems(itemCodes: readonly string[]): Promise<ItemRecord[]> {
    return itemCodes.flatMap((code) => {
      const item = this.items.get(code);
      return item ? [item] : [];
    });
  }
}

export class MemoryDossiers implements DossierRepository {
  readonly dossiers = new Map<string, Dossier>();
  readonly events = new Map<string, DossierEvent[]>();
  /** Dossier code → consignment reference. */
  readonly codes = new Map<string, string>();

  /** The transfers and finance lines changes carried, as the books would hold them. */
  readonly ledger = new MemoryLedger();
  readonly financeLines: FinanceLine[] = [];

  constructor(private readonly items: MemoryItems) {}

  async register(registration: Registration) {
    const { dossier, event } = registration;
    const taken = dossier.dossierCode ? this.codes.get(dossier.dossierCode) : undefined;
    if (taken) return { created: false, dossier: this.dossiers.get(taken) as Dossier };
    if (dossier.dossierCode) this.codes.set(dossier.dossierCode, dossier.consignmentRef);
    this.dossiers.set(dossier.consignmentRef, dossier);
    this.events.set(dossier.consignmentRef, [event]);
    for (const item of registration.items ?? []) this.items.add(item);
    return { created: true, dossier };
  }

  async recordChange(change: Registration): Promise<void> {
    const { dossier, event } = change;
    const current = this.dossiers.get(dossier.consignmentRef);
    const stale = (change.updatedItems ?? []).some(
      (item) => this.items.items.get(item.itemCode)?.version !== item.version - 1,
    );
    if (current?.eventSequence !== dossier.eventSequence - 1 || stale) {
      throw new StaleWrite(`Dossier ${dossier.consignmentRef} changed meanwhile: read it and retry`);
    }
    if (change.newDossierCode && this.codes.has(change.newDossierCode)) {
      throw new DomainRefusal(
        'conflict',
        `Dossier code ${change.newDossierCode} is already used by another dossier`,
      );
    }
    if (change.newDossierCode) this.codes.set(change.newDossierCode, dossier.consignmentRef);
    this.dossiers.set(dossier.consignmentRef, dossier);
    this.events.get(dossier.consignmentRef)?.push(event);
    for (const item of change.items ?? []) this.items.add(item);
    for (const item of change.updatedItems ?? []) this.items.add(item);
    if (change.transfers?.length) this.ledger.post(change.transfers);
    this.financeLines.push(...(change.financeLines ?? []));
  }

  async find(dossierRef: string) {
    const consignmentRef = this.codes.get(dossierRef) ?? dossierRef;
    const dossier = this.dossiers.get(consignmentRef);
    return dossier ? { dossier, events: [...(this.events.get(consignmentRef) ?? [])] } : null;
  }
}

/** S10 codes from one counter per office and service, with their check digit. */
export class MemoryS10Series implements S10Allocator {
  private readonly next = new Map<string, number>();

  async allocate(postOfficeCode: string, serviceLetters: string): Promise<string> {
    const key = `${postOfficeCode}/${serviceLetters}`;
    const serialNumber = (this.next.get(key) ?? 0) + 1;
    this.next.set(key, serialNumber);
    const serial = String(serialNumber).padStart(8, '0');
    const sum = [...serial].reduce(
      (total, digit, index) => total + Number(digit) * (S10_WEIGHTS[index] ?? 0),
      0,
    );
    const check = 11 - (sum % 11);
    return `${serviceLetters}${serial}${check === 10 ? 0 : check === 11 ? 5 : check}VN`;
  }
}
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

type PostOffice = NonNullable<Awaited<ReturnType<ReferenceData['postOffice']>>>;
type Agency = NonNullable<Awaited<ReturnType<ReferenceData['agency']>>>;

export class MemoryReference implements ReferenceData {
  readonly offices = new Map<string, PostOffice>();
  readonly agencies = new Map<string, Agency>();

  async postOffice(postOfficeCode: string) {
    return this.offices.get(postOfficeCode) ?? null;
  }
  async agency(agencyCode: string) {
    return this.agencies.get(agencyCode) ?? null;
  }
  async officeServingCommune(communeCode: string) {
    for (const office of this.offices.values()) {
      if (office.communeCodes.includes(communeCode)) return office.postOfficeCode;
    }
    return null;
  }
}

/** Wrong tracking guesses in memory: one window per reference, as the DynamoDB guard keeps them. */
export class MemoryTrackingGuard implements TrackingGuard {
  readonly windows = new Map<string, GuessWindow>();

  async window(ref: string, nowMs: number): Promise<GuessWindow | null> {
    const window = this.windows.get(ref);
    return window && window.endsAtMs > nowMs ? window : null;
  }

  async recordWrongGuess(ref: string, nowMs: number): Promise<void> {
    const open = await this.window(ref, nowMs);
    const wrongGuesses = (open?.wrongGuesses ?? 0) + 1;
    const endsAtMs = !open || wrongGuesses === MAX_WRONG_GUESSES ? nowMs + TRACKING_LOCK_MS : open.endsAtMs;
    this.windows.set(ref, { wrongGuesses, endsAtMs });
  }
}

/** The documents bucket's scans in memory: objects as uploaded, read back whole. */
export class MemoryDigitisedStorage implements DigitisedStorage {
  readonly objects = new Map<string, Uint8Array>();
  readonly uploads: { key: string; contentType: string; maxBytes: number }[] = [];

  async presignUpload(input: { key: string; contentType: string; maxBytes: number }) {
    this.uploads.push(input);
    return {
      url: 'https://documents.example/upload',
      fields: { key: input.key, 'Content-Type': input.contentType },
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
    };
  }

  async read(key: string, maxBytes: number): Promise<StoredObject | null> {
    const bytes = this.objects.get(key);
    if (!bytes) return null;
    if (bytes.byteLength > maxBytes)
      return { sizeBytes: bytes.byteLength, sha256: '', head: bytes.slice(0, 8) };
    return {
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      head: bytes.slice(0, 8),
    };
  }

  async presignDownload(key: string) {
    return {
      url: `https://documents.example/${key}?signature=memory`,
      expiresAt: new Date(Date.now() + 300_000).toISOString(),
    };
  }
}
