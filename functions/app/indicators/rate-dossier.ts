/**
 * A citizen rates the service from the link sent when the journey ended: the link's token
 * proves it is the citizen of this dossier, and the rating is written once. An unknown
 * dossier and a wrong token are answered alike, so that the route reveals nothing.
 */
import type { DossierRepository } from '../../domain/dossiers.ts';
import { journeyEnd, type Rating, rateDossier, ratingTokenMatches } from '../../domain/satisfaction.ts';
import type { DossierItems } from '../dossiers/ports.ts';
import type { RatingStore } from './ports.ts';

export interface RatingPorts {
  readonly dossiers: DossierRepository;
  readonly items: Pick<DossierItems, 'snapshots'>;
  readonly ratings: RatingStore;
  /** The secret the links' tokens are derived from. */
  readonly ratingSecret: () => Promise<string>;
}

export interface RatingInput {
  readonly dossierRef: string;
  readonly token: string;
  readonly score: number;
  readonly comment?: string | undefined;
}

export type RatingOutcome =
  | { readonly kind: 'rated'; readonly rating: Rating }
  | { readonly kind: 'already-rated' }
  | { readonly kind: 'invalid-token' };

export async function rateByLink(ports: RatingPorts, input: RatingInput, now: Date): Promise<RatingOutcome> {
  const [found, secret] = await Promise.all([ports.dossiers.find(input.dossierRef), ports.ratingSecret()]);
  if (!found || !ratingTokenMatches(secret, found.dossier.consignmentRef, input.token)) {
    return { kind: 'invalid-token' };
  }
  const { dossier } = found;
  if (await ports.ratings.find(dossier.consignmentRef)) return { kind: 'already-rated' };
  const snapshots = await ports.items.snapshots(dossier.items.map((item) => item.itemCode));
  const rating = rateDossier(dossier, journeyEnd(dossier, snapshots), input, now);
  return (await ports.ratings.record(rating)) ? { kind: 'rated', rating } : { kind: 'already-rated' };
}
