/** The outbox publisher: a committed event record from the stream becomes a message on its queues. */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { eventRow } from '../../functions/adapters/dynamodb/dossier-store.ts';
import { queueUrl } from '../../functions/commons/clients.ts';
import { sqs } from '../../functions/commons/sqs-client.ts';
import { registerDossier } from '../../functions/domain/dossiers.ts';
import { handler } from '../../functions/events/publish-events.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest, lambdaContext, PLACEMENT } from '../support/http-event.ts';

function streamEvent(
  rows: { eventName: 'INSERT' | 'MODIFY'; row: Record<string, unknown> }[],
): DynamoDBStreamEvent {
  return {
    Records: rows.map(({ eventName, row }, index) => ({
      eventID: `e${index}`,
      eventName,
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: 'ap-southeast-1',
      dynamodb: {
        Keys: marshall({ pk: row.pk, sk: row.sk }) as never,
        NewImage: marshall(row, { removeUndefinedValues: true }) as never,
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
