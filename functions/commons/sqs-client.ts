/** The SQS client, created once per container. Its endpoint comes from `AWS_ENDPOINT_URL_SQS` locally. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from './powertools.ts';

let sqsClient: SQSClient | undefined;

export function sqs(): SQSClient {
  sqsClient ??= tracer.captureAWSv3Client(new SQSClient({}));
  return sqsClient;
}
