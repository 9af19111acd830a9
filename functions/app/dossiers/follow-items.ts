/**
 * What the table stream does after items changed, for the dossiers and supervisors that
 * depend on them: each dossier records the status its items now give it, with its
 * `dossier.<status>` event (and `dossier.at-risk` once, when its result would reach the
 * citizen after the promised date); each item whose flagged facts changed raises an anomaly
 * for each new one, and, when flags were lifted (applied, or made right by a later fact),
 * sends the facts that now count to the ledger again, which books each once.
 */
import {
  atRiskChange,
  type Dossier,
  type DossierRepository,
  followItems,
  type Registration,
} from '../../domain/dossiers.ts';
import { acceptedFacts, raisedAnomalies } from '../../domain/items/anomalies.ts';
import type { ItemRepository } from '../../domain/items/ingest.ts';
import { foldRecord, type ItemRecord } from '../../domain/items/items.ts';
import type { ItemChange } from '../../domain/items/worklist.ts';
import { LEDGER_FACT_TYPES, type LedgerFactMessage } from '../../domain/money/collections.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import type { AnomalyRepository } from '../anomalies/ports.ts';

export interface FollowPorts {
  readonly dossiers: Pick<DossierRepository, 'find' | 'recordChange'>;
  readonly items: Pick<ItemRepository, 'load'> & {
    getItems(itemCodes: readonly string[]): Promise<ItemRecord[]>;
  };
  readonly anomalies: Pick<AnomalyRepository, 'raise'>;
  readonly sendLedgerFact: (message: LedgerFactMessage) => Promise<void>;
}

/** Tries when the dossier changed between the read and the write. */
const MAX_FOLLOW_ATTEMPTS = 4;

async function recordIfStill(ports: FollowPorts, change: Registration | null): Promise<Dossier | null> {
  if (!change) return null;
  try {
    await ports.dossiers.recordChange(change);
    return change.dossier;
  } catch (error) {
    if (error instanceof DomainRefusal && error.kind === 'conflict') return null;
    throw error;
  }
}

/** Every step from the dossier's status to the one its items give it, each with its event; null on a conflict. */
async function followStepByStep(
  ports: FollowPorts,
  dossier: Dossier,
  items: Parameters<typeof followItems>[1],
  now: Date,
): Promise<Dossier | null> {
  let current = dossier;
  // Each step moves the status up the journey's ranks, so the steps are few.
  for (let step = followItems(current, items, now); step; step = followItems(current, items, now)) {
    const recorded = await recordIfStill(ports, step);
    if (!recorded) return null;
    current = recorded;
  }
  return current;
}

/** The dossier of these items records its new status (and the risk to its promised date). */
export async function followDossier(ports: FollowPorts, consignmentRef: string, now: Date): Promise<void> {
  for (let attempt = 1; attempt <= MAX_FOLLOW_ATTEMPTS; attempt += 1) {
    const found = await ports.dossiers.find(consignmentRef);
    if (!found) return;
    const items = await ports.items.getItems(found.dossier.items.map((item) => item.itemCode));
    const afterStatus = await followStepByStep(ports, found.dossier, items, now);
    if (!afterStatus) continue;
    const risk = atRiskChange(afterStatus, items, now);
    if (!risk || (await recordIfStill(ports, risk))) return;
  }
  throw new Error(`Dossier ${consignmentRef} kept changing: its status is left to the next delivery`);
}

/** Anomalies for new flags; the facts that count sent to the ledger again when flags were lifted. */
export async function recheckFlags(ports: FollowPorts, change: ItemChange, now: Date): Promise<void> {
  const { before, after } = change;
  if (!after || (before?.anomalies ?? 0) === after.anomalies) return;
  const snapshot = await ports.items.load(after.itemCode);
  if (!snapshot) return;
  const state = foldRecord(snapshot.item, snapshot.facts);
  await ports.anomalies.raise(raisedAnomalies(snapshot.item, null, state, snapshot.facts, now));
  if (!before || after.anomalies >= before.anomalies) return;
  for (const fact of acceptedFacts(state, snapshot.facts)) {
    if (!LEDGER_FACT_TYPES.has(fact.type)) continue;
    const { factId, type, occurredAt, postOfficeCode, staffId, collected } = fact;
    await ports.sendLedgerFact({
      itemCode: after.itemCode,
      fact: {
        factId,
        type,
        occurredAt,
        postOfficeCode,
        ...(staffId ? { staffId } : {}),
        ...(collected ? { collected } : {}),
      },
    });
  }
}

/** The stream's item changes of one batch: each changed dossier once, each item's flags. */
export async function followItemChanges(
  ports: FollowPorts,
  changes: readonly ItemChange[],
  now: Date,
): Promise<void> {
  const dossiers = new Set<string>();
  for (const change of changes) {
    const after = change.after;
    if (after && change.before?.status !== after.status) dossiers.add(after.consignmentRef);
    await recheckFlags(ports, change, now);
  }
  for (const consignmentRef of dossiers) await followDossier(ports, consignmentRef, now);
}
