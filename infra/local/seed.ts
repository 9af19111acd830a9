/**
 * Seeds the demo reference data (infra/local/demo-reference.ts) into the local table through
 * the same reference store the functions use, so that a fresh `npm start` can register a
 * dossier at once. Only what is missing is written: edits made through the API survive a restart.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoReferenceStore } from '../../functions/adapters/dynamodb/reference-store.ts';
import { systemNow } from '../../functions/commons/clock.ts';
import { type SeedResult, seedDemoReferenceData } from './demo-reference.ts';
import { localClientConfig } from './services.ts';

export async function seedLocalReferenceData(
  target: { readonly dynamoEndpoint: string; readonly tableName: string },
  now: Date = systemNow(),
): Promise<SeedResult> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(target.dynamoEndpoint)));
  try {
    return await seedDemoReferenceData(new DynamoReferenceStore(client, target.tableName), now);
  } finally {
    client.destroy();
  }
}
