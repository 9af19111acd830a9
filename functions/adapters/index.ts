/** The adapters a deployed or embedded function uses, created once per container. */
import { dynamoDocumentClient, tableName } from '../commons/clients.ts';
import { DynamoDossierStore } from './dynamodb/dossier-store.ts';
import { DynamoIdempotencyStore } from './dynamodb/idempotency-store.ts';

let dossiers: DynamoDossierStore | undefined;
let idempotency: DynamoIdempotencyStore | undefined;

export const dossierStore = (): DynamoDossierStore => {
  dossiers ??= new DynamoDossierStore(dynamoDocumentClient(), tableName());
  return dossiers;
};

export const idempotencyStore = (): DynamoIdempotencyStore => {
  idempotency ??= new DynamoIdempotencyStore(dynamoDocumentClient(), tableName());
  return idempotency;
};
