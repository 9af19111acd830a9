/**
 * The `notifications` queue's consumer under the faults AWS produces, with the SDK clients
 * mocked (aws-sdk-client-mock) and the dossiers' rows as the dossier store writes them: a
 * throttled read fails its own message only; a notice whose claim another worker holds is not
 * sent twice and its message comes back; an event met in quiet hours is put back with a delay
 * SQS allows and nothing is sent, but a delivery code goes at once; a carrier failure releases
 * the claim, so the retry sends it.
 */
import { ThrottledException } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '../../functions/commons/sdk/dynamodb.ts';
import { PublishCommand, SNSClient } from '../../functions/commons/sdk/sns.ts';
import { itemStatusEvent } from '../../functions/domain/events.ts';
import { deliveryCode } from '../../functions/domain/items/scans.ts';
import { handler as sendNotifications } from '../../functions/events/send-notifications.ts';
import { lambdaContext } from '../support/http-event.ts';
import { type Row, registeredDossier } from '../support/stored-rows.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const NOTIFICATIONS_QUEUE = 'https://sqs.local/notifications';
const metadata = { $metadata: { httpStatusCode: 400 } };
const DELIVERY_CODE_SECRET = 'a-delivery-code-secret-of-32-characters-or-more';
/** 10:00 in Vietnam: notices go out. */
const DAYTIME = new Date('2026-11-20T03:00:00.000Z');

beforeAll(() => {
  vi.stubEnv('TABLE_NAME', 'bridge-test');
  vi.stubEnv('QUEUE_URL_NOTIFICATIONS', NOTIFICATIONS_QUEUE);
  // Deployed: SMS through SNS, the only channel when no Zalo or gateway is configured.
  vi.stubEnv('BRIDGE_RUNTIME', 'aws');
  vi.stubEnv('ZNS_ACCESS_TOKEN', '');
  vi.stubEnv('SMS_GATEWAY_URL', '');
  vi.stubEnv('NOTIFICATION_QUIET_HOURS', 'on');
  vi.stubEnv('DELIVERY_CODE_SECRET', DELIVERY_CODE_SECRET);
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

let claims: ReturnType<typeof claimTable>;

beforeEach(() => {
  vi.setSystemTime(DAYTIME);
  claims = claimTable();
  claims.mock();
  dynamo.on(GetCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'requeued' });
  let published = 0;
  sns.on(PublishCommand).callsFake(async () => {
    published += 1;
    return { MessageId: `sns-${published}` };
  });
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
  sns.reset();
});

const record = (messageId: string, body: unknown): SQSRecord =>
  ({
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    eventSource: 'aws:sqs',
  }) as unknown as SQSRecord;

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** A registered dossier whose partition the store reads, and its event as the stream sends it. */
async function dossierOnTable(consignmentRef: string, serial: string) {
  const { dossierRow, eventRow, itemRows, registration } = await registeredDossier(consignmentRef, serial);
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.dossierPartition(consignmentRef) } })
    .resolves({ Items: [dossierRow, eventRow] });
  const { pk: _pk, sk: _sk, entity: _entity, ...event } = eventRow;
  return {
    event,
    itemRows,
    dossierCode: String(registration.dossier.dossierCode),
    notificationId: `${event.eventId}:sms`,
  };
}

/** What SNS was asked to send, as `phone text`. */
const published = () =>
  sns.commandCalls(PublishCommand).map(({ args }) => `${args[0].input.PhoneNumber} ${args[0].input.Message}`);

/** The registration notice as SNS sends it: SMS text without diacritics, to the applicant's number. */
const registeredText = (dossierCode: string) =>
  `+84912345678 Buu dien da dang ky dich vu nhan ho so va tra ket qua qua buu chinh cho ho so ${dossierCode}.`;

describe('sendNotifications under throttling', () => {
  it("fails only the message whose dossier read was throttled; the others' notices go once", async () => {
    const first = await dossierOnTable('PG0000000000E1', '0031');
    const throttled = await dossierOnTable('PG0000000000E2', '0032');
    const third = await dossierOnTable('PG0000000000E3', '0033');
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.dossierPartition('PG0000000000E2') } })
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...metadata }));
    const answer = await sendNotifications(
      batch(record('m-1', first.event), record('m-2', throttled.event), record('m-3', third.event)),
      lambdaContext('sendNotifications'),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(published().sort()).toEqual(
      [registeredText(first.dossierCode), registeredText(third.dossierCode)].sort(),
    );
    expect(claims.status()).toEqual({
      [first.notificationId]: 'completed',
      [third.notificationId]: 'completed',
    });
  });
});

