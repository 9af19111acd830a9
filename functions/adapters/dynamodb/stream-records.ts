/**
 * What a record of the table stream means, read at the edge: its images unmarshalled and
 * checked with the row schemas of `app/messages.ts`. A record whose row does not match is
 * `MalformedRecord`, with the zod issues as its reason; nothing below the edge sees it.
 */
import type { DynamoDBRecord, AttributeValue as StreamAttributeValue } from 'aws-lambda';
import type { z } from 'zod';
import type { StreamChange } from '../../app/events/publish-events.ts';
import {
  EventRowSchema,
  FactRowSchema,
  ItemRowSchema,
  RatingRowSchema,
  RemittanceRowSchema,
} from '../../app/messages.ts';
import { issuesOf } from '../../commons/queue-consumer.ts';
import { unmarshall } from '../../commons/sdk/util-dynamodb.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { itemStatusEvent } from '../../domain/events.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import type { ItemChange } from '../../domain/items/worklist.ts';
import { LEDGER_FACT_TYPES } from '../../domain/money/collections.ts';
import type { Rating } from '../../domain/satisfaction.ts';
import { ENTITY } from './keys.ts';

export class MalformedRecord extends Error {
  override readonly name = 'MalformedRecord';
}

type Image = Record<string, StreamAttributeValue>;

const rowOf = <S extends z.ZodType>(schema: S, image: Image, what: string): z.output<S> => {
  const parsed = schema.safeParse(unmarshall(image as never));
  if (!parsed.success) throw new MalformedRecord(`${what}: ${issuesOf(parsed.error)}`);
  return parsed.data;
};

const itemOf = (image: Image | undefined): ItemRecord | null => {
  if (image?.entity?.S !== ENTITY.item) return null;
  const { pk: _pk, sk: _sk, entity: _entity, ...item } = rowOf(ItemRowSchema, image, 'item row');
  return item as unknown as ItemRecord;
};

/** The item a stream record changed, before and after; null for records of anything else. */
export function itemChange(record: DynamoDBRecord): ItemChange | null {
  const { NewImage: after, OldImage: before } = record.dynamodb ?? {};
  if (after?.entity?.S !== ENTITY.item && before?.entity?.S !== ENTITY.item) return null;
  return { before: itemOf(before), after: itemOf(after) };
}

function ledgerFact(record: DynamoDBRecord, image: Image): StreamChange | null {
  if (record.eventName !== 'INSERT' || image.entity?.S !== ENTITY.fact) return null;
  if (!LEDGER_FACT_TYPES.has(image.type?.S ?? '')) return null;
  const { pk, factId, type, occurredAt, postOfficeCode, staffId, collected } = rowOf(
    FactRowSchema,
    image,
    'fact row',
  );
  const fact = {
    factId,
    type,
    occurredAt,
    postOfficeCode,
    ...(staffId ? { staffId } : {}),
    ...(collected ? { collected } : {}),
  };
  return { kind: 'ledger-fact', message: { itemCode: pk.slice('ITEM#'.length), fact } };
}

/** What one stream record means: an event to announce, a fact to book, a rating to count, an item change, or nothing. */
export function decodeStreamRecord(record: DynamoDBRecord): StreamChange {
  const image = record.dynamodb?.NewImage;
  const item = itemChange(record);
  if (!image || record.eventName === 'REMOVE') return item ? { kind: 'item', item } : { kind: 'none' };
  const fact = ledgerFact(record, image);
  if (fact) return fact;
  if (record.eventName === 'INSERT' && image.entity?.S === ENTITY.rating) {
    const { pk: _pk, sk: _sk, entity: _entity, ...rating } = rowOf(RatingRowSchema, image, 'rating row');
    return { kind: 'rating', rating: rating as Rating };
  }
  if (record.eventName === 'INSERT' && image.entity?.S === ENTITY.remittance) {
    const { reference, agencyCode, postOfficeCode, amount, createdAt } = rowOf(
      RemittanceRowSchema,
      image,
      'remittance row',
    );
    return { kind: 'remittance', remittance: { reference, agencyCode, postOfficeCode, amount, createdAt } };
  }
  if (record.eventName === 'INSERT' && image.entity?.S === ENTITY.event) {
    const { pk: _pk, sk: _sk, entity: _entity, ...event } = rowOf(EventRowSchema, image, 'event row');
    return { kind: 'event', event: event as DomainEvent };
  }
  if (item?.after) {
    const committedAt = new Date((record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000);
    const event = itemStatusEvent(item.before, item.after, committedAt.toISOString());
    return event ? { kind: 'event', event, item } : { kind: 'item', item };
  }
  return item ? { kind: 'item', item } : { kind: 'none' };
}
