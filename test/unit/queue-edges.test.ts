/** The edge of the consumers: messages parsed with their schemas before any work. */
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  CallbackDeliveryMessageSchema,
  DomainEventMessageSchema,
  NightlyRunSchema,
} from '../../functions/app/messages.ts';
import { logger } from '../../functions/commons/powertools.ts';
import { MalformedMessage, parseInput, parseRecord } from '../../functions/commons/queue-consumer.ts';
import { handler as checkCollectionsNightly } from '../../functions/events/check-collections-nightly.ts';
import { handler as reconcileFinanceNightly } from '../../functions/events/reconcile-finance-nightly.ts';
import { handler as reconcileNightly } from '../../functions/events/reconcile-nightly.ts';
import { lambdaContext } from '../support/http-event.ts';

const record = (body: string): SQSRecord =>
  ({ messageId: 'm-1', body, attributes: { ApproximateReceiveCount: '3' } }) as unknown as SQSRecord;

describe('a queue message at the edge', () => {
  it('is parsed from its JSON body into the message', () => {
    const message = { agencyCode: '000.00.06.H26', webhookId: 'wh_1', eventId: 'PG1-1' };
    expect(parseRecord(CallbackDeliveryMessageSchema, record(JSON.stringify(message)))).toEqual(message);
  });

  it('is refused with the zod issues as its reason, logged with the message id', () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const event = { eventId: 'e', type: 'dossier.registered', occurredAt: 'yesterday' };
    expect(() => parseRecord(DomainEventMessageSchema, record(JSON.stringify(event)))).toThrow(
      MalformedMessage,
    );
    const [message, fields] = errors.mock.calls.at(-1) ?? [];
    expect(message).toBe('malformed message');
    expect(fields).toMatchObject({ messageId: 'm-1', receiveCount: '3' });
    expect((fields as { reason: string }).reason).toMatch(/occurredAt: .*; consignmentRef: /);
    errors.mockRestore();
  });

  it('refuses a body that is not JSON at all', () => {
    expect(() => parseRecord(CallbackDeliveryMessageSchema, record('not json'))).toThrow(/Invalid JSON/);
  });
});

describe('a nightly run', () => {
  it('takes no input, an empty one or a day', () => {
    expect(parseInput(NightlyRunSchema, undefined)).toEqual({});
    expect(parseInput(NightlyRunSchema, {})).toEqual({});
    expect(parseInput(NightlyRunSchema, { day: '2026-11-30' })).toEqual({ day: '2026-11-30' });
  });

  it.each([
    ['reconcileNightly', reconcileNightly],
    ['reconcileFinanceNightly', reconcileFinanceNightly],
    ['checkCollectionsNightly', checkCollectionsNightly],
  ])('%s refuses a day that is not a date, before reading anything', async (_name, handler) => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    await expect(handler({ day: '30/11/2026' }, lambdaContext())).rejects.toThrow(/day: /);
    expect(errors).toHaveBeenCalledWith('malformed input', { reason: expect.stringContaining('day') });
    errors.mockRestore();
  });
});
