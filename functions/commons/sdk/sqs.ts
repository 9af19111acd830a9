/** `@aws-sdk/client-sqs`, loaded with require (see ./require.ts). */
import type * as ClientSQS from '@aws-sdk/client-sqs';
import { requireSdk } from './require.ts';

const sdk: typeof ClientSQS = requireSdk('@aws-sdk/client-sqs');

export const { SQSClient, SendMessageCommand, ChangeMessageVisibilityCommand } = sdk;
export type SQSClient = ClientSQS.SQSClient;
