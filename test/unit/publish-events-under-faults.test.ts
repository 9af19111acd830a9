/**
 * The table stream's consumer under the faults AWS produces, with the SDK clients mocked
 * (aws-sdk-client-mock) and the records' images the rows the stores write: a send that meets
 * throttling after the SDK's retries fails its own record only (reported by its sequence
 * number), a malformed record fails alone with its reason logged, a worklist write that fails
 * fails the records of the items it was for, and a redelivered rating adds nothing the second
 * time (the indicators' conditional mark).
 */
import { RequestThrottled, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { logger } from '../../functions/commons/powertools.ts';
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '../../functions/commons/sdk/dynamodb.ts';
import { handler as publishEvents } from '../../functions/events/publish-events.ts';
import { lambdaContext } from '../support/http-event.ts';
import { type Row, ratingRow, registeredDossier } from '../support/stored-rows.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const TABLE = 'bridge-test';
const QUEUES = {
  notifications: 'https://sqs.local/notifications',
  callbacks: 'https://sqs.local/callbacks',
  ledger: 'https://sqs.local/ledger',
};
const metadata = { $metadata: { httpStatusCode: 400 } };

// The consumer makes its stores as it loads: the table's name is set before it is imported.
vi.hoisted(() => vi.stubEnv('TABLE_NAME', 'bridge-test'));

beforeAll(() => {
  vi.stubEnv('QUEUE_URL_NOTIFICATIONS', QUEUES.notifications);
  vi.stubEnv('QUEUE_URL_CALLBACKS', QUEUES.callbacks);
  vi.stubEnv('QUEUE_URL_LEDGER', QUEUES.ledger);
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
  vi.restoreAllMocks();
});

interface Change {
  readonly eventName: 'INSERT' | 'MODIFY';
  readonly row: Row;
  readonly old?: Row;
  readonly sequenceNumber: string;
}

/** A stream record as Lambda gives it: the images marshalled, keyed by the row's keys. */
const streamRecord = ({ eventName, row, old, sequenceNumber }: Change): DynamoDBRecord => ({
  eventID: `ev-${sequenceNumber}`,
  eventName,
  eventSource: 'aws:dynamodb',
  eventVersion: '1.1',
  awsRegion: 'ap-southeast-1',
  dynamodb: {
    ApproximateCreationDateTime: Date.parse('2026-11-20T03:00:00.000Z') / 1000,
    Keys: marshall({ pk: row.pk, sk: row.sk }) as never,
    NewImage: marshall(row, { removeUndefinedValues: true }) as never,
    ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) as never } : {}),
    SequenceNumber: sequenceNumber,
    SizeBytes: 512,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

const streamEvent = (...changes: Change[]): DynamoDBStreamEvent => ({ Records: changes.map(streamRecord) });

const queueOf = (url: unknown) =>
  Object.entries(QUEUES).find(([, queueUrl]) => queueUrl === url)?.[0] ?? String(url);

/** Every message sent, as `queue eventId`, sorted (records are processed in parallel). */
const sentMessages = () =>
  sqs
    .commandCalls(SendMessageCommand)
    .map(({ args }) => {
      const { QueueUrl, MessageBody } = args[0].input;
      return `${queueOf(QueueUrl)} ${(JSON.parse(MessageBody ?? '{}') as { eventId: string }).eventId}`;
    })
    .sort();

describe('publishEvents when a send meets throttling', () => {
  it("fails only the record whose send was throttled, by its sequence number; the others' messages go once", async () => {
    const dossiers = await Promise.all([
      registeredDossier('PG0000000000A1', '0001'),
      registeredDossier('PG0000000000A2', '0002'),
      registeredDossier('PG0000000000A3', '0003'),
    ]);
    sqs.on(SendMessageCommand).callsFake((input: { MessageBody: string }) => {
      // What the SDK gives up with once its own retries of the throttled send are spent.
      if ((JSON.parse(input.MessageBody) as { eventId: string }).eventId === 'PG0000000000A2-1')
        throw new RequestThrottled({ message: 'Request is throttled.', ...metadata });
      return { MessageId: 'sent' };
    });
    const answer = await publishEvents(
      streamEvent(
        ...dossiers.map(({ eventRow }, index) => ({
          eventName: 'INSERT' as const,
          row: eventRow,
          sequenceNumber: `10${index}`,
        })),
      ),
      lambdaContext('publishEvents'),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    // dossier.registered goes to the citizen's notices, then to the callbacks: the throttled
    // record stopped at its first send.
    expect(sentMessages()).toEqual([
      'callbacks PG0000000000A1-1',
      'callbacks PG0000000000A3-1',
      'notifications PG0000000000A1-1',
      'notifications PG0000000000A2-1',
      'notifications PG0000000000A3-1',
    ]);
    // A registration ends no journey: nothing is read or counted for any of them.
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('publishEvents with a malformed record', () => {
  it('fails that record alone, logs its reason, and reads nothing for it', async () => {
    const { eventRow, itemRows } = await registeredDossier('PG0000000000B1', '0011');
    const before = itemRows[0] as Row;
    // An item row that lost its origin office: no schema of the stream's accepts it.
    const broken: Row = Object.fromEntries(
      Object.entries({ ...before, status: 'picked-up', version: 1 }).filter(
        ([name]) => name !== 'originOfficeCode',
      ),
    );
    const errors = vi.spyOn(logger, 'error');
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sent' });
    const answer = await publishEvents(
      streamEvent(
        { eventName: 'MODIFY', row: broken, old: before, sequenceNumber: '200' },
        { eventName: 'INSERT', row: eventRow, sequenceNumber: '201' },
      ),
      lambdaContext('publishEvents'),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(errors).toHaveBeenCalledWith('malformed stream record', {
      eventID: 'ev-200',
      keys: marshall({ pk: before.pk, sk: before.sk }),
      reason: expect.stringMatching(/^item row: originOfficeCode: /),
    });
    // No worklist write, no dossier read, no indicator for the broken item.
    expect(dynamo.calls()).toHaveLength(0);
    expect(sentMessages()).toEqual(['callbacks PG0000000000B1-1', 'notifications PG0000000000B1-1']);
  });
});

describe('publishEvents when the worklist write fails', () => {
  it("fails the records of the item whose entry was not written, and only those; the other dossier's event goes", async () => {
    const picked = await registeredDossier('PG0000000000C1', '0021');
    const other = await registeredDossier('PG0000000000C2', '0022');
    const requested = picked.itemRows.find((row) => row.direction === 'inbound') as Row;
    // Its pickup given to a postman: the same status, a new version.
    const assigned = { ...requested, assignedStaffId: 'NV01', version: 1 };
    const itemCode = String(requested.itemCode);
    dynamo
      .on(BatchWriteCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...metadata }));
    // The new item's dossier follows it: read whole, and already where its items put it.
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.dossierPartition('PG0000000000C1') } })
      .resolves({ Items: [picked.dossierRow, picked.eventRow] });
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [assigned, ...picked.itemRows.filter((row) => row !== requested)] },
    });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'sent' });
    const errors = vi.spyOn(logger, 'error');
    const answer = await publishEvents(
      streamEvent(
        { eventName: 'INSERT', row: requested, sequenceNumber: '300' },
        { eventName: 'INSERT', row: other.eventRow, sequenceNumber: '301' },
        { eventName: 'MODIFY', row: assigned, old: requested, sequenceNumber: '302' },
      ),
      lambdaContext('publishEvents'),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '302' }] });
    // One pass for the batch: the item's entry at its pickup office, as it is after both changes.
    const writes = dynamo.commandCalls(BatchWriteCommand);
    expect(writes).toHaveLength(1);
    const requests = writes[0]?.args[0].input.RequestItems?.[TABLE] ?? [];
    expect(requests).toHaveLength(1);
    expect(requests[0]?.PutRequest?.Item).toMatchObject({
      pk: KEY.worklist(String(requested.originOfficeCode)),
      itemCode,
      workKind: 'pickup',
      assignedStaffId: 'NV01',
    });
    expect(errors).toHaveBeenCalledWith(
      'worklist not brought up to date',
      expect.objectContaining({ items: 2 }),
    );
    expect(errors).not.toHaveBeenCalledWith(
      'dossiers not brought up to date with their items',
      expect.anything(),
    );
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    // The item's own status events wait for their records to come again; the other dossier's does not.
    expect(sentMessages()).toEqual(['callbacks PG0000000000C2-1', 'notifications PG0000000000C2-1']);
  });
});

