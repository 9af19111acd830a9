/**
 * Receipts in the table, numbered without gaps. Issuing reads the series counter and, in
 * one transaction, moves it on by one only if nobody else did, writes the receipt under
 * that number and claims the collection it receipts; if another issuer won the number, it
 * reads again and retries. A number therefore exists only with its receipt, and a
 * collection gets one receipt however often it is asked for.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import type { FinanceLine, Receipt } from '../../domain/money/model.ts';
import { type ReceiptRequest, receiptOf, receiptSeries, voidRefusal } from '../../domain/money/receipts.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { financeLineWrite } from './finance-lines.ts';
import { ENTITY, KEY } from './keys.ts';
import type { DynamoLedger } from './ledger-store.ts';

type Row = Record<string, NativeAttributeValue>;

/** Attempts at taking the next number before giving up (the caller retries later). */
export const MAX_ISSUE_ATTEMPTS = 60;

export type StoredReceipt = Receipt & { readonly sourceId: string };

function strip(row: Row): StoredReceipt {
  const { pk: _pk, sk: _sk, entity: _entity, ...receipt } = row;
  return receipt as StoredReceipt;
}

export class DynamoReceiptStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ledger: DynamoLedger,
  ) {}

  private async get(key: Row): Promise<Row | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return answer.Item;
  }

  async receipt(series: string, number: number): Promise<StoredReceipt | null> {
    const row = await this.get(KEY.receipt(series, number));
    return row ? strip(row) : null;
  }

  /** The ledger transfers by id (a receipt's collection), as stored. */
  async ledgerTransfers(ids: readonly string[]): Promise<Map<string, Transfer>> {
    return this.ledger.transfers(ids);
  }

  /** The receipt of a collection, if it was issued. */
  async receiptOfSource(sourceId: string): Promise<StoredReceipt | null> {
    const claim = await this.get(KEY.receiptFor(sourceId));
    return claim ? this.receipt(String(claim.series), Number(claim.number)) : null;
  }

  /** Issues the receipt of a collection, or answers the one it already has. */
  async issue(request: ReceiptRequest): Promise<StoredReceipt> {
    const series = receiptSeries(request.letters, request.issuedAt);
    for (let attempt = 0; attempt < MAX_ISSUE_ATTEMPTS; attempt += 1) {
      const existing = await this.receiptOfSource(request.sourceId);
      if (existing) return existing;
      const counter = await this.get(KEY.receiptCounter(series));
      const last = Number(counter?.last ?? 0);
      const receipt = receiptOf(request, last + 1);
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table,
                  Key: KEY.receiptCounter(series),
                  UpdateExpression: 'SET #last = :next, entity = :entity, agencyCode = :agency',
                  ConditionExpression: counter ? '#last = :last' : 'attribute_not_exists(pk)',
                  ExpressionAttributeNames: { '#last': 'last' },
                  ExpressionAttributeValues: {
                    ':next': receipt.number,
                    ':entity': ENTITY.receiptCounter,
                    ':agency': request.agencyCode,
                    ...(counter ? { ':last': last } : {}),
                  },
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: { ...KEY.receipt(series, receipt.number), entity: ENTITY.receipt, ...receipt },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    ...KEY.receiptFor(request.sourceId),
                    entity: ENTITY.receiptFor,
                    series,
                    number: receipt.number,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return receipt;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        // Another issuer took the number (or receipted this collection): read again.
        await sleep(Math.floor(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));
      }
    }
    throw new Error(`Receipt series ${series} stayed busy through ${MAX_ISSUE_ATTEMPTS} attempts`);
  }

  /**
   * Voids a receipt: it keeps its number and records why, and its fees go back to the payer
   * by reversing the collection's transfer, in the same transaction. A second void is refused.
   */
  async void(
    series: string,
    number: number,
    reason: string,
    voidedBy: string,
    at: string,
    reversal: Transfer | null,
    line: FinanceLine & { agencyCode: string },
  ): Promise<StoredReceipt> {
    const receipt = await this.receipt(series, number);
    if (!receipt)
      throw new DomainRefusal('not-found', `No receipt ${series}/${String(number).padStart(7, '0')}`);
    const refusal = voidRefusal(receipt, reason);
    if (refusal) throw refusal;
    const update = {
      Update: {
        TableName: this.table,
        Key: KEY.receipt(series, number),
        UpdateExpression: 'SET #status = :voided, voidedAt = :at, voidReason = :reason, voidedBy = :by',
        ConditionExpression: '#status = :issued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':voided': 'voided',
          ':issued': 'issued',
          ':at': at,
          ':reason': reason,
          ':by': voidedBy,
        },
      },
    };
    try {
      const posted = await this.ledger.post(reversal ? [reversal] : [], [
        update,
        financeLineWrite(this.table, line.agencyCode, line),
      ]);
      if (posted === 'replayed') {
        // Another void won: report its outcome, not ours.
        const now = await this.receipt(series, number);
        if (!now || now.voidedAt !== at || now.voidReason !== reason) {
          throw (
            (now && voidRefusal(now, reason)) ??
            new Error(`Receipt ${series}/${number} changed while voiding`)
          );
        }
      }
    } catch (error) {
      const now = await this.receipt(series, number);
      const again = now ? voidRefusal(now, reason) : null;
      if (again) throw again;
      throw error;
    }
    return { ...receipt, status: 'voided', voidedAt: at, voidReason: reason, voidedBy };
  }
}
