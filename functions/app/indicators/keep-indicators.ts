/**
 * Keeps the indicators' per-day counters from the table stream: a journey's end (read from
 * the dossier and its items when an event may have ended it), a rating, an attachment of
 * scans and a remittance each add their figures once, however often the stream delivers the
 * record.
 */
import type { DossierRepository } from '../../domain/dossiers.ts';
import type { DomainEvent } from '../../domain/events.ts';
import {
  documentsContribution,
  journeyContribution,
  ratingContribution,
  remittanceContribution,
} from '../../domain/indicators.ts';
import type { ReferenceData } from '../../domain/reference.ts';
import { JOURNEY_END_EVENTS, journeyEnd, type Rating } from '../../domain/satisfaction.ts';
import type { DossierItems } from '../dossiers/ports.ts';
import type { IndicatorStore } from './ports.ts';

export interface IndicatorPorts {
  readonly dossiers: Pick<DossierRepository, 'find'>;
  readonly items: Pick<DossierItems, 'snapshots'>;
  readonly indicators: IndicatorStore;
  /** Where a remittance's office is: its province. */
  readonly offices: Pick<ReferenceData, 'postOffice'>;
}

/** What a remittance row says: the office that remitted, the agency paid, how much, when. */
export interface RemittanceMade {
  readonly reference: string;
  readonly agencyCode: string;
  readonly postOfficeCode: string;
  readonly amount: number;
  readonly createdAt: string;
}

/** Counts the journey an event ended; false when it did not end one or it was counted before. */
export async function countJourneyEnd(ports: IndicatorPorts, event: DomainEvent): Promise<boolean> {
  if (!JOURNEY_END_EVENTS.has(event.type)) return false;
  const found = await ports.dossiers.find(event.consignmentRef);
  if (!found) throw new Error(`Event ${event.eventId} names an unknown dossier`);
  const { dossier } = found;
  const snapshots = await ports.items.snapshots(dossier.items.map((item) => item.itemCode));
  const end = journeyEnd(dossier, snapshots);
  if (!end) return false;
  return ports.indicators.contribute(journeyContribution(dossier, snapshots, end));
}

/** Counts an attachment of scans; false when the event is another or was counted before. */
export async function countDocuments(
  ports: Pick<IndicatorPorts, 'dossiers' | 'indicators'>,
  event: DomainEvent,
): Promise<boolean> {
  if (event.type !== 'dossier.documents-attached') return false;
  const found = await ports.dossiers.find(event.consignmentRef);
  if (!found) throw new Error(`Event ${event.eventId} names an unknown dossier`);
  return ports.indicators.contribute(documentsContribution(found.dossier, event));
}

/** Counts a remittance in its office's province; false when it was counted before. */
export async function countRemittance(
  ports: Pick<IndicatorPorts, 'offices' | 'indicators'>,
  remittance: RemittanceMade,
): Promise<boolean> {
  const office = await ports.offices.postOffice(remittance.postOfficeCode);
  if (!office) throw new Error(`Remittance ${remittance.reference} names an unknown office`);
  return ports.indicators.contribute(remittanceContribution(remittance, office.provinceCode));
}

/** Counts a rating; false when it was counted before. */
export const countRating = (ports: Pick<IndicatorPorts, 'indicators'>, rating: Rating): Promise<boolean> =>
  ports.indicators.contribute(ratingContribution(rating));
