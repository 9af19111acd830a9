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
  QueryCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { localDate } from '../../domain/calendar/working-days.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import { receiptNumberText } from '../../domain/money/model.ts';
import { type BucketPosition, pageAcrossBuckets } from './bucket-pages.ts';
import { financeLineWrite } from './finance-lines.ts';
import { ENTITY, KEY } from './keys.ts';
import type { DynamoLedger, TransactItem } from './ledger-store.ts';

type Row = Record<string, NativeAttributeValue>;

export type { StoredReceipt };

function strip(row: Row): StoredReceipt {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    gsi1pk: _1,
    gsi1sk: _1s,
    gsi2pk: _2,
    gsi2sk: _2s,
    gsi3pk: _3,
    gsi3sk: _3s,
    ...receipt
  } = row;
  return receipt as StoredReceipt;
}

/** Receipts are found by the agency's day (Vietnam's date) and by dossier, newest first. */
function receiptSearchKeys(receipt: StoredReceipt): Row {
  const issuedAt = new Date(receipt.issuedAt);
  const sortKey = `${issuedAt.toISOString()}#${receipt.series}#${receiptNumberText(receipt.number)}`;
  return {
    gsi1pk: KEY.agencyReceiptsOfDay(receipt.agencyCode, localDate(issuedAt)),
    gsi1sk: sortKey,
    gsi2pk: KEY.receiptsOfDossier(receipt.dossierRef),
    gsi2sk: sortKey,
    // The payer's lookup code (mã tra cứu) finds the receipt on the public lookup page.
    gsi3pk: KEY.receiptLookup(receipt.lookupCode),
    gsi3sk: `${receipt.series}#${receiptNumberText(receipt.number)}`,
  };
}

export interface ReceiptPage {
  readonly receipts: StoredReceipt[];
  readonly next: BucketPosition | null;
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

  /** The receipt that carries a lookup code; null when none does. */
  async byLookupCode(lookupCode: string): Promise<StoredReceipt | null> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.receiptLookup(lookupCode) },
        Limit: 2,
      }),
    );
    const row = answer.Items?.[0];
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

  /** An agency's receipts issued on the days given (newest first), a page at a time. */
  async ofAgencyDays(
    agencyCode: string,
    daysNewestFirst: readonly string[],
    limit: number,
    position?: BucketPosition,
  ): Promise<ReceiptPage> {
    const page = await pageAcrossBuckets(this.client, this.table, {
      index: 'gsi1',
      buckets: daysNewestFirst.map((day) => KEY.agencyReceiptsOfDay(agencyCode, day)),
      sortFrom: '0',
      sortTo: '9~',
      limit,
      position,
    });
    return { receipts: page.rows.map(strip), next: page.next };
  }

  /** The receipts issued for a dossier under any of its references, newest first. */
  async ofDossier(
    dossierRefs: readonly string[],
    limit: number,
    position?: BucketPosition,
  ): Promise<ReceiptPage> {
    const page = await pageAcrossBuckets(this.client, this.table, {
      index: 'gsi2',
      buckets: dossierRefs.map((ref) => KEY.receiptsOfDossier(ref)),
      sortFrom: '0',
      sortTo: '9~',
      limit,
      position,
    });
    return { receipts: page.rows.map(strip), next: page.next };
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
                Item: {
                  ...KEY.receipt(series, receipt.number),
                  entity: ENTITY.receipt,
                  ...receiptSearchKeys(receipt),
                  ...receipt,
                },
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
