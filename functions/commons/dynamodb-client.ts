/** The DynamoDB document client, created once per container. Its endpoint comes from `AWS_ENDPOINT_URL_DYNAMODB` locally. */
import { injectFaults } from './faults.ts';
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from './sdk/dynamodb.ts';
import { DynamoDBDocumentClient } from './sdk/lib-dynamodb.ts';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  if (!documentClient) {
    const client = new DynamoDBClient({ maxAttempts: 4 });
    // The fault-injection suite's faults (BCCI_FAULTS, local runtime only); nothing otherwise.
    injectFaults(client, 'dynamodb', {
      throttling: ProvisionedThroughputExceededException,
      transactionCanceled: TransactionCanceledException,
    });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return documentClient;
}
