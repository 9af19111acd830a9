/**
 * The stream's consumer: a committed event record becomes a message on its queues, and an
 * item's changes bring its office's worklist up to date.
 */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { eventRow } from '../../functions/adapters/dynamodb/dossier-store.ts';
import { DynamoItemStore, itemRow } from '../../functions/adapters/dynamodb/item-store.ts';
import { queueUrl, tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { sqs } from '../../functions/commons/sqs-client.ts';
import { registerDossier } from '../../functions/domain/dossiers.ts';
import type { ItemRecord } from '../../functions/domain/items/items.ts';
import { handler } from '../../functions/events/publish-events.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest, lambdaContext, PLACEMENT } from '../support/http-event.ts';

function streamEvent(
  rows: {
    eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
    row: Record<string, unknown>;
    old?: Record<string, unknown>;
  }[],
): DynamoDBStreamEvent {
  return {
    Records: rows.map(({ eventName, row, old }, index) => ({
      eventID: `e${index}`,
      eventName,
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: 'ap-southeast-1',
      dynamodb: {
        Keys: marshall({ pk: row.pk, sk: row.sk }) as never,
        ...(eventName === 'REMOVE'
          ? {}
          : { NewImage: marshall(row, { removeUndefinedValues: true }) as never }),
        ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) as never } : {}),
        SequenceNumber: String(1000 + index),
        SizeBytes: 100,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    })),
  };
}

describe('publish-events', () => {
  it('sends each new event to the queues that act on it, and ignores everything else', async () => {
    const { dossier, event } = registerDossier({
      request: RegisterDossierSchema.parse(dossierRequest()),
      registrant: { role: 'agency', agencyCode: AGENCY },
      consignmentRef: `PG${Date.now().toString(32).toUpperCase().padStart(12, '0').slice(-12)}`,
      contentHash: 'h',
      now: new Date(),
      placement: PLACEMENT,
    });
    const answer = await handler(
      streamEvent([
        { eventName: 'INSERT', row: eventRow(event) },
        {
          eventName: 'INSERT',
          row: { pk: `DOSSIER#${dossier.consignmentRef}`, sk: 'DOSSIER', entity: 'dossier' },
        },
        { eventName: 'MODIFY', row: eventRow(event) },
      ]),
      lambdaContext('publishEvents'),
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    const received = [];
    for (let attempt = 0; attempt < 5 && received.length === 0; attempt += 1) {
      const batch = await sqs().send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl('notifications'),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      received.push(
        ...(batch.Messages ?? []).filter(
          (message) => JSON.parse(message.Body ?? '{}').eventId === event.eventId,
        ),
      );
    }
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.Body!)).toEqual(event);
    expect(received[0]!.MessageAttributes?.eventType?.StringValue).toBe('dossier.registered');
  });
});

describe("an office's worklist", () => {
  const store = new DynamoItemStore(dynamoDocumentClient(), tableName());
  const office = `BC-WL-${Date.now().toString(36).toUpperCase()}`;
  const registered = (): ItemRecord[] => {
    const { items } = registerDossier({
      request: RegisterDossierSchema.parse(dossierRequest({ services: { pickup: true, return: true } })),
      registrant: { role: 'agency', agencyCode: AGENCY },
      consignmentRef: `PG${Date.now().toString(32).toUpperCase().padStart(12, '0').slice(-12)}`,
      contentHash: 'h',
      now: new Date(),
      placement: PLACEMENT,
    });
    return (items ?? []).map((item) => ({
      ...item,
      originOfficeCode: office,
      destinationOfficeCode: office,
    }));
  };
  const page = async () =>
    (await store.worklist(office, '9999-12-31T00:00:00.000Z', 100, undefined)).entries.map((entry) => ({
      itemCode: entry.itemCode,
      workKind: entry.workKind,
      failedAttempts: entry.failedAttempts,
    }));
  const publish = async (rows: Parameters<typeof streamEvent>[0]) =>
    handler(streamEvent(rows), lambdaContext('publishEvents'));

  it('follows an item from request to pickup, once however often the stream gives the records', async () => {
    const inbound = registered().find((item) => item.direction === 'inbound');
    if (!inbound) throw new Error('the dossier has no inbound item');
    expect(inbound.status).toBe('requested');
    const failed: ItemRecord = { ...inbound, status: 'pickup-failed', failedAttempts: 1, version: 2 };
    const pickedUp: ItemRecord = { ...failed, status: 'picked-up', version: 3 };

    const inserted = [{ eventName: 'INSERT' as const, row: itemRow(inbound) }];
    expect(await publish(inserted)).toEqual({ batchItemFailures: [] });
    expect(await page()).toEqual([{ itemCode: inbound.itemCode, workKind: 'pickup', failedAttempts: 0 }]);

    const attempt = [{ eventName: 'MODIFY' as const, row: itemRow(failed), old: itemRow(inbound) }];
    await publish(attempt);
    await publish(attempt);
    expect(await page()).toEqual([{ itemCode: inbound.itemCode, workKind: 'pickup', failedAttempts: 1 }]);

    await publish([{ eventName: 'MODIFY', row: itemRow(pickedUp), old: itemRow(failed) }]);
    expect(await page()).toEqual([]);
    // A batch given again from its start leaves the worklist as the last change left it.
    await publish([
      ...inserted,
      ...attempt,
      { eventName: 'MODIFY', row: itemRow(pickedUp), old: itemRow(failed) },
    ]);
    expect(await page()).toEqual([]);
  });

  it('lists deliveries once results are collected, and drops an item removed from the table', async () => {
    const outbound = registered().find((item) => item.direction === 'outbound');
    if (!outbound) throw new Error('the dossier has no outbound item');
    const collected: ItemRecord = {
      ...outbound,
      status: 'collected',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      version: outbound.version + 1,
    };
    await publish([{ eventName: 'MODIFY', row: itemRow(collected), old: itemRow(outbound) }]);
    expect(await page()).toEqual([{ itemCode: outbound.itemCode, workKind: 'delivery', failedAttempts: 0 }]);
    await publish([{ eventName: 'REMOVE', row: itemRow(collected), old: itemRow(collected) }]);
    expect(await page()).toEqual([]);
  });
});
