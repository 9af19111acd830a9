/** Callback subscriptions, their deliveries (each a record, replayable by day), and per-dossier sequence numbers. */

import { setTimeout as sleep } from 'node:timers/promises';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { type Delivery, MAX_SUBSCRIPTIONS_PER_AGENCY, type Subscription } from '../../domain/callbacks.ts';
import { type BucketPosition, pageAcrossBuckets } from './bucket-pages.ts';
import { ENTITY, KEY } from './keys.ts';

type Row = Record<string, NativeAttributeValue>;
const strip = <T>({ pk: _pk, sk: _sk, entity: _entity, gsi2pk: _g, gsi2sk: _s, ...rest }: Row): T =>
  rest as T;

const openRow = (webhookId: string, consignmentRef: string, sequence: number, eventId: string): Row => ({
  ...KEY.openDelivery(webhookId, consignmentRef, sequence),
  entity: ENTITY.openDelivery,
  eventId,
  sequence,
});

/** Tries at saving a delivery that keeps meeting other transactions. */
const MAX_SAVE_ATTEMPTS = 8;

/** Tries at numbering an event while other events of its dossier take numbers at the same moment. */
const MAX_SEQUENCE_ATTEMPTS = 20;

/** Deliveries read per day of a replay, at most. */
export const MAX_REPLAY_DELIVERIES_PER_DAY = 1000;

