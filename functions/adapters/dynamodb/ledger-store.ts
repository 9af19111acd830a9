/**
 * The ledger in the table. A transfer is one transaction of five writes: the transfer
 * record (which exists at most once: its id is the idempotency key), its two entries, and
 * the two balances it changes. Entries are kept per account and month, by time. Each
 * account's balance is spread over a few shards chosen by the transfer id, so that no item
 * is written by every transfer of a busy account (an office's revenue, an agency's fees);
 * reading a balance sums the shards.
 */

import { createHash } from 'node:crypto';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { localDate } from '../../domain/calendar/working-days.ts';
import {
  type Entry,
  entriesOf,
  type Transfer,
  transferHash,
  transferProblem,
} from '../../domain/money/ledger.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { ENTITY, KEY } from './keys.ts';

type Row = Record<string, NativeAttributeValue>;
export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** Balance shards per account. */
export const BALANCE_SHARDS = 8;
/** DynamoDB's limit of writes in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Writes per transfer: the transfer, two entries, two balance shards. */
const WRITES_PER_TRANSFER = 5;
/** The widest period an account's entries may be asked for. */
export const MAX_ENTRY_RANGE_DAYS = 366;
export const MAX_ENTRIES_PAGE = 500;

const shardOf = (transferId: string): number =>
  createHash('sha256').update(transferId).digest().readUInt16BE(0) % BALANCE_SHARDS;

/** The month (UTC+7) of an instant, `YYYY-MM`. */
export const vietnamMonth = (iso: string): string => localDate(new Date(iso)).slice(0, 7);

/** A group of writes was refused: the ids of transfers posted before with other content, or the reasons per write. */
export class PostingConflict extends Error {
  constructor(
    message: string,
    readonly reasons: readonly (string | undefined)[],
  ) {
    super(message);
    this.name = 'PostingConflict';
  }
}

