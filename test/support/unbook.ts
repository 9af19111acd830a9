/**
 * Removes one fact's booking from the books, as if the ledger's message had been lost before
 * it was booked: the fact's ledger mark, its claim on the item's due, and its transfers with
 * their entries and their share of the balances — all in one transaction. For the tests of
 * the facts-to-ledger check only.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoLedger, type TransactItem } from '../../functions/adapters/dynamodb/ledger-store.ts';
import type { DynamoDBDocumentClient } from '../../functions/commons/sdk/lib-dynamodb.ts';
import type { Transfer } from '../../functions/domain/money/ledger.ts';

const TRANSFER_PARTS = ['fees', 'postage', 'over'] as const;

export async function unbookFact(
  client: DynamoDBDocumentClient,
  table: string,
  itemCode: string,
  factId: string,
): Promise<number> {
  const ledger = new DynamoLedger(client, table);
  const known = await ledger.transfers(TRANSFER_PARTS.map((part) => `${itemCode}:${factId}:${part}`));
  const transfers = [...known.values()].map(({ contentHash: _hash, ...transfer }) => transfer as Transfer);
  const undo: TransactItem[] = ledger.writesFor(transfers).map((write) => {
    if (write.Put)
      return { Delete: { TableName: table, Key: { pk: write.Put.Item?.pk, sk: write.Put.Item?.sk } } };
    const update = write.Update!;
    const values = update.ExpressionAttributeValues ?? {};
    return {
      Update: {
        ...update,
        ExpressionAttributeValues: {
          ...values,
          ':change': -Number(values[':change']),
          ':debits': -Number(values[':debits']),
          ':credits': -Number(values[':credits']),
        },
      },
    };
  });
  undo.push({ Delete: { TableName: table, Key: KEY.ledgerMark(itemCode, factId) } });
  const due = await client.send(new GetCommand({ TableName: table, Key: KEY.itemDue(itemCode) }));
  if (due.Item?.factId === factId) undo.push({ Delete: { TableName: table, Key: KEY.itemDue(itemCode) } });
  await client.send(new TransactWriteCommand({ TransactItems: undo }));
  return transfers.reduce((sum, transfer) => sum + transfer.amount, 0);
}