describe('sendNotifications when another worker holds the claim', () => {
  it('sends nothing for a notice being sent or already sent; the one being sent comes back', async () => {
    const held = await dossierOnTable('PG0000000000F1', '0041');
    const sentBefore = await dossierOnTable('PG0000000000F2', '0042');
    const fresh = await dossierOnTable('PG0000000000F3', '0043');
    claims.hold(held.notificationId, 'in-progress');
    claims.hold(sentBefore.notificationId, 'completed');
    const answer = await sendNotifications(
      batch(record('m-1', held.event), record('m-2', sentBefore.event), record('m-3', fresh.event)),
      lambdaContext('sendNotifications'),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(published()).toEqual([registeredText(fresh.dossierCode)]);
    // The other worker's claim is left to it: not released, not completed by this one.
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(claims.status()).toEqual({
      [held.notificationId]: 'in-progress',
      [sentBefore.notificationId]: 'completed',
      [fresh.notificationId]: 'completed',
    });
  });
});

describe('sendNotifications in quiet hours', () => {
  it.each([
    // 22:00 in Vietnam: nine hours to 07:00, so the longest delay SQS gives.
    { at: '2026-11-20T15:00:00.000Z', delaySeconds: 900 },
    // 06:55 in Vietnam: five minutes to 07:00.
    { at: '2026-11-20T23:55:00.000Z', delaySeconds: 300 },
  ])('puts the event back with a delay of $delaySeconds s at $at and sends nothing', async ({
    at,
    delaySeconds,
  }) => {
    const { event } = await dossierOnTable('PG0000000000G1', '0051');
    vi.setSystemTime(new Date(at));
    const answer = await sendNotifications(batch(record('m-1', event)), lambdaContext('sendNotifications'));
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sqs.commandCalls(SendMessageCommand).map(({ args }) => args[0].input)).toEqual([
      { QueueUrl: NOTIFICATIONS_QUEUE, MessageBody: JSON.stringify(event), DelaySeconds: delaySeconds },
    ]);
    expect(published()).toEqual([]);
    expect(claims.status()).toEqual({});
  });
});

describe('sendNotifications in quiet hours with a delivery code', () => {
  it('sends the code the courier at the door waits for, and holds the other notice back', async () => {
    const { event: registered, itemRows } = await dossierOnTable('PG0000000000J1', '0071');
    const requested = itemRows.find((row) => row.direction === 'outbound') as Row;
    // The result item out for delivery, as the item store writes it after the scan.
    const outForDelivery: Row = {
      ...requested,
      status: 'out-for-delivery',
      version: 4,
      outForDeliveryFactId: 'scan-7',
      outForDeliveryAt: '2026-11-20T14:50:00.000Z',
    };
    const itemCode = String(requested.itemCode);
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.itemPartition(itemCode) } })
      .resolves({ Items: [outForDelivery] });
    const { pk: _pk, sk: _sk, entity: _entity, ...item } = outForDelivery;
    const event = itemStatusEvent(
      { status: 'in-transit', version: 3 },
      item as unknown as Parameters<typeof itemStatusEvent>[1],
      '2026-11-20T14:50:00.000Z',
    );
    if (!event) throw new Error('a change of status announces an event');
    vi.setSystemTime(new Date('2026-11-20T15:00:00.000Z'));
    const answer = await sendNotifications(
      batch(record('m-1', registered), record('m-2', event)),
      lambdaContext('sendNotifications'),
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    const code = deliveryCode(DELIVERY_CODE_SECRET, itemCode, 'scan-7');
    expect(published()).toEqual([
      `+84912345678 Buu dien dang phat ket qua ${itemCode}. Ma nhan: ${code}. Xuat trinh CCCD khi nhan. So tien thu: 168.000 d.`,
    ]);
    expect(sqs.commandCalls(SendMessageCommand).map(({ args }) => args[0].input)).toEqual([
      { QueueUrl: NOTIFICATIONS_QUEUE, MessageBody: JSON.stringify(registered), DelaySeconds: 900 },
    ]);
    expect(claims.status()).toEqual({ [`${event.eventId}:sms`]: 'completed' });
  });
});

