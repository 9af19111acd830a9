/**
 * The citizen's rating of the service: one per dossier, given once the journey has ended,
 * with a single-use token sent in the rating link (the phone digits alone are not enough).
 * The token is derived from a secret and the consignment reference, so nothing has to be
 * stored to check it; it is spent by the rating itself, which is written once.
 */
import { localDate } from './calendar/working-days.ts';
import { LINK_TOKEN_LENGTH, linkToken, linkTokenMatches } from './citizen-links.ts';
import type { Dossier } from './dossiers.ts';
import type { ItemSnapshot } from './items/ingest.ts';
import type { StoredFact } from './items/scans.ts';
import { DomainRefusal } from './refusal.ts';

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
export const RATING_COMMENT_MAX_LENGTH = 500;
/** Characters of the token in the link: 132 bits of an HMAC-SHA256, URL-safe. */
export const RATING_TOKEN_LENGTH = LINK_TOKEN_LENGTH;

export interface Rating {
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly score: number;
  readonly comment: string | null;
  readonly ratedAt: string;
  /** Vietnam month of the rating: `YYYY-MM`. */
  readonly month: string;
  /** The day of the journey's end in Vietnam, where the rating is counted: `YYYY-MM-DD`. */
  readonly journeyEndedOn: string;
  readonly provinceCode: string;
  readonly communeCode: string;
  readonly agencyCode: string;
  readonly postOfficeCode: string;
  readonly staffId: string | null;
}

/** How a dossier's journey ended, and where: null while it goes on. */
export interface JourneyEnd {
  readonly outcome: 'delivered' | 'handed-over' | 'returned-to-agency';
  readonly endedAt: string;
  /** The citizen's office: the one that delivered the result or picked the dossier up. */
  readonly postOfficeCode: string;
  readonly staffId: string | null;
}

/** The latest fact of a type on an item (the item's status says it was applied). */
export const lastFact = (snapshot: ItemSnapshot | undefined, type: string): StoredFact | undefined =>
  snapshot?.facts
    .filter((fact) => fact.type === type)
    .reduce<StoredFact | undefined>(
      (latest, fact) => (!latest || fact.occurredAt >= latest.occurredAt ? fact : latest),
      undefined,
    );

/**
 * The end of a dossier's journey: the result delivered or returned to the agency, or, with
 * no return by post, the dossier handed over to the one-stop shop (and decided on).
 */
export function journeyEnd(
  dossier: Pick<Dossier, 'services'>,
  snapshots: readonly ItemSnapshot[],
): JourneyEnd | null {
  const outbound = snapshots.filter((snapshot) => snapshot.item.direction === 'outbound').at(-1);
  const inbound = snapshots.find((snapshot) => snapshot.item.direction === 'inbound');
  if (dossier.services.return) {
    if (!outbound) return null;
    const { status, destinationOfficeCode } = outbound.item;
    if (status !== 'delivered' && status !== 'returned-to-agency') return null;
    const fact = lastFact(outbound, status === 'delivered' ? 'delivered' : 'returned-to-agency');
    return {
      outcome: status,
      endedAt: fact?.occurredAt ?? outbound.item.closedAt ?? outbound.item.createdAt,
      postOfficeCode: destinationOfficeCode,
      staffId: lastFact(outbound, 'delivered')?.staffId ?? null,
    };
  }
  if (!inbound) return null;
  const handedOver = lastFact(inbound, 'handed-over');
  if (!handedOver || !['handed-over', 'accepted', 'refused'].includes(inbound.item.status)) return null;
  return {
    outcome: 'handed-over',
    endedAt: handedOver.occurredAt,
    postOfficeCode: inbound.item.originOfficeCode,
    staffId: lastFact(inbound, 'pickup')?.staffId ?? null,
  };
}

/** The dossier's changes of status after which its journey may have ended: its rating link and its figures follow them. */
export const JOURNEY_END_EVENTS: ReadonlySet<string> = new Set([
  'dossier.delivered',
  'dossier.returned-to-agency',
  'dossier.handed-over',
]);

/** Whether this event ends the journey for the citizen, who is then asked to rate it. */
export function asksForRating(event: { readonly type: string }, dossier: Pick<Dossier, 'services'>): boolean {
  switch (event.type) {
    case 'dossier.delivered':
      return true;
    case 'dossier.handed-over':
      return !dossier.services.return;
    default:
      return false;
  }
}

/** The token of a dossier's rating link. */
export const ratingToken = (secret: string, consignmentRef: string): string =>
  linkToken(secret, 'rating', consignmentRef);

/** Whether a token is the one sent for this dossier (compared in constant time). */
export const ratingTokenMatches = (secret: string, consignmentRef: string, token: string): boolean =>
  linkTokenMatches(secret, 'rating', consignmentRef, token);

/** Control characters and bidirectional overrides; line breaks are allowed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A comment a person wrote: trimmed, bounded, printable; empty means none. */
export function ratingComment(comment: string | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  if (trimmed.length === 0) return null;
  if (CONTROL_CHARACTERS.test(trimmed)) {
    throw new DomainRefusal('unprocessable', 'The comment holds control characters');
  }
  if ([...trimmed].length > RATING_COMMENT_MAX_LENGTH) {
    throw new DomainRefusal(
      'unprocessable',
      `The comment is longer than ${RATING_COMMENT_MAX_LENGTH} characters`,
    );
  }
  return trimmed;
}

/** The rating a citizen gives once the journey has ended. */
export function rateDossier(
  dossier: Pick<Dossier, 'consignmentRef' | 'dossierCode' | 'agency' | 'applicant' | 'services'>,
  end: JourneyEnd | null,
  input: { readonly score: number; readonly comment?: string | undefined },
  now: Date,
): Rating {
  if (!end || end.outcome === 'returned-to-agency') {
    throw new DomainRefusal('unprocessable', 'The dossier can be rated once its journey has ended');
  }
  if (!Number.isInteger(input.score) || input.score < MIN_SCORE || input.score > MAX_SCORE) {
    throw new DomainRefusal('unprocessable', `The score is a whole number from ${MIN_SCORE} to ${MAX_SCORE}`);
  }
  return {
    consignmentRef: dossier.consignmentRef,
    dossierCode: dossier.dossierCode,
    score: input.score,
    comment: ratingComment(input.comment),
    ratedAt: now.toISOString(),
    month: localDate(now).slice(0, 7),
    journeyEndedOn: localDate(new Date(end.endedAt)),
    provinceCode: dossier.applicant.address.provinceCode,
    communeCode: dossier.applicant.address.communeCode,
    agencyCode: dossier.agency.code,
    postOfficeCode: end.postOfficeCode,
    staffId: end.staffId,
  };
}
