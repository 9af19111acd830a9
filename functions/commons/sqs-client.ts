/** The SQS client, created once per container. Its endpoint comes from `AWS_ENDPOINT_URL_SQS` locally. */
import { injectFaults } from './faults.ts';
import { SQSClient } from './sdk/sqs.ts';

let sqsClient: SQSClient | undefined;

export function sqs(): SQSClient {
  if (!sqsClient) {
    sqsClient = new SQSClient({});
    // The fault-injection suite's faults (BCCI_FAULTS, local runtime only); nothing otherwise.
    injectFaults(sqsClient, 'sqs', { throttling: 'ThrottlingException' });
  }
  return sqsClient;
}
