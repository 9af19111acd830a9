/**
 * The table stream's consumer: every committed event record becomes a message on the
 * queues that act on it, and every change of an item brings its office's worklist up to
 * date. Nothing uncommitted is announced, nothing committed is lost: a record that cannot
 * be sent, or whose item's worklist entry cannot be written, is reported as a batch item
 * failure and retried from there.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent, AttributeValue as StreamAttributeValue } from 'aws-lambda';
import { ENTITY } from '../adapters/dynamodb/keys.ts';
import { itemStore } from '../adapters/index.ts';
import { queueUrl } from '../commons/clients.ts';
import { logger } from '../commons/powertools.ts';
import { SendMessageCommand } from '../commons/sdk/sqs.ts';
import { unmarshall } from '../commons/sdk/util-dynamodb.ts';
import { sqs } from '../commons/sqs-client.ts';
import { type DomainEvent, itemStatusEvent, queuesFor } from '../domain/events.ts';
import type { ItemRecord } from '../domain/items/items.ts';
import { type ItemChange, itemCodeOf, worklistChanges } from '../domain/items/worklist.ts';
import { LEDGER_FACT_TYPES, type LedgerFactMessage, type PaymentFact } from '../domain/money/collections.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

const unmarshallImage = (image: Record<string, StreamAttributeValue>): Record<string, unknown> =>
  unmarshall(image as never) as Record<string, unknown>;

/**
 * The event a stream record carries: a newly written event record, or an item whose
 * status changed. Null for everything else.
 */
export function committedEvent(record: DynamoDBRecord): DomainEvent | null {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName === 'REMOVE') return null;
  if (record.eventName === 'INSERT' && image.entity?.S === ENTITY.event) {
    const { pk: _pk, sk: _sk, entity: _entity, ...event } = unmarshallImage(image);
    return event as unknown as DomainEvent;
  }
  if (image.entity?.S === ENTITY.item) {
    const current = unmarshallImage(image) as unknown as Parameters<typeof itemStatusEvent>[1];
    const old = record.dynamodb?.OldImage;
    const previous = old ? (unmarshallImage(old) as unknown as { status: string; version: number }) : null;
    const committedAt = new Date((record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000);
    return itemStatusEvent(previous, current, committedAt.toISOString());
  }
  return null;
}

/** The item a stream record changed, before and after; null for records of anything else. */
export function itemChange(record: DynamoDBRecord): ItemChange | null {
  const { NewImage: after, OldImage: before } = record.dynamodb ?? {};
  if (after?.entity?.S !== ENTITY.item && before?.entity?.S !== ENTITY.item) return null;
  const itemOf = (image: Record<string, StreamAttributeValue> | undefined): ItemRecord | null => {
    if (image?.entity?.S !== ENTITY.item) return null;
    const { pk: _pk, sk: _sk, entity: _entity, ...item } = unmarshallImage(image);
    return item as unknown as ItemRecord;
  };
  return { before: itemOf(before), after: itemOf(after) };
}

/**
 * Brings the worklist up to date with the batch's item changes, in one pass. Answers the
 * items whose entries could not be written: their records are reported as failures, so the
 * stream gives them again.
 */
async function keepWorklist(records: readonly DynamoDBRecord[]): Promise<ReadonlySet<string>> {
  const changes = records.map(itemChange).filter((change): change is ItemChange => change !== null);
  if (changes.length === 0) return new Set();
  try {
    await itemStore().applyWorklist(worklistChanges(changes));
    return new Set();
  } catch (error) {
    logger.error('worklist not brought up to date', { error, items: changes.length });
    return new Set(changes.map(itemCodeOf));
  }
}

async function publish(record: DynamoDBRecord, worklistBehind: ReadonlySet<string>): Promise<void> {
  // Read the item again only when some item's entry was not written: nearly never.
  const change = worklistBehind.size > 0 ? itemChange(record) : null;
  if (change && worklistBehind.has(itemCodeOf(change))) {
    throw new Error(`The worklist entry of item ${itemCodeOf(change)} was not written`);
  }
  try {
    await publishRecord(record);
  } catch (error) {
    logger.error('stream record not published', {
      error,
      eventID: record.eventID,
      keys: record.dynamodb?.Keys,
    });
    throw error;
  }
}

/**
 * A newly recorded fact the ledger acts on (a collection point, a journey's end): the fact
 * row itself carries what was collected, which the item's change does not.
 */
export function ledgerFact(record: DynamoDBRecord): LedgerFactMessage | null {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName !== 'INSERT' || image.entity?.S !== ENTITY.fact) return null;
  if (!LEDGER_FACT_TYPES.has(image.type?.S ?? '')) return null;
  const row = unmarshallImage(image) as unknown as PaymentFact & { pk: string };
  const { pk, factId, type, occurredAt, postOfficeCode, staffId, collected } = row;
  return {
    itemCode: String(pk).slice('ITEM#'.length),
    fact: {
      factId,
      type,
      occurredAt,
      postOfficeCode,
      ...(staffId ? { staffId } : {}),
      ...(collected ? { collected } : {}),
    },
  };
}

async function publishRecord(record: DynamoDBRecord): Promise<void> {
  const fact = ledgerFact(record);
  if (fact) {
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: queueUrl('ledger'),
        MessageBody: JSON.stringify(fact),
        MessageAttributes: { factId: { DataType: 'String', StringValue: fact.fact.factId } },
      }),
    );
    return;
  }
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
  .handler(async (event, context) => {
    const worklistBehind = await keepWorklist(event.Records);
    return processPartialResponse(
      event,
      (record: DynamoDBRecord) => publish(record, worklistBehind),
      processor,
      { context },
    );
  });
