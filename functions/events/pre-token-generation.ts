/**
 * Cognito's pre-token-generation trigger (event version 3). A machine client of an agency
 * system (client credentials) gets its agency from the register admins keep
 * (`PUT /v1/reference/agency-clients/{clientId}`), as `custom:agencyCode` in its access token:
 * scoped like an agency user. A client that is not in the register loses the agency scope, so
 * it can act for no agency. User tokens pass unchanged: their tenant attributes are set by
 * admins and no app client may write them.
 */
import type { PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { agencyClientStore } from '../adapters/index.ts';
import { logger } from '../commons/powertools.ts';

export const AGENCY_SCOPE = 'bcci-bridge/agency';

export async function handler(
  event: PreTokenGenerationV3TriggerEvent,
): Promise<PreTokenGenerationV3TriggerEvent> {
  if (event.triggerSource !== 'TokenGeneration_ClientCredentials') return event;
  const clientId = event.callerContext.clientId;
  const registered = await agencyClientStore().get(clientId);
  if (!registered) {
    logger.warn('machine client not in the agency register: agency scope withheld', { clientId });
    event.response.claimsAndScopeOverrideDetails = {
      accessTokenGeneration: { scopesToSuppress: [AGENCY_SCOPE], claimsToSuppress: ['custom:agencyCode'] },
    };
    return event;
  }
  event.response.claimsAndScopeOverrideDetails = {
    accessTokenGeneration: { claimsToAddOrOverride: { 'custom:agencyCode': registered.agencyCode } },
  };
  return event;
}
