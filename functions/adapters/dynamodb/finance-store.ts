/**
 * The post's books in the table, beside the ledger (the rows behind the money use cases' ports): what each item's facts meant for money,
 * remittances, cash hand-ins, imported bank lines and the nightly reconciliations. Every
 * write that moves money goes through the ledger in the same transaction as the record
 * that explains it.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type {
  BankBooks,
  DailyReconciliationBooks,
  FactBooking,
  FactBooks,
  ItemPaymentConfirmation,
  RecordedPayment,
  RemittanceConfirmation,
  StatementBooks,
} from '../../app/money/ports.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import type { CashHandin, CollectionRepair, FinanceLine, Remittance } from '../../domain/money/model.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { financeLinesOfDay, financeLineWrite } from './finance-lines.ts';
import { ENTITY, KEY } from './keys.ts';
import { type DynamoLedger, PostingConflict, type TransactItem, vietnamMonth } from './ledger-store.ts';
import { queryPages } from './query-pages.ts';

type Row = Record<string, NativeAttributeValue>;

/** An office hands in cash a few times a day per staff member: a month's list is bounded by this. */
const MAX_HANDINS_PER_MONTH = 20_000;
const MAX_REMITTANCES_PER_MONTH = 400;
/** Dossiers of one agency registered in one day, at most (the busiest one-stop shops take a few hundred). */
const MAX_DOSSIERS_PER_DAY = 20_000;

/** Pages of a month's repairs read for a statement, at most (a repair is the exception, not the rule). */
const MAX_REPAIR_PAGES = 20;