export class DynamoCallbackStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async subscriptions(agencyCode: string): Promise<Subscription[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.webhooks(agencyCode) },
        Limit: MAX_SUBSCRIPTIONS_PER_AGENCY + 1,
      }),
    );
    return (answer.Items ?? []).map((row) => strip<Subscription>(row));
  }

  async subscription(agencyCode: string, webhookId: string): Promise<Subscription | null> {
    const answer = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: KEY.webhook(agencyCode, webhookId),
        ConsistentRead: true,
      }),
    );
    return answer.Item ? strip<Subscription>(answer.Item) : null;
  }

  async putSubscription(subscription: Subscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...KEY.webhook(subscription.agencyCode, subscription.webhookId),
          entity: ENTITY.webhook,
          ...subscription,
        },
      }),
    );
  }

  async deleteSubscription(agencyCode: string, webhookId: string): Promise<boolean> {
    const answer = await this.client.send(
      new DeleteCommand({
        TableName: this.table,
        Key: KEY.webhook(agencyCode, webhookId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return answer.Attributes !== undefined;
  }

  /**
   * Counts a failed attempt and keeps when the failures in a row began; a success resets
   * both. Answers the subscription as it now is; null when it is gone.
   */
  async recordOutcome(
    agencyCode: string,
    webhookId: string,
    ok: boolean,
    at: string,
  ): Promise<Subscription | null> {
    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.webhook(agencyCode, webhookId),
          UpdateExpression: ok
            ? 'SET consecutiveFailures = :zero REMOVE failingSince'
            : 'SET failingSince = if_not_exists(failingSince, :at) ADD consecutiveFailures :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: ok ? { ':zero': 0 } : { ':one': 1, ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return answer.Attributes ? strip<Subscription>(answer.Attributes) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /** Marks the owner warned of the failing spell that began at `failingSince`, once. */
  async markWarned(
    agencyCode: string,
    webhookId: string,
    failingSince: string,
    at: string,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.webhook(agencyCode, webhookId),
          UpdateExpression: 'SET warnedAt = :at',
          ConditionExpression:
            'failingSince = :since AND (attribute_not_exists(warnedAt) OR warnedAt < :since)',
          ExpressionAttributeValues: { ':at': at, ':since': failingSince },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Disables an active endpoint; answers false when it was already disabled (tell the owner once). */
  async disable(agencyCode: string, webhookId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.webhook(agencyCode, webhookId),
          UpdateExpression: 'SET #status = :disabled, disabledAt = :at',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * The event's per-dossier number: taken once from the dossier's counter, the same on every
   * retry. The counter moves and the event keeps its number in one transaction, so that a
   * crash, a failure or a concurrent copy of the event between the two can neither skip a
   * number nor give one twice.
   */
  async sequenceFor(consignmentRef: string, eventId: string, webhookIds: readonly string[]): Promise<number> {
    if (webhookIds.length > MAX_SUBSCRIPTIONS_PER_AGENCY)
      throw new Error(`An event goes to at most ${MAX_SUBSCRIPTIONS_PER_AGENCY} subscriptions`);
    for (let attempt = 0; attempt < MAX_SEQUENCE_ATTEMPTS; attempt++) {
      const [numbered, counter] = await Promise.all([
        this.client.send(
          new GetCommand({ TableName: this.table, Key: KEY.eventSequence(eventId), ConsistentRead: true }),
        ),
        this.client.send(
          new GetCommand({
            TableName: this.table,
            Key: KEY.callbackSequence(consignmentRef),
            ConsistentRead: true,
          }),
        ),
      ]);
      if (numbered.Item) return Number(numbered.Item.sequence);
      const last = Number(counter.Item?.lastSequence ?? 0);
      const sequence = last + 1;
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: KEY.callbackSequence(consignmentRef),
                  UpdateExpression: 'SET entity = :entity, lastSequence = :sequence',
                  ConditionExpression:
                    last === 0 ? 'attribute_not_exists(lastSequence)' : 'lastSequence = :last',
                  ExpressionAttributeValues: {
                    ':entity': ENTITY.sequence,
                    ':sequence': sequence,
                    ...(last === 0 ? {} : { ':last': last }),
                  },
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: { ...KEY.eventSequence(eventId), entity: ENTITY.sequence, sequence },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...webhookIds.map((webhookId) => ({
                Put: { TableName: this.table, Item: openRow(webhookId, consignmentRef, sequence, eventId) },
              })),
            ],
          }),
        );
        return sequence;
      } catch (error) {
        // Another event took the number, or a copy of this one numbered it, or the
        // transaction met another: read both again.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    throw new Error(
      `Event ${eventId} of ${consignmentRef} could not be numbered: its dossier's counter kept moving`,
    );
  }

  /** Records a delivery once; answers false when it already existed. */
  async createDelivery(delivery: Delivery): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: this.deliveryRow(delivery),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async delivery(webhookId: string, eventId: string): Promise<Delivery | null> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.delivery(webhookId, eventId), ConsistentRead: true }),
    );
    return answer.Item ? strip<Delivery>(answer.Item) : null;
  }

  /**
   * Takes the delivery's next attempt for one worker: only if it is still pending at the
   * attempt count that worker read, and nobody else holds it. A duplicate message gets false.
   */
  async claimAttempt(delivery: Delivery, now: Date, holdMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.delivery(delivery.webhookId, delivery.eventId),
          UpdateExpression: 'SET claimedUntil = :until',
          ConditionExpression:
            '#status = :pending AND attempts = :attempts AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':attempts': delivery.attempts,
            ':now': now.getTime(),
            ':until': now.getTime() + holdMs,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Saves the outcome of an attempt; the claim goes with it. A pending delivery stays open
   * for its dossier's order; a delivered or dead one no longer holds later ones back.
   */
  async saveDelivery(delivery: Delivery): Promise<void> {
    const put = { Put: { TableName: this.table, Item: this.deliveryRow(delivery) } };
    if (delivery.consignmentRef === undefined || delivery.sequence === undefined) {
      await this.client.send(new PutCommand(put.Put));
      return;
    }
    const open = openRow(delivery.webhookId, delivery.consignmentRef, delivery.sequence, delivery.eventId);
    const command = new TransactWriteCommand({
      TransactItems: [
        put,
        delivery.status === 'pending'
          ? { Put: { TableName: this.table, Item: open } }
          : { Delete: { TableName: this.table, Key: { pk: open.pk, sk: open.sk } } },
      ],
    });
    // No condition: a cancelled transaction only met another one at the same moment; try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(command);
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException) || attempt >= MAX_SAVE_ATTEMPTS) throw error;
        await sleep(Math.floor(Math.random() * 20 * attempt));
      }
    }
  }

  /** The earliest delivery of the dossier to this subscription still open before `sequence`. */
  earliestOpen(webhookId: string, consignmentRef: string, sequence: number) {
    return this.firstOpen(webhookId, consignmentRef, sequence, 'before');
  }

  /** The next delivery of the dossier to this subscription still open after `sequence`. */
  nextOpen(webhookId: string, consignmentRef: string, sequence: number) {
    return this.firstOpen(webhookId, consignmentRef, sequence, 'after');
  }

  private async firstOpen(
    webhookId: string,
    consignmentRef: string,
    sequence: number,
    side: 'before' | 'after',
  ): Promise<{ eventId: string; sequence: number } | null> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: `pk = :pk AND sk ${side === 'before' ? '<' : '>'} :sequence`,
        ExpressionAttributeValues: {
          ':pk': KEY.openDeliveries(webhookId, consignmentRef),
          ':sequence': KEY.openDelivery(webhookId, consignmentRef, sequence).sk,
        },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const row = answer.Items?.[0];
    return row ? { eventId: String(row.eventId), sequence: Number(row.sequence) } : null;
  }

  /** A subscription's deliveries of one day (Vietnam's date), oldest first, from `since`. */
  async deliveriesOfDay(webhookId: string, day: string, since: string): Promise<Delivery[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :day AND gsi2sk >= :since',
        ExpressionAttributeValues: { ':day': KEY.deliveriesOfDay(webhookId, day), ':since': since },
        Limit: MAX_REPLAY_DELIVERIES_PER_DAY,
      }),
    );
    return (answer.Items ?? []).map((row) => strip<Delivery>(row));
  }

  /** A subscription's deliveries of the days given (Vietnam's dates, newest first), newest first. */
  async recentDeliveries(
    webhookId: string,
    daysNewestFirst: readonly string[],
    limit: number,
    position?: BucketPosition,
  ): Promise<{ deliveries: Delivery[]; next: BucketPosition | null }> {
    const page = await pageAcrossBuckets(this.client, this.table, {
      index: 'gsi2',
      buckets: daysNewestFirst.map((day) => KEY.deliveriesOfDay(webhookId, day)),
      sortFrom: '0',
      sortTo: '9~',
      limit,
      position,
    });
    return { deliveries: page.rows.map((row) => strip<Delivery>(row)), next: page.next };
  }

  private deliveryRow({ claimedUntil: _claim, ...delivery }: Delivery & { claimedUntil?: number }): Row {
    const day = new Date(Date.parse(delivery.occurredAt) + 7 * 3_600_000).toISOString().slice(0, 10);
    return {
      ...KEY.delivery(delivery.webhookId, delivery.eventId),
      entity: ENTITY.delivery,
      gsi2pk: KEY.deliveriesOfDay(delivery.webhookId, day),
      gsi2sk: `${delivery.occurredAt}#${delivery.eventId}`,
      ...delivery,
    };
  }
}
