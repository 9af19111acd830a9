/**
 * S10 serial allocation: each post office draws serials from its own counter, and the
 * counter takes chunks of serials from a pool per service letters when it runs out. Every
 * step is an atomic conditional update, so no code is handed out twice, however many
 * allocate at once; a chunk lost in a race leaves unused serials, never a duplicate.
 */
import { MAX_SERIAL, s10Code } from '../../../schemas/s10.ts';
import { ConditionalCheckFailedException } from '../../commons/sdk/dynamodb.ts';
import { type DynamoDBDocumentClient, UpdateCommand } from '../../commons/sdk/lib-dynamodb.ts';
import type { S10Allocator } from '../../domain/registration.ts';
import { ENTITY, KEY } from './keys.ts';

export const SERIALS_PER_CHUNK = 1000;
const MAX_ALLOCATION_ATTEMPTS = 8;

export class DynamoS10Series implements S10Allocator {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly serialsPerChunk = SERIALS_PER_CHUNK,
  ) {}

  async allocate(postOfficeCode: string, serviceLetters: string): Promise<string> {
    for (let attempt = 0; attempt < MAX_ALLOCATION_ATTEMPTS; attempt += 1) {
      const serial = await this.nextSerial(postOfficeCode, serviceLetters);
      if (serial !== null) return s10Code(serviceLetters, serial);
      await this.refill(postOfficeCode, serviceLetters);
    }
    throw new Error(`Could not allocate an S10 serial for ${postOfficeCode}/${serviceLetters}`);
  }

  /** The office's next serial, or null when its chunk is used up (or it has none yet). */
  private async nextSerial(postOfficeCode: string, letters: string): Promise<number | null> {
    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.s10Series(postOfficeCode, letters),
          UpdateExpression: 'SET nextSerial = nextSerial + :one',
          ConditionExpression: 'nextSerial < chunkEnd',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return Number(answer.Attributes?.nextSerial);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  private async refill(postOfficeCode: string, letters: string): Promise<void> {
    const pool = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: KEY.s10Pool(letters),
        UpdateExpression: 'SET nextChunk = if_not_exists(nextChunk, :zero) + :one, entity = :entity',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':entity': ENTITY.series },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const chunk = Number(pool.Attributes?.nextChunk) - 1;
    const chunkStart = chunk * this.serialsPerChunk + 1;
    const chunkEnd = chunkStart + this.serialsPerChunk;
    if (chunkEnd - 1 > MAX_SERIAL) throw new Error(`S10 serials for ${letters} are exhausted`);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.s10Series(postOfficeCode, letters),
          UpdateExpression: 'SET nextSerial = :start, chunkEnd = :end, entity = :entity',
          // Only if still used up: a concurrent refill that won keeps its chunk.
          ConditionExpression: 'attribute_not_exists(chunkEnd) OR nextSerial >= chunkEnd',
          ExpressionAttributeValues: { ':start': chunkStart, ':end': chunkEnd, ':entity': ENTITY.series },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