const repairWrite = (table: string, repair: CollectionRepair): TransactItem => ({
  Put: {
    TableName: table,
    Item: {
      ...KEY.collectionRepair(
        repair.agencyCode,
        vietnamMonth(repair.collectedAt),
        repair.collectedAt,
        repair.itemCode,
        repair.factId,
      ),
      entity: ENTITY.collectionRepair,
      ...repair,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const strip = <T>(row: Row): T => {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g, gsi1sk: _gs, ...rest } = row;
  return rest as T;
};

export class DynamoFinanceStore implements FactBooks, BankBooks, StatementBooks, DailyReconciliationBooks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    readonly ledger: DynamoLedger,
  ) {}

  private async get(key: Row): Promise<Row | undefined> {
    return (await this.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })))
      .Item;
  }

  private async queryIndex(indexKey: string, limit: number): Promise<Row[]> {
    const rows: Row[] = [];
    const pages = queryPages(
      this.client,
      {
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKey },
      },
      { maxPages: limit + 1 },
    );
    for await (const page of pages) {
      rows.push(...page);
      if (rows.length > limit) throw new Error(`More than ${limit} records under ${indexKey}`);
    }
    return rows;
  }

  financeLinesOfDay(agencyCode: string, day: string): AsyncIterable<FinanceLine> {
    return financeLinesOfDay(this.client, this.table, agencyCode, day);
  }

  async bookedFees(itemCode: string, factId: string): Promise<number | null> {
    const mark = await this.get(KEY.ledgerMark(itemCode, factId));
    return mark ? Number(mark.fees ?? 0) : null;
  }

  async dueRecorded(itemCode: string): Promise<boolean> {
    return (await this.get(KEY.itemDue(itemCode))) !== undefined;
  }

  /** The fact's mark, the item's due when it records it, its finance lines and transfers: one transaction. */
  async commitBooking(booking: FactBooking): Promise<'committed' | 'conflict'> {
    const { item, fact, parts } = booking;
    const mark: Row = {
      ...KEY.ledgerMark(item.itemCode, fact.factId),
      entity: ENTITY.ledgerMark,
      factId: fact.factId,
      factType: fact.type,
      agencyCode: item.agencyCode,
      postOfficeCode: fact.postOfficeCode,
      at: fact.occurredAt,
      ...(fact.collected
        ? {
            method: fact.collected.method,
            amount: fact.collected.amount,
            fees: parts.fees,
            postage: parts.postage,
          }
        : {}),
    };
    const due: Row = {
      ...KEY.itemDue(item.itemCode),
      entity: ENTITY.itemDue,
      factId: fact.factId,
      at: fact.occurredAt,
    };
    const writes: TransactItem[] = [
      { Put: { TableName: this.table, Item: mark, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(booking.recordsDue
        ? [{ Put: { TableName: this.table, Item: due, ConditionExpression: 'attribute_not_exists(pk)' } }]
        : []),
      ...booking.lines.map((line) => financeLineWrite(this.table, item.agencyCode, line)),
      ...(booking.repair ? [repairWrite(this.table, booking.repair)] : []),
    ];
    try {
      await this.ledger.post(booking.transfers, writes);
      return 'committed';
    } catch (error) {
      if (error instanceof PostingConflict) return 'conflict';
      throw error;
    }
  }

  /** The collections the facts-to-ledger check booked in a month, in the order they were collected. */
  async repairsOf(agencyCode: string, month: string): Promise<CollectionRepair[]> {
    const rows: Row[] = [];
    const pages = queryPages(
      this.client,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.collectionRepairs(agencyCode, month) },
      },
      { maxPages: MAX_REPAIR_PAGES },
    );
    for await (const page of pages) rows.push(...page);
    return rows.map((row) => strip<CollectionRepair>(row));
  }

  /** The payments recorded at an item's scans. */
  async paymentsOf(itemCode: string): Promise<RecordedPayment[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mark)',
        ExpressionAttributeValues: { ':pk': KEY.item(itemCode).pk, ':mark': KEY.ledgerMarkPrefix },
        ConsistentRead: true,
        Limit: 100,
      }),
    );
    return (answer.Items ?? [])
      .filter((row) => row.method !== undefined)
      .map((row) => ({
        factId: String(row.factId),
        agencyCode: String(row.agencyCode),
        postOfficeCode: String(row.postOfficeCode),
        method: row.method as 'cash' | 'vietqr',
        amount: Number(row.amount),
        fees: Number(row.fees ?? 0),
        postage: Number(row.postage ?? 0),
        at: String(row.at),
      }));
  }

  /** What the bank already confirmed for an item's VietQR payments. */
  async bankConfirmedForItem(itemCode: string): Promise<number> {
    const row = await this.get(KEY.itemBank(itemCode));
    return Number(row?.confirmed ?? 0);
  }

  /** Whether a bank line was imported before. */
  async bankLineKnown(lineId: string): Promise<boolean> {
    return (await this.get(KEY.bankLine(lineId))) !== undefined;
  }

  private bankLineMark(lineId: string, outcome: string, target: string, importId: string): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: { ...KEY.bankLine(lineId), entity: ENTITY.bankLine, outcome, target, importId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** A bank line that pays for an item's VietQR collection: confirmed, in one transaction. */
  async confirmItemPayment(input: ItemPaymentConfirmation): Promise<'posted' | 'duplicate'> {
    const writes: TransactItem[] = [
      this.bankLineMark(input.lineId, input.outcome, input.line.key, input.importId),
      {
        Update: {
          TableName: this.table,
          Key: KEY.itemBank(input.line.key),
          UpdateExpression: 'ADD confirmed :amount SET entity = :entity',
          ExpressionAttributeValues: { ':amount': input.transfer.amount, ':entity': ENTITY.itemBank },
        },
      },
      financeLineWrite(this.table, input.agencyCode, input.line),
    ];
    return this.postOnce(input.lineId, [input.transfer], writes);
  }

  /** A bank line that confirms a remittance left the account. */
  async confirmRemittance(input: RemittanceConfirmation): Promise<'posted' | 'duplicate'> {
    const writes: TransactItem[] = [
      this.bankLineMark(input.lineId, input.outcome, input.reference, input.importId),
      {
        Update: {
          TableName: this.table,
          Key: KEY.remittance(input.reference),
          UpdateExpression: 'ADD bankConfirmed :amount SET bankConfirmedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':amount': input.transfer.amount, ':at': input.bookedAt },
        },
      },
    ];
    return this.postOnce(input.lineId, [input.transfer], writes);
  }

  private async postOnce(
    lineId: string,
    transfers: Transfer[],
    writes: TransactItem[],
  ): Promise<'posted' | 'duplicate'> {
    try {
      await this.ledger.post(transfers, writes);
      return 'posted';
    } catch (error) {
      if (error instanceof PostingConflict && (await this.bankLineKnown(lineId))) return 'duplicate';
      throw error;
    }
  }

  async remittance(reference: string): Promise<Remittance | null> {
    const row = await this.get(KEY.remittance(reference));
    return row ? strip<Remittance>(row) : null;
  }

  /**
   * Records a remittance and its transfer. Each day of its period is claimed, so no day's
   * fees are remitted twice, even by remittances asked for at the same time.
   */
  async recordRemittance(remittance: Remittance, days: readonly string[], transfer: Transfer): Promise<void> {
    const writes: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...KEY.remittance(remittance.reference),
            entity: ENTITY.remittance,
            gsi1pk: KEY.agencyRemittances(remittance.agencyCode, remittance.periodStart.slice(0, 7)),
            gsi1sk: `${remittance.periodStart}#${remittance.reference}`,
            ...remittance,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...days.map((day) => ({
        Put: {
          TableName: this.table,
          Item: {
            ...KEY.remittedDay(remittance.agencyCode, day),
            entity: ENTITY.remittedDay,
            reference: remittance.reference,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
    try {
      await this.ledger.post([transfer], writes);
    } catch (error) {
      if (!(error instanceof PostingConflict)) throw error;
      const claims = await Promise.all(
        days.map((day) => this.get(KEY.remittedDay(remittance.agencyCode, day))),
      );
      const taken = days.flatMap((day, i) => (claims[i] ? [`${day} (${claims[i]!.reference})`] : []));
      throw new DomainRefusal(
        'conflict',
        taken.length > 0
          ? `Fees of ${taken.join(', ')} were already remitted`
          : 'The remittance could not be recorded; ask again',
      );
    }
  }

  async remittancesOf(agencyCode: string, month: string): Promise<Remittance[]> {
    const rows = await this.queryIndex(KEY.agencyRemittances(agencyCode, month), MAX_REMITTANCES_PER_MONTH);
    return rows
      .map((row) => strip<Remittance>(row))
      .sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  }

  async recordHandin(handin: CashHandin, transfers: readonly Transfer[]): Promise<void> {
    await this.ledger.post(transfers, [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...KEY.handin(handin.handinId),
            entity: ENTITY.handin,
            gsi1pk: KEY.officeHandins(handin.postOfficeCode, vietnamMonth(handin.at)),
            gsi1sk: `${handin.at}#${handin.handinId}`,
            ...handin,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
  }

  async handinsOf(postOfficeCode: string, month: string): Promise<CashHandin[]> {
    const rows = await this.queryIndex(KEY.officeHandins(postOfficeCode, month), MAX_HANDINS_PER_MONTH);
    return rows.map((row) => strip<CashHandin>(row)).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** One page of an office's hand-ins of a month, newest first, from where the last page stopped. */
  async handinsPage(
    postOfficeCode: string,
    month: string,
    limit: number,
    startKey: Row | undefined,
  ): Promise<{ handins: CashHandin[]; next: Row | undefined }> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.officeHandins(postOfficeCode, month) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      handins: (answer.Items ?? []).map((row) => strip<CashHandin>(row)),
      next: answer.LastEvaluatedKey,
    };
  }

  /** An agency's dossiers registered on the given days, counted by status. */
  async dossierCounts(agencyCode: string, days: readonly string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const day of days) {
      let seen = 0;
      const pages = queryPages(
        this.client,
        {
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': KEY.agencyDossiersOfDay(agencyCode, day) },
          ExpressionAttributeNames: { '#status': 'status' },
          ProjectionExpression: '#status',
        },
        { maxPages: MAX_DOSSIERS_PER_DAY + 1 },
      );
      for await (const rows of pages) {
        for (const row of rows) {
          const status = String(row.status);
          counts[status] = (counts[status] ?? 0) + 1;
        }
        seen += rows.length;
        if (seen > MAX_DOSSIERS_PER_DAY)
          throw new Error(`More than ${MAX_DOSSIERS_PER_DAY} dossiers on ${day}`);
      }
    }
    return counts;
  }

  /** The nightly reconciliation of an agency's day, kept once: a second run finds the first. */
  async keepDailyReconciliation(
    agencyCode: string,
    day: string,
    report: Record<string, unknown>,
  ): Promise<'kept' | 'existing'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...KEY.dailyReconciliation(agencyCode, day),
            entity: ENTITY.dailyReconciliation,
            agencyCode,
            day,
            ...report,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'kept';
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'existing';
      throw error;
    }
  }

  async dailyReconciliation(agencyCode: string, day: string): Promise<Row | null> {
    const row = await this.get(KEY.dailyReconciliation(agencyCode, day));
    return row ? strip<Row>(row) : null;
  }
}
