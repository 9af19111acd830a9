/** The table's Idempotency-Key store, one per container: a module of its own so that loading it brings no other store. */
import { tableName } from '../commons/clients.ts';
import { dynamoDocumentClient } from '../commons/dynamodb-client.ts';
import { DynamoIdempotencyStore } from './dynamodb/idempotency-store.ts';

let store: DynamoIdempotencyStore | undefined;

export const idempotencyStore = (): DynamoIdempotencyStore => {
  store ??= new DynamoIdempotencyStore(dynamoDocumentClient(), tableName());
  return store;
};
