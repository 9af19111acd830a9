/**
 * Nightly: personal data past its retention is erased. For every agency, the dossiers
 * registered on the days now due (functions/domain/retention.ts) lose the applicant's name,
 * contact, ID number and street address, on the dossier and on its items; statuses, times
 * and every financial record stay. Each dossier is erased once; running a night again is a
 * no-op for what is done.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ENV } from '../../infra/manifest.ts';
import { personalDataStore, referenceStore } from '../adapters/index.ts';
import { systemNow } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import type { Addressee } from '../domain/items/items.ts';
import {
  ERASED_TEXT,
  erasedApplicant,
  isDueForErasure,
  registrationDaysDue,
  retentionDays,
} from '../domain/retention.ts';

interface EraseInput {
  /** The moment the run counts from (ISO 8601); now when absent. */
  readonly now?: string;
}

/** A citizen addressee (one with a phone) is masked; an agency's one-stop shop stays as it is. */
const maskAddressee = (addressee: Addressee): Addressee =>
  addressee.phone === null
    ? addressee
    : {
        ...addressee,
        name: ERASED_TEXT,
        phone: `${'*'.repeat(Math.max(0, addressee.phone.length - 3))}${addressee.phone.slice(-3)}`,
        addressLine: ERASED_TEXT,
      };

export async function erasePersonalData(now: Date): Promise<{ examined: number; erased: number }> {
  const days = retentionDays(process.env[ENV.personalDataRetentionDays]);
  const agencies = await referenceStore().listAgencies();
  let examined = 0;
  let erased = 0;
  for (const agency of agencies) {
    for (const day of registrationDaysDue(now.toISOString().slice(0, 10), days)) {
      for (const dossier of await personalDataStore().dossiersRegisteredOn(agency.agencyCode, day)) {
        examined += 1;
        if (!isDueForErasure(dossier as Parameters<typeof isDueForErasure>[0], now, days)) continue;
        const done = await personalDataStore().erase(
          dossier,
          erasedApplicant(dossier.applicant),
          maskAddressee,
          now.toISOString(),
        );
        if (done) erased += 1;
      }
    }
  }
  return { examined, erased };
}

export const handler = middy<EraseInput>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const result = await erasePersonalData(event?.now ? new Date(event.now) : systemNow());
    logger.info('personal data erased', result);
    return result;
  });
