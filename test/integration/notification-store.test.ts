/**
 * Citizens' notification choices and delivery receipts against the real DynamoDB Local: an
 * opt-out is read back per phone; a receipt is stored against the message it names, once
 * however often the provider sends it, and refused for a message never sent.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import {
  DynamoDeliveryReceipts,
  DynamoNotificationPreferences,
} from '../../functions/adapters/dynamodb/notification-store.ts';
import {
  MAX_RECEIPTS_PER_MESSAGE,
  recordDeliveryReceipt,
} from '../../functions/app/notifications/receipts.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { httpEvent, lambdaContext } from '../support/http-event.ts';

const at = new Date('2026-11-20T03:00:00.000Z');

describe('notification store', () => {
  it('remembers a citizen opting out, and back in', async () => {
    const preferences = new DynamoNotificationPreferences(dynamoDocumentClient(), tableName());
    const phone = `+849${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    expect(await preferences.optedOut(phone)).toBe(false);
    await preferences.setOptedOut(phone, true, at);
    expect(await preferences.optedOut(phone)).toBe(true);
    await preferences.setOptedOut(phone, false, at);
    expect(await preferences.optedOut(phone)).toBe(false);
  });

  it('stores receipts against the sent message, once each, and refuses unknown messages', async () => {
    const store = new DynamoDeliveryReceipts(dynamoDocumentClient(), tableName());
    const messageId = randomUUID();
    const receipt = {
      channel: 'zalo-zns' as const,
      messageId,
      status: 'delivered' as const,
      occurredAt: at.toISOString(),
    };
    expect(await recordDeliveryReceipt(store, receipt, at)).toBe('unknown-message');
    await store.recordSent(`zalo-zns:${messageId}`, 'EVT-1:sms', at);
    await store.recordSent(`zalo-zns:${messageId}`, 'EVT-1:sms', at);
    expect(await recordDeliveryReceipt(store, receipt, at)).toBe('recorded');
    expect(await recordDeliveryReceipt(store, receipt, at)).toBe('recorded');
    const row = await dynamoDocumentClient().send(
      new GetCommand({ TableName: tableName(), Key: KEY.notificationMessage(`zalo-zns:${messageId}`) }),
    );
    expect(row.Item?.notificationId).toBe('EVT-1:sms');
    expect(row.Item?.lastStatus).toBe('delivered');
    expect(row.Item?.receipts).toHaveLength(1);
  });

  it('keeps at most a bounded number of receipts per message', async () => {
    const store = new DynamoDeliveryReceipts(dynamoDocumentClient(), tableName());
    const messageId = randomUUID();
    await store.recordSent(`sns-sms:${messageId}`, 'EVT-2:sms', at);
    for (let minute = 0; minute < MAX_RECEIPTS_PER_MESSAGE + 3; minute += 1) {
      const occurredAt = new Date(at.getTime() + minute * 60_000).toISOString();
      await recordDeliveryReceipt(store, { channel: 'sns-sms', messageId, status: 'failed', occurredAt }, at);
    }
    const row = await dynamoDocumentClient().send(
      new GetCommand({ TableName: tableName(), Key: KEY.notificationMessage(`sns-sms:${messageId}`) }),
    );
    expect(row.Item?.receipts).toHaveLength(MAX_RECEIPTS_PER_MESSAGE);
  });
});

describe('POST /v1/notifications/receipts/{provider}', () => {
  const routeKey = 'POST /v1/notifications/receipts/{provider}';
  const call = async (headers: Record<string, string>, body: unknown, provider = 'zalo-zns') => {
    const { handler } = await import('../../functions/http/notification-receipts.ts');
    const event = httpEvent({ routeKey, headers, body, pathParameters: { provider } });
    const answer = await handler(event, lambdaContext());
    return { status: answer.statusCode, body: JSON.parse(answer.body ?? '{}') as Record<string, unknown> };
  };

  it('stores a receipt sent with the shared secret, and refuses the rest with problem+json', async () => {
    process.env.NOTIFICATION_RECEIPT_SECRET = 'receipt-secret-for-tests';
    const secret = { 'x-receipt-secret': 'receipt-secret-for-tests' };
    const messageId = randomUUID();
    const receipt = { messageId, status: 'delivered', occurredAt: at.toISOString() };
    await new DynamoDeliveryReceipts(dynamoDocumentClient(), tableName()).recordSent(
      `zalo-zns:${messageId}`,
      'EVT-3:sms',
      at,
    );
    expect(await call(secret, receipt)).toEqual({ status: 200, body: { recorded: true } });
    expect((await call({ 'x-receipt-secret': 'wrong' }, receipt)).body.type).toMatch(/unauthorized$/);
    expect((await call({}, receipt)).status).toBe(401);
    expect((await call(secret, { ...receipt, messageId: randomUUID() })).status).toBe(404);
    expect((await call(secret, { ...receipt, status: 'read' })).status).toBe(400);
    expect((await call(secret, receipt, 'carrier-pigeon')).status).toBe(400);
    const row = await dynamoDocumentClient().send(
      new GetCommand({ TableName: tableName(), Key: KEY.notificationMessage(`zalo-zns:${messageId}`) }),
    );
    expect(row.Item?.receipts).toHaveLength(1);
  });
});
