/**
 * Proof at the door: who may take a result, what they must show, and what must be paid
 * first. The recipient shows either the one-time delivery code sent to the citizen's phone
 * for this trip or an ID whose last four digits match the number registered with the
 * dossier; an authorised person shows their own ID digits and the authorisation letter,
 * photographed. Only a keyed digest of the registered digits is kept, never the number.
 * Five wrong codes or digits on one out-for-delivery trip lock the item for both until a
 * supervisor unlocks it or the next trip brings a new code. A delivery that would leave
 * money due uncollected is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ID_DIGITS_CHECKED } from '../id-number.ts';
import type { ProofLock } from './proof-lock.ts';

export type { ProofLock };
export { ID_DIGITS_CHECKED };

export const MAX_WRONG_PROOF_TRIES = 5;

export type Relation = 'self' | 'authorised' | 'family' | 'other';

export interface DoorProof {
  readonly recipientName: string;
  readonly relation: Relation;
  readonly idLast4?: string;
  readonly otp?: string;
  readonly photoKey?: string;
  /** The photographed authorisation letter, for `relation: "authorised"`. */
  readonly authorisationLetterPhotoKey?: string;
}

export type DoorRefusal =
  | 'proof-required'
  | 'proof-locked'
  | 'wrong-delivery-code'
  | 'wrong-id-digits'
  | 'no-registered-id'
  | 'authorisation-letter-required'
  | 'authorised-person-id-required'
  | 'payment-due';

/**
 * The keyed digest of the last digits of an ID number, bound to one dossier: the same digits
 * give another digest on another dossier, and without the key nothing can be tried offline.
 */
export function idDigitsDigest(key: string, consignmentRef: string, digits: string): string {
  const last = digits.slice(-ID_DIGITS_CHECKED);
  return createHmac('sha256', key).update(`id-digits:${consignmentRef}:${last}`).digest('base64url');
}

export function idDigitsMatch(key: string, consignmentRef: string, digest: string, claimed: string): boolean {
  const candidate = Buffer.from(idDigitsDigest(key, consignmentRef, claimed));
  const registered = Buffer.from(digest);
  return candidate.length === registered.length && timingSafeEqual(candidate, registered);
}

/** The lock as it stands on this trip: a new trip starts with no wrong tries. */
export function lockOnTrip(lock: ProofLock | null | undefined, tripId: string | null): ProofLock {
  return lock && lock.outForDeliveryFactId === tripId
    ? lock
    : { outForDeliveryFactId: tripId, wrongTries: 0, lockedAt: null };
}

export interface DoorCheck {
  readonly proof: DoorProof | undefined;
  /** Cash or transfer taken with this delivery, VND. */
  readonly collectedVnd: number;
  /** What is still to collect on the item (postage, fees, charges after exemptions), VND. */
  readonly dueVnd: number;
  readonly lock: ProofLock;
  readonly at: string;
  /** Whether a delivery code belongs to this trip. */
  readonly codeMatches: (otp: string) => boolean;
  /** Whether the digits match the registered ID; null when the dossier registered no ID number. */
  readonly idMatches: ((digits: string) => boolean) | null;
}

export interface DoorDecision {
  readonly refusal: DoorRefusal | null;
  /** The lock after this try: a wrong code or wrong digits count. */
  readonly lock: ProofLock;
}

function identityRefusal(check: DoorCheck): DoorRefusal | 'wrong' | null {
  const { proof } = check;
  if (!proof) return 'proof-required';
  if (proof.relation === 'authorised') {
    if (!proof.authorisationLetterPhotoKey) return 'authorisation-letter-required';
    if (!proof.idLast4) return 'authorised-person-id-required';
    return null;
  }
  if (proof.otp) return check.codeMatches(proof.otp) ? null : 'wrong';
  if (proof.relation !== 'self') return 'authorisation-letter-required';
  if (!proof.idLast4) return 'proof-required';
  if (check.idMatches === null) return 'no-registered-id';
  return check.idMatches(proof.idLast4) ? null : 'wrong';
}

/** Whether a delivery may be recorded: identity first, then money. */
export function checkDoor(check: DoorCheck): DoorDecision {
  const { lock } = check;
  if (lock.lockedAt) return { refusal: 'proof-locked', lock };
  const identity = identityRefusal(check);
  if (identity === 'wrong') {
    const wrongTries = lock.wrongTries + 1;
    const next = { ...lock, wrongTries, lockedAt: wrongTries >= MAX_WRONG_PROOF_TRIES ? check.at : null };
    return { refusal: check.proof?.otp ? 'wrong-delivery-code' : 'wrong-id-digits', lock: next };
  }
  if (identity) return { refusal: identity, lock };
  if (check.collectedVnd < check.dueVnd) return { refusal: 'payment-due', lock };
  return { refusal: null, lock };
}

/** A supervisor lifts the lock of the current trip. */
export function unlockProof(lock: ProofLock): ProofLock {
  return { ...lock, wrongTries: 0, lockedAt: null };
}
