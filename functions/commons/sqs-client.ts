/** The SQS client, created once per container. Its endpoint comes from `AWS_ENDPOINT_URL_SQS` locally. */
import { SQSClient } from './sdk/sqs.ts';

let sqsClient: SQSClient | undefined;

export function sqs(): SQSClient {
  sqsClient ??= new SQSClient({});
  return sqsClient;
}
