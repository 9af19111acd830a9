/** The DynamoDB document client, created once per container. Its endpoint comes from `AWS_ENDPOINT_URL_DYNAMODB` locally. */
import { DynamoDBClient } from './sdk/dynamodb.ts';
import { DynamoDBDocumentClient } from './sdk/lib-dynamodb.ts';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 4 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return documentClient;
}
