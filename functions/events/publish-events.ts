/**
 * The table stream's consumer: every committed event record becomes a message on the
 * queues that act on it, and every change of an item brings its office's worklist up to
 * date; a journey's end, a rating, an attachment of scans or a remittance adds to the indicators' per-day counters. Nothing uncommitted is announced, nothing committed is lost: a record that cannot
 * be sent, or whose item's worklist entry cannot be written, is reported as a batch item
 * failure and retried from there. A record whose row is malformed fails at the edge with
 * its reason logged, and reaches the stream's on-failure destination after the retries.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { decodeStreamRecord, MalformedRecord } from '../adapters/dynamodb/stream-records.ts';
import { anomalyStore, dossierStore, indicatorStore, itemStore, referenceStore } from '../adapters/index.ts';
import { type FollowPorts, followItemChanges } from '../app/dossiers/follow-items.ts';
import {
  countIndicators,
  itemChangesOf,
  keepWorklist,
  type MessagePublisher,
  publishChange,
  type StreamChange,
} from '../app/events/publish-events.ts';
import { queueUrl } from '../commons/clients.ts';
import { logger } from '../commons/powertools.ts';
import { SendMessageCommand } from '../commons/sdk/sqs.ts';
import { sqs } from '../commons/sqs-client.ts';
import { itemCodeOf } from '../domain/items/worklist.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

const publisher: MessagePublisher = {
  async send(queue, body, attributes) {
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: queueUrl(queue),
        MessageBody: JSON.stringify(body),
        MessageAttributes: Object.fromEntries(
          Object.entries(attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
  },
};

type Decoded = StreamChange | MalformedRecord;

const decode = (record: DynamoDBRecord): Decoded => {
  try {
    return decodeStreamRecord(record);
  } catch (error) {
    if (error instanceof MalformedRecord) return error;
    throw error;
  }
};

/** The worklist brought up to date; answers the items whose entries could not be written. */
async function worklistOf(decoded: readonly Decoded[]): Promise<ReadonlySet<string>> {
  const changes = itemChangesOf(
    decoded.filter((change): change is StreamChange => !(change instanceof Error)),
  );
  try {
    await keepWorklist(itemStore(), changes);
    return new Set();
  } catch (error) {
    logger.error('worklist not brought up to date', { error, items: changes.length });
    return new Set(changes.map(itemCodeOf));
  }
}

const followPorts: FollowPorts = {
  dossiers: dossierStore(),
  items: itemStore(),
  anomalies: anomalyStore(),
  sendLedgerFact: (message) => publisher.send('ledger', message, { factId: message.fact.factId }),
};

/**
 * Dossiers follow their items and flags raise anomalies; answers the items whose follow-up
 * failed, so that their records are given again (every step of it is idempotent).
 */
async function followUpOf(decoded: readonly Decoded[]): Promise<ReadonlySet<string>> {
  const changes = itemChangesOf(
    decoded.filter((change): change is StreamChange => !(change instanceof Error)),
  );
  if (changes.length === 0) return new Set();
  try {
    await followItemChanges(followPorts, changes, new Date());
    return new Set();
  } catch (error) {
    logger.error('dossiers not brought up to date with their items', { error, items: changes.length });
    return new Set(changes.map(itemCodeOf));
  }
}

async function publish(record: DynamoDBRecord, change: Decoded, worklistBehind: ReadonlySet<string>) {
  if (change instanceof MalformedRecord) {
    logger.error('malformed stream record', {
      eventID: record.eventID,
      keys: record.dynamodb?.Keys,
      reason: change.message,
    });
    throw change;
  }
  const item = change.kind === 'item' || change.kind === 'event' ? change.item : undefined;
  if (item && worklistBehind.has(itemCodeOf(item))) {
    throw new Error(
      `The worklist entry or the dossier of item ${itemCodeOf(item)} was not brought up to date`,
    );
  }
  try {
    await countIndicators(
      {
        dossiers: dossierStore(),
        items: itemStore(),
        indicators: indicatorStore(),
        offices: referenceStore(),
      },
      change,
    );
    const queues = await publishChange(publisher, change);
    if (change.kind === 'event') logger.debug('event published', { eventId: change.event.eventId, queues });
  } catch (error) {
    logger.error('stream record not published', {
      error,
      eventID: record.eventID,
      keys: record.dynamodb?.Keys,
    });
    throw error;
  }
}

export const handler = middy<DynamoDBStreamEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const decoded = new Map(event.Records.map((record) => [record, decode(record)]));
    const worklistBehind = new Set([
      ...(await worklistOf([...decoded.values()])),
      ...(await followUpOf([...decoded.values()])),
    ]);
    return processPartialResponse(
      event,
      (record: DynamoDBRecord) => publish(record, decoded.get(record) as Decoded, worklistBehind),
      processor,
      { context },
    );
  });
