/**
 * Receipts in the table, behind the receipt use cases' port. Issuing writes, in one
 * transaction, the series counter moved on by one only if nobody else moved it, the
 * receipt under that number and the claim of the collection it receipts; a void marks the
 * receipt, posts the reversal and writes the void line in one transaction.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { ReceiptBooks, ReceiptVoid, StoredReceipt } from '../../app/money/ports.ts';
import { TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import { financeLineWrite } from './finance-lines.ts';
import { ENTITY, KEY } from './keys.ts';
import type { DynamoLedger, TransactItem } from './ledger-store.ts';

type Row = Record<string, NativeAttributeValue>;

export type { StoredReceipt };

function strip(row: Row): StoredReceipt {
  const { pk: _pk, sk: _sk, entity: _entity, ...receipt } = row;
  return receipt as StoredReceipt;
}

export class DynamoReceiptStore implements ReceiptBooks {
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
  async collectionOf(transferId: string): Promise<Transfer | undefined> {
    return (await this.ledger.transfers([transferId])).get(transferId);
  }

  /** The receipt of a collection, if it was issued. */
  async receiptOfSource(sourceId: string): Promise<StoredReceipt | null> {
    const claim = await this.get(KEY.receiptFor(sourceId));
    return claim ? this.receipt(String(claim.series), Number(claim.number)) : null;
  }

  async lastNumber(series: string): Promise<number | null> {
    const counter = await this.get(KEY.receiptCounter(series));
    return counter ? Number(counter.last) : null;
  }

  async commitIssue(receipt: StoredReceipt, last: number | null): Promise<'committed' | 'taken'> {
    const { series } = receipt;
    const counter: TransactItem = {
      Update: {
        TableName: this.table,
        Key: KEY.receiptCounter(series),
        UpdateExpression: 'SET #last = :next, entity = :entity, agencyCode = :agency',
        ConditionExpression: last !== null ? '#last = :last' : 'attribute_not_exists(pk)',
        ExpressionAttributeNames: { '#last': 'last' },
        ExpressionAttributeValues: {
          ':next': receipt.number,
          ':entity': ENTITY.receiptCounter,
          ':agency': receipt.agencyCode,
          ...(last !== null ? { ':last': last } : {}),
        },
      },
    };
    const claim: Row = {
      ...KEY.receiptFor(receipt.sourceId),
      entity: ENTITY.receiptFor,
      series,
      number: receipt.number,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            counter,
            {
              Put: {
                TableName: this.table,
                Item: { ...KEY.receipt(series, receipt.number), entity: ENTITY.receipt, ...receipt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.table, Item: claim, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return 'committed';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'taken';
      throw error;
    }
  }

  async commitVoid(input: ReceiptVoid): Promise<'posted' | 'replayed'> {
    const { receipt, line } = input;
    const update: TransactItem = {
      Update: {
        TableName: this.table,
        Key: KEY.receipt(receipt.series, receipt.number),
        UpdateExpression: 'SET #status = :voided, voidedAt = :at, voidReason = :reason, voidedBy = :by',
        ConditionExpression: '#status = :issued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':voided': 'voided',
          ':issued': 'issued',
          ':at': input.at,
          ':reason': input.reason,
          ':by': input.voidedBy,
        },
      },
    };
    return this.ledger.post(input.reversal ? [input.reversal] : [], [
      update,
      financeLineWrite(this.table, line.agencyCode, line),
    ]);
  }
}