describe('publishEvents when a rating is delivered again', () => {
  it('counts it once: the second contribution meets the mark and is taken as already counted', async () => {
    const row = await ratingRow({
      consignmentRef: 'PG0000000000D1',
      dossierCode: null,
      score: 4,
      comment: 'Nhân viên nhiệt tình',
      ratedAt: '2026-11-21T03:00:00.000Z',
      month: '2026-11',
      journeyEndedOn: '2026-11-21',
      provinceCode: '79',
      communeCode: '26743',
      agencyCode: '000.00.06.H56',
      postOfficeCode: 'BC-HCM-01',
      staffId: 'NV01',
    });
    const table = indicatorTable();
    dynamo.on(TransactWriteCommand).callsFake(table.transactWrite);
    const record = { eventName: 'INSERT' as const, row, sequenceNumber: '400' };
    const first = await publishEvents(streamEvent(record), lambdaContext('publishEvents'));
    // The stream gives the same record again (a retried batch).
    const again = await publishEvents(streamEvent(record), lambdaContext('publishEvents'));
    expect(first).toEqual({ batchItemFailures: [] });
    expect(again).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(table.rejected).toBe(1);
    const counted = { ratings: 1, scoreSum: 4, score4: 1 };
    expect(table.counters).toEqual({
      [`${KEY.indicatorDays('79', '2026-11', 'office')} BC-HCM-01#2026-11-21`]: counted,
      [`${KEY.indicatorDays('79', '2026-11', 'agency')} 000.00.06.H56#2026-11-21`]: counted,
      [`${KEY.indicatorDays('79', '2026-11', 'commune')} 26743#2026-11-21`]: counted,
    });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});

interface TransactInput {
  readonly TransactItems: readonly {
    readonly Put?: { readonly Item: Row; readonly ConditionExpression?: string };
    readonly Update?: {
      readonly Key: { pk: string; sk: string };
      readonly ExpressionAttributeNames: Record<string, string>;
      readonly ExpressionAttributeValues: Record<string, unknown>;
    };
  }[];
}

/**
 * The indicator rows as DynamoDB keeps them: a transaction whose put of a mark finds the
 * mark there already is cancelled whole (ConditionalCheckFailed), as DynamoDB does.
 */
function indicatorTable() {
  const marks = new Set<string>();
  const counters: Record<string, Record<string, number>> = {};
  const table = {
    counters,
    rejected: 0,
    transactWrite(input: TransactInput) {
      const put = input.TransactItems[0]?.Put;
      if (put?.ConditionExpression !== 'attribute_not_exists(pk)') throw new Error('no mark put first');
      const mark = `${put.Item.pk} ${put.Item.sk}`;
      if (marks.has(mark)) {
        table.rejected += 1;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          ...metadata,
          CancellationReasons: input.TransactItems.map((_, index) => ({
            Code: index === 0 ? 'ConditionalCheckFailed' : 'None',
          })),
        });
      }
      marks.add(mark);
      for (const { Update } of input.TransactItems) {
        if (!Update) continue;
        const key = `${Update.Key.pk} ${Update.Key.sk}`;
        const row = counters[key] ?? {};
        counters[key] = row;
        for (const [name, counter] of Object.entries(Update.ExpressionAttributeNames)) {
          if (!/^#c\d+$/.test(name)) continue;
          row[counter] = (row[counter] ?? 0) + Number(Update.ExpressionAttributeValues[`:${name.slice(1)}`]);
        }
      }
      return {};
    },
  };
  return table;
}
