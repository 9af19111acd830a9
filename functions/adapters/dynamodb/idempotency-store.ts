import {
  IDEMPOTENCY_RETENTION_SECONDS,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredAnswer,
} from '../../commons/http/idempotency.ts';
import { ConditionalCheckFailedException } from '../../commons/sdk/dynamodb.ts';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { unmarshall } from '../../commons/sdk/util-dynamodb.ts';
import { ENTITY, KEY } from './keys.ts';

interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly status: 'in-progress' | 'completed';
  readonly inProgressUntilMs?: number;
  readonly answer?: StoredAnswer;
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(
    key: string,
    fingerprint: string,
    nowMs: number,
    inProgressUntilMs: number,
  ): Promise<IdempotencyClaim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...KEY.idempotency(key),
            entity: ENTITY.idempotency,
            fingerprint,
            status: 'in-progress',
            inProgressUntilMs,
            expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
          },
          // Free, or held by a request that died before finishing.
          ConditionExpression:
            'attribute_not_exists(pk) OR (#status = :inProgress AND inProgressUntilMs < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress', ':now': nowMs },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const existing = unmarshall(error.Item) as IdempotencyRecord;
      if (existing.status === 'completed' && existing.answer) {
        return { kind: 'completed', fingerprint: existing.fingerprint, answer: existing.answer };
      }
      return { kind: 'in-progress', fingerprint: existing.fingerprint };
    }
  }

  async complete(key: string, fingerprint: string, answer: StoredAnswer, nowMs: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: KEY.idempotency(key),
        UpdateExpression:
          'SET #status = :completed, answer = :answer, expiresAt = :expiresAt REMOVE inProgressUntilMs',
        ConditionExpression: 'fingerprint = :fingerprint',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':answer': answer,
          ':fingerprint': fingerprint,
          ':expiresAt': Math.floor(nowMs / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
        },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.client
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: KEY.idempotency(key),
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress' },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }
}
