/**
 * The tokens in the links sent to citizens: each derived from a secret, a purpose and the
 * dossier's consignment reference, so that nothing has to be stored to check one and a token
 * for one purpose (rating the service) opens nothing else (choosing a delivery window, opting
 * out of notices). The phone digits the tracking page asks for are never enough to change
 * anything: a change needs the link's token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Characters of a link's token: 132 bits of an HMAC-SHA256, URL-safe. */
export const LINK_TOKEN_LENGTH = 22;

export type LinkPurpose = 'rating' | 'choice';

export const linkToken = (secret: string, purpose: LinkPurpose, consignmentRef: string): string =>
  createHmac('sha256', secret)
    .update(`${purpose}:${consignmentRef}`)
    .digest('base64url')
    .slice(0, LINK_TOKEN_LENGTH);

/** Whether a token is the one sent for this dossier and purpose (compared in constant time). */
export function linkTokenMatches(
  secret: string,
  purpose: LinkPurpose,
  consignmentRef: string,
  token: string,
): boolean {
  const expected = Buffer.from(linkToken(secret, purpose, consignmentRef));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
