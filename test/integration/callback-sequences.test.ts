/**
 * Per-dossier callback sequence numbers against DynamoDB Local: events numbered at the same
 * moment, and copies of the same event numbered again, get 1…n — no number skipped, none
 * given twice, each event always the same number.
 */
import { describe, expect, it } from 'vitest';
import { DynamoCallbackStore } from '../../functions/adapters/dynamodb/callback-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';

const store = () => new DynamoCallbackStore(dynamoDocumentClient(), tableName());

describe('callback sequence numbers', () => {
  it('number concurrent events of one dossier 1…n, each once, and give a repeated event its first number', async () => {
    const dossier = `PG-SEQ-${Date.now().toString(36)}`;
    const events = Array.from({ length: 12 }, (_, index) => `${dossier}-event-${index}`);
    // Each event numbered twice at once, as a redelivered message and its original would be.
    const numbers = await Promise.all(
      [...events, ...events].map((eventId) => store().sequenceFor(dossier, eventId, [])),
    );
    const first = numbers.slice(0, events.length);
    expect(numbers.slice(events.length)).toEqual(first);
    expect([...first].sort((a, b) => a - b)).toEqual(events.map((_, index) => index + 1));
    expect(await store().sequenceFor(dossier, events[3]!, [])).toBe(first[3]);
    expect(await store().sequenceFor(dossier, `${dossier}-later`, [])).toBe(events.length + 1);
  });
});
