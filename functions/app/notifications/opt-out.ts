/**
 * A citizen stops every notice but delivery codes (which are needed at the door), from a
 * link sent to them: the link's token proves it is the citizen of this dossier, and the
 * choice applies to the phone the dossier was registered with. The phone alone is never
 * enough. An unknown dossier and a wrong token are answered alike.
 */
import { type LinkPurpose, linkTokenMatches } from '../../domain/citizen-links.ts';
import type { DossierRepository } from '../../domain/dossiers.ts';
import { toE164 } from '../../domain/notifications.ts';
import type { NotificationPreferences } from './send-notifications.ts';

export interface OptOutPorts {
  readonly dossiers: Pick<DossierRepository, 'find'>;
  readonly preferences: NotificationPreferences;
  readonly linkSecret: () => Promise<string>;
}

/** The links that reach the citizen's phone: each one's token may opt out. */
const LINKS_SENT: readonly LinkPurpose[] = ['choice', 'rating'];

export async function optOutOfNotices(
  ports: OptOutPorts,
  input: { readonly dossierRef: string; readonly token: string; readonly optedOut: boolean },
  now: Date,
): Promise<{ readonly kind: 'recorded'; readonly optedOut: boolean } | { readonly kind: 'invalid-token' }> {
  const [found, secret] = await Promise.all([ports.dossiers.find(input.dossierRef), ports.linkSecret()]);
  const ref = found?.dossier.consignmentRef;
  if (!ref || !LINKS_SENT.some((purpose) => linkTokenMatches(secret, purpose, ref, input.token))) {
    return { kind: 'invalid-token' };
  }
  // Notices are addressed in E.164: the preference is kept under the same form.
  await ports.preferences.setOptedOut(toE164(found.dossier.applicant.phone), input.optedOut, now);
  return { kind: 'recorded', optedOut: input.optedOut };
}