export class DynamoLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** The writes that post these transfers, to join with other writes in one transaction. */
  writesFor(transfers: readonly Transfer[]): TransactItem[] {
    const writes: TransactItem[] = [];
    // One update per balance shard: a transaction may not touch an item twice.
    const shards = new Map<
      string,
      { account: string; shard: number; change: number; debits: number; credits: number }
    >();
    for (const transfer of transfers) {
      const problem = transferProblem(transfer);
      if (problem) throw new DomainRefusal('unprocessable', problem);
      writes.push({
        Put: {
          TableName: this.table,
          Item: {
            ...KEY.transfer(transfer.transferId),
            entity: ENTITY.transfer,
            ...transfer,
            contentHash: transferHash(transfer),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      const shard = shardOf(transfer.transferId);
      for (const entry of entriesOf(transfer)) {
        writes.push({
          Put: {
            TableName: this.table,
            Item: {
              ...KEY.entry(entry.account, vietnamMonth(entry.at), entry),
              entity: ENTITY.entry,
              ...entry,
            },
          },
        });
        const key = `${entry.account}#${shard}`;
        const sums = shards.get(key) ?? { account: entry.account, shard, change: 0, debits: 0, credits: 0 };
        sums.change += entry.change;
        if (entry.side === 'debit') sums.debits += entry.amount;
        else sums.credits += entry.amount;
        shards.set(key, sums);
      }
    }
    for (const sums of shards.values()) {
      writes.push({
        Update: {
          TableName: this.table,
          Key: KEY.balanceShard(sums.account, sums.shard),
          UpdateExpression: 'ADD balance :change, debits :debits, credits :credits SET entity = :entity',
          ExpressionAttributeValues: {
            ':change': sums.change,
            ':debits': sums.debits,
            ':credits': sums.credits,
            ':entity': ENTITY.balance,
          },
        },
      });
    }
    return writes;
  }

  /**
   * Posts transfers, and any other writes given, in one transaction: all or nothing. When
   * every transfer was already posted with the same content (and no other write was
   * refused), nothing happens and the answer is 'replayed'. A transfer posted before with
   * other content is a conflict; another write refused by its condition is a PostingConflict.
   */
  async post(
    transfers: readonly Transfer[],
    others: readonly TransactItem[] = [],
  ): Promise<'posted' | 'replayed'> {
    if (transfers.length * WRITES_PER_TRANSFER + others.length > MAX_TRANSACTION_ITEMS)
      throw new RangeError(`At most ${MAX_TRANSACTION_ITEMS} writes in one posting`);
    if (new Set(transfers.map((t) => t.transferId)).size !== transfers.length)
      throw new DomainRefusal('unprocessable', 'A transfer id appears twice in one posting');
    const own = this.writesFor(transfers);
    const writes = [...own, ...others];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: writes }));
      return 'posted';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      // Replayed only when nothing but the transfers' own existence refused the posting.
      const othersRefused = reasons.slice(own.length).some((code) => code === 'ConditionalCheckFailed');
      const known = await this.transfers(transfers.map((t) => t.transferId));
      const same = transfers.every((t) => known.get(t.transferId)?.contentHash === transferHash(t));
      if (transfers.length > 0 && same && !othersRefused) return 'replayed';
      const clashing = transfers.filter((t) => {
        const found = known.get(t.transferId);
        return found !== undefined && found.contentHash !== transferHash(t);
      });
      if (clashing.length > 0)
        throw new DomainRefusal(
          'conflict',
          `Transfer ${clashing.map((t) => t.transferId).join(', ')} was posted before with other content`,
        );
      throw new PostingConflict('The posting was refused by a condition', reasons);
    }
  }

  /** Stored transfers by id, with their content fingerprints. */
  async transfers(ids: readonly string[]): Promise<Map<string, Transfer & { contentHash: string }>> {
    const found = new Map<string, Transfer & { contentHash: string }>();
    for (let start = 0; start < ids.length; start += 100) {
      const answer = await this.client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.table]: {
              Keys: ids.slice(start, start + 100).map((id) => KEY.transfer(id)),
              ConsistentRead: true,
            },
          },
        }),
      );
      for (const row of answer.Responses?.[this.table] ?? []) {
        const { pk: _pk, sk: _sk, entity: _entity, ...transfer } = row;
        found.set(String(row.transferId), transfer as Transfer & { contentHash: string });
      }
    }
    return found;
  }

  /** An account's balance (debits − credits) and its totals, summed over its shards. */
  async balance(accountId: string): Promise<{ balance: number; debits: number; credits: number }> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
        ExpressionAttributeValues: {
          ':pk': KEY.accountPartition(accountId),
          ':shard': KEY.balanceShardPrefix,
        },
        ConsistentRead: true,
        Limit: BALANCE_SHARDS,
      }),
    );
    const total = { balance: 0, debits: 0, credits: 0 };
    for (const row of answer.Items ?? []) {
      total.balance += Number(row.balance ?? 0);
      total.debits += Number(row.debits ?? 0);
      total.credits += Number(row.credits ?? 0);
    }
    return total;
  }

  /**
   * An account's entries from `from` to `to` (inclusive, ISO times), oldest first, a page
   * at a time. The cursor is opaque to callers.
   */
  async entries(
    accountId: string,
    from: string,
    to: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ entries: Entry[]; next: string | undefined }> {
    const months = monthsBetween(vietnamMonth(from), vietnamMonth(to));
    let position = cursor
      ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as PageCursor)
      : { m: 0 };
    const entries: Entry[] = [];
    while (position.m < months.length && entries.length < limit) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': KEY.entriesPartition(accountId, months[position.m]!),
            ':from': new Date(from).toISOString(),
            ':to': `${new Date(to).toISOString()}~`,
          },
          Limit: limit - entries.length,
          ExclusiveStartKey: position.k,
        }),
      );
      for (const row of answer.Items ?? []) {
        const { pk: _pk, sk: _sk, entity: _entity, ...entry } = row;
        entries.push(entry as Entry);
      }
      position = answer.LastEvaluatedKey
        ? { m: position.m, k: answer.LastEvaluatedKey }
        : { m: position.m + 1 };
    }
    const more = position.m < months.length;
    return { entries, next: more ? Buffer.from(JSON.stringify(position)).toString('base64url') : undefined };
  }
}

interface PageCursor {
  readonly m: number;
  readonly k?: Row;
}

/** The months from one to another inclusive, `YYYY-MM`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 240; guard += 1) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) break;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
