/**
 * The pre-token-generation trigger: a registered machine client's access token carries its
 * agency; an unregistered one loses the agency scope; user tokens pass unchanged.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';

process.env.TABLE_NAME = 'unit-table';
const dynamo = mockClient(DynamoDBDocumentClient);
const { handler } = await import('../../functions/events/pre-token-generation.ts');

const event = (triggerSource: string, clientId: string): PreTokenGenerationV3TriggerEvent =>
  ({
    version: '3',
    triggerSource,
    region: 'ap-southeast-1',
    userPoolId: 'ap-southeast-1_pool',
    userName: clientId,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
    request: { userAttributes: {}, groupConfiguration: {}, scopes: ['bcci-bridge/agency'] },
    response: { claimsAndScopeOverrideDetails: {} },
  }) as unknown as PreTokenGenerationV3TriggerEvent;

describe('pre-token-generation trigger', () => {
  beforeEach(() => dynamo.reset());

  it("puts a registered machine client's agency into its access token", async () => {
    dynamo.on(GetCommand, { Key: KEY.agencyClient('client-h56') }).resolves({
      Item: { clientId: 'client-h56', agencyCode: '000.00.06.H56', updatedAt: '2026-12-03T00:00:00Z' },
    });
    const answer = await handler(event('TokenGeneration_ClientCredentials', 'client-h56'));
    expect(answer.response.claimsAndScopeOverrideDetails).toEqual({
      accessTokenGeneration: { claimsToAddOrOverride: { 'custom:agencyCode': '000.00.06.H56' } },
    });
  });

  it('withholds the agency scope from a machine client not in the register', async () => {
    dynamo.on(GetCommand).resolves({});
    const answer = await handler(event('TokenGeneration_ClientCredentials', 'stranger'));
    expect(answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toMatchObject({
      scopesToSuppress: ['bcci-bridge/agency'],
    });
    expect(
      answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride,
    ).toBeUndefined();
  });

  it('leaves user tokens as Cognito made them, without reading the register', async () => {
    const answer = await handler(event('TokenGeneration_Authentication', 'staff-apps'));
    expect(answer.response.claimsAndScopeOverrideDetails).toEqual({});
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});
