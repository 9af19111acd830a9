/** `@aws-sdk/client-sns`, loaded with require (see ./require.ts). */
import type * as ClientSNS from '@aws-sdk/client-sns';
import { requireSdk } from './require.ts';

const sdk: typeof ClientSNS = requireSdk('@aws-sdk/client-sns');

export const { SNSClient, PublishCommand } = sdk;
export type SNSClient = ClientSNS.SNSClient;
