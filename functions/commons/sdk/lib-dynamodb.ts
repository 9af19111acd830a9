/** `@aws-sdk/lib-dynamodb`, the document client, loaded with require (see ./require.ts). */
import type * as LibDynamoDB from '@aws-sdk/lib-dynamodb';
import { requireSdk } from './require.ts';

const sdk: typeof LibDynamoDB = requireSdk('@aws-sdk/lib-dynamodb');

export const {
  DynamoDBDocumentClient,
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} = sdk;
export type DynamoDBDocumentClient = LibDynamoDB.DynamoDBDocumentClient;
