/**
 * The table stream's consumer: every committed event record becomes a message on the
 * queues that act on it. Nothing uncommitted is announced, nothing committed is lost:
 * a record that cannot be sent is reported as a batch item failure and retried.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue as StreamAttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ENTITY } from '../adapters/dynamodb/keys.ts';
import { queueUrl, sqs } from '../commons/clients.ts';
import { logger } from '../commons/powertools.ts';
import type { DossierEvent } from '../domain/dossiers.ts';
import { queuesFor } from '../domain/events.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** The event a stream record carries, or null when the record is not a newly written event. */
export function committedEvent(record: DynamoDBRecord): DossierEvent | null {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image || image.entity?.S !== ENTITY.event) return null;
  const row = unmarshall(image as Record<string, StreamAttributeValue> as never) as Record<string, unknown>;
  const { pk: _pk, sk: _sk, entity: _entity, ...event } = row;
  return event as unknown as DossierEvent;
}

async function publish(record: DynamoDBRecord): Promise<void> {
  const event = committedEvent(record);
  if (!event) return;
  for (const queue of queuesFor(event)) {
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: queueUrl(queue),
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: event.type },
          eventId: { DataType: 'String', StringValue: event.eventId },
        },
      }),
    );
  }
  logger.debug('event published', { eventId: event.eventId, type: event.type });
}

export const handler = middy<DynamoDBStreamEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => processPartialResponse(event, publish, processor, { context }));
