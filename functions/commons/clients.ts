/**
 * AWS SDK clients, created once per container. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, which the embedded runtime sets to its local services.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, type QueueName } from '../../infra/manifest.ts';
import { tracer } from './powertools.ts';

export const isLocalRuntime = (): boolean => process.env[ENV.runtime] === 'local';

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;
let s3Client: S3Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    tracer.captureAWSv3Client(new DynamoDBClient({ maxAttempts: 4 })),
    {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    },
  );
  return documentClient;
}

export function sqs(): SQSClient {
  sqsClient ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqsClient;
}

export function s3(): S3Client {
  // Path-style addressing locally: the emulator has no per-bucket host names.
  s3Client ??= tracer.captureAWSv3Client(new S3Client({ forcePathStyle: isLocalRuntime() }));
  return s3Client;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export const tableName = (): string => requiredEnv(ENV.tableName);
export const bucketName = (): string => requiredEnv(ENV.bucketName);
export const queueUrl = (queue: QueueName): string => requiredEnv(ENV.queueUrl(queue));
