import { it } from 'vitest';
import { DynamoLedger } from '../../functions/adapters/dynamodb/ledger-store.ts';
import { DynamoReceiptStore } from '../../functions/adapters/dynamodb/receipt-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';

it('measures', async () => {
  for (const [workers, count] of [
    [1, 30],
    [4, 60],
    [12, 120],
    [12, 60],
  ] as const) {
    const client = dynamoDocumentClient();
    let tx = 0;
    let gets = 0;
    const counting = {
      send: (cmd: any) => {
        if (cmd.constructor.name === 'TransactWriteCommand') tx++;
        else gets++;
        return client.send(cmd);
      },
    } as any;
    const store = new DynamoReceiptStore(counting, tableName(), new DynamoLedger(client, tableName()));
    const letters = Array.from(
      { length: 6 },
      () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(Math.random() * 26)],
    ).join('');
    let next = 0;
    const started = Date.now();
    const maxAttempts: number[] = [];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < count) {
          const n = next++;
          const before = tx;
          await store.issue({
            sourceId: `S${letters}${n}`,
            letters,
            agencyCode: 'A',
            agencyName: 'A',
            postOfficeCode: 'B',
            payerName: 'P',
            dossierRef: 'D',
            itemCode: 'I',
            lines: [],
            amount: 1,
            amountInWords: 'x',
            method: 'cash',
            issuedAt: '2026-06-15T03:00:00Z',
            issuedBy: null,
          });
          void before;
        }
      }),
    );
    console.log(workers, count, 'ms', Date.now() - started, 'tx', tx, 'gets', gets);
  }
}, 120_000);