describe('sendNotifications when the carrier fails', () => {
  it('releases the claim, so that the queue’s retry sends the notice once', async () => {
    const { event, dossierCode, notificationId } = await dossierOnTable('PG0000000000H1', '0061');
    sns
      .on(PublishCommand)
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded', ...metadata }))
      .resolves({ MessageId: 'sns-after-retry' });
    await expect(
      sendNotifications(batch(record('m-1', event)), lambdaContext('sendNotifications')),
    ).rejects.toThrow(/All records failed/);
    expect(dynamo.commandCalls(DeleteCommand).map(({ args }) => args[0].input.Key)).toEqual([
      KEY.idempotency(`notification:${notificationId}`),
    ]);
    expect(claims.status()).toEqual({});
    // The queue gives the message again.
    const retried = await sendNotifications(batch(record('m-1', event)), lambdaContext('sendNotifications'));
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(published()).toEqual([registeredText(dossierCode), registeredText(dossierCode)]);
    expect(claims.status()).toEqual({ [notificationId]: 'completed' });
    expect(claims.answer(notificationId)).toBe('sns-sms:sns-after-retry');
    const receipts = dynamo
      .commandCalls(PutCommand)
      .map(({ args }) => args[0].input.Item as Row)
      .filter((item) => String(item.pk).startsWith('NOTIFYMSG#'));
    expect(receipts).toMatchObject([
      { ...KEY.notificationMessage('sns-sms:sns-after-retry'), notificationId },
    ]);
  });
});

type Claim = { status: 'in-progress' | 'completed'; fingerprint: string; untilMs?: number; answer?: string };
type ClaimPut = { Item: Row & { pk: string }; ExpressionAttributeValues?: { ':now': number } };
type ClaimCompletion = {
  Key: { pk: string };
  ExpressionAttributeValues: { ':answer': { body: string }; ':fingerprint': string };
};

const idOf = (key: { pk: string }) => key.pk.slice('IDEMPOTENCY#notification:'.length);

/** DynamoDB's refusal of a conditional write, with the row it found when the store asks for it. */
const refusal = (claim?: Claim, id = '') =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    ...metadata,
    ...(claim
      ? {
          Item: marshall({
            ...KEY.idempotency(`notification:${id}`),
            entity: 'idempotency',
            fingerprint: claim.fingerprint,
            status: claim.status,
            ...(claim.untilMs ? { inProgressUntilMs: claim.untilMs } : {}),
            ...(claim.answer ? { answer: { statusCode: 200, headers: {}, body: claim.answer } } : {}),
          }),
        }
      : {}),
  });

/**
 * The notification claims as DynamoDB keeps them under the idempotency store's conditions: a
 * claim is taken when free or expired, released only while in progress, completed by its owner.
 */
function claimTable() {
  const rows = new Map<string, Claim>();
  const take = async ({ Item, ExpressionAttributeValues }: ClaimPut) => {
    if (!Item.pk.startsWith('IDEMPOTENCY#')) return {};
    const id = idOf(Item);
    const held = rows.get(id);
    const expired =
      held?.status === 'in-progress' && (held.untilMs ?? 0) < Number(ExpressionAttributeValues?.[':now']);
    if (held && !expired) throw refusal(held, id);
    rows.set(id, {
      status: 'in-progress',
      fingerprint: String(Item.fingerprint),
      untilMs: Number(Item.inProgressUntilMs),
    });
    return {};
  };
  const complete = async ({ Key, ExpressionAttributeValues: values }: ClaimCompletion) => {
    const held = rows.get(idOf(Key));
    if (!held || held.fingerprint !== values[':fingerprint']) throw refusal();
    rows.set(idOf(Key), {
      status: 'completed',
      fingerprint: held.fingerprint,
      answer: values[':answer'].body,
    });
    return {};
  };
  const release = async ({ Key }: { Key: { pk: string } }) => {
    if (rows.get(idOf(Key))?.status === 'in-progress') rows.delete(idOf(Key));
    return {};
  };
  return {
    mock() {
      dynamo.on(PutCommand).callsFake(take);
      dynamo.on(UpdateCommand).callsFake(complete);
      dynamo.on(DeleteCommand).callsFake(release);
    },
    /** Another worker's claim: being sent now, or sent. */
    hold(notificationId: string, status: Claim['status']) {
      rows.set(notificationId, {
        status,
        fingerprint: notificationId,
        ...(status === 'in-progress' ? { untilMs: Date.now() + 60_000 } : { answer: 'sns-sms:earlier' }),
      });
    },
    status: () => Object.fromEntries([...rows].map(([id, claim]) => [id, claim.status])),
    answer: (notificationId: string) => rows.get(notificationId)?.answer,
  };
}
