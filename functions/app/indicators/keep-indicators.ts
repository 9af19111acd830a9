/**
 * Keeps the indicators' per-day counters from the table stream: a journey's end (read from
 * the dossier and its items when an event may have ended it) and a rating each add their
 * figures once, however often the stream delivers the record.
 */
import type { DossierRepository } from '../../domain/dossiers.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { journeyContribution, ratingContribution } from '../../domain/indicators.ts';
import { JOURNEY_END_EVENTS, journeyEnd, type Rating } from '../../domain/satisfaction.ts';
import type { DossierItems } from '../dossiers/ports.ts';
import type { IndicatorStore } from './ports.ts';

export interface IndicatorPorts {
  readonly dossiers: Pick<DossierRepository, 'find'>;
  readonly items: Pick<DossierItems, 'snapshots'>;
  readonly indicators: IndicatorStore;
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

/** Counts a rating; false when it was counted before. */
export const countRating = (ports: Pick<IndicatorPorts, 'indicators'>, rating: Rating): Promise<boolean> =>
  ports.indicators.contribute(ratingContribution(rating));
