/**
 * Wrong tracking guesses per reference: one small record, counted atomically, gone an hour
 * after its window ends (TTL). A window opens with the first wrong guess; the tenth moves its
 * end to an hour later: the lock.
 */
import { ConditionalCheckFailedException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import {
  type GuessWindow,
  MAX_WRONG_GUESSES,
  TRACKING_LOCK_MS,
  type TrackingGuard,
} from '../../domain/tracking-guard.ts';
import { ENTITY, KEY } from './keys.ts';

const ttlSeconds = (endsAtMs: number): number => Math.ceil(endsAtMs / 1000) + 3_600;

export class DynamoTrackingGuard implements TrackingGuard {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async window(ref: string, nowMs: number): Promise<GuessWindow | null> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.trackingGuesses(ref), ConsistentRead: true }),
    );
    const record = answer.Item as { wrongGuesses: number; endsAtMs: number } | undefined;
    if (!record || record.endsAtMs <= nowMs) return null;
    return { wrongGuesses: record.wrongGuesses, endsAtMs: record.endsAtMs };
  }

  async recordWrongGuess(ref: string, nowMs: number): Promise<void> {
    const endsAtMs = nowMs + TRACKING_LOCK_MS;
    let count: number;
    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.trackingGuesses(ref),
          UpdateExpression:
            'ADD wrongGuesses :one SET entity = :entity, endsAtMs = if_not_exists(endsAtMs, :ends), expiresAt = if_not_exists(expiresAt, :ttl)',
          // An expired window (its record not yet swept by TTL) starts over below.
          ConditionExpression: 'attribute_not_exists(pk) OR endsAtMs > :now',
          ExpressionAttributeValues: {
            ':one': 1,
            ':entity': ENTITY.trackingGuesses,
            ':ends': endsAtMs,
            ':ttl': ttlSeconds(endsAtMs),
            ':now': nowMs,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      count = Number(answer.Attributes?.wrongGuesses ?? 1);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.startOver(ref, nowMs, endsAtMs);
      return;
    }
    if (count === MAX_WRONG_GUESSES) await this.lock(ref, endsAtMs);
  }

  private async startOver(ref: string, nowMs: number, endsAtMs: number): Promise<void> {
    await this.client
      .send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...KEY.trackingGuesses(ref),
            entity: ENTITY.trackingGuesses,
            wrongGuesses: 1,
            endsAtMs,
            expiresAt: ttlSeconds(endsAtMs),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR endsAtMs <= :now',
          ExpressionAttributeValues: { ':now': nowMs },
        }),
      )
      .catch((error: unknown) => {
        // Another wrong guess opened the new window first: it counted, and so will the next.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /** The lock: an hour from the guess that reached the limit. */
  private async lock(ref: string, lockedUntilMs: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: KEY.trackingGuesses(ref),
        UpdateExpression: 'SET endsAtMs = :until, expiresAt = :ttl',
        ExpressionAttributeValues: { ':until': lockedUntilMs, ':ttl': ttlSeconds(lockedUntilMs) },
      }),
    );
  }
}
