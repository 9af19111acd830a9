/** `@aws-sdk/client-dynamodb`, loaded with require (see ./require.ts). */
import type * as ClientDynamoDB from '@aws-sdk/client-dynamodb';
import { requireSdk } from './require.ts';

const sdk: typeof ClientDynamoDB = requireSdk('@aws-sdk/client-dynamodb');

export const {
  DynamoDBClient,
  TransactionCanceledException,
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} = sdk;
export type DynamoDBClient = ClientDynamoDB.DynamoDBClient;
export type TransactionCanceledException = ClientDynamoDB.TransactionCanceledException;
export type ConditionalCheckFailedException = ClientDynamoDB.ConditionalCheckFailedException;
