/** The tracking lock against the real DynamoDB Local: ten wrong guesses, an hour's lock, then a fresh window. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoTrackingGuard } from '../../functions/adapters/dynamodb/tracking-guard-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { isLocked, MAX_WRONG_GUESSES, TRACKING_LOCK_MS } from '../../functions/domain/tracking-guard.ts';

const guard = () => new DynamoTrackingGuard(dynamoDocumentClient(), tableName());
const MINUTE = 60_000;

describe('tracking guard', () => {
  it('locks a reference for an hour from its tenth wrong guess, then opens a fresh window', async () => {
    const ref = `000.00.06.H56-261105-${randomUUID().slice(0, 4)}`;
    const start = Date.UTC(2026, 11, 3, 2, 0, 0);
    for (let guess = 1; guess < MAX_WRONG_GUESSES; guess++) {
      await guard().recordWrongGuess(ref, start + guess * MINUTE);
      expect(isLocked(await guard().window(ref, start + guess * MINUTE), start + guess * MINUTE)).toBe(false);
    }
    const tenth = start + 30 * MINUTE;
    await guard().recordWrongGuess(ref, tenth);
    expect(isLocked(await guard().window(ref, tenth), tenth)).toBe(true);
    // The hour runs from the tenth guess, not from the first.
    const later = tenth + TRACKING_LOCK_MS - MINUTE;
    expect(isLocked(await guard().window(ref, later), later)).toBe(true);
    const after = tenth + TRACKING_LOCK_MS + MINUTE;
    expect(await guard().window(ref, after)).toBeNull();
    await guard().recordWrongGuess(ref, after);
    expect(await guard().window(ref, after)).toEqual({ wrongGuesses: 1, endsAtMs: after + TRACKING_LOCK_MS });
  });

  it('counts guesses made at once, each exactly once', async () => {
    const ref = `000.00.06.H56-261106-${randomUUID().slice(0, 4)}`;
    const now = Date.now();
    await Promise.all(Array.from({ length: 25 }, () => guard().recordWrongGuess(ref, now)));
    const window = await guard().window(ref, now);
    expect(window?.wrongGuesses).toBe(25);
    expect(isLocked(window, now)).toBe(true);
  });
});
