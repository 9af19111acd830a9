/** Items against the real DynamoDB Local: S10 allocation, and scans from many clients at once. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoItemStore, itemRow } from '../../functions/adapters/dynamodb/item-store.ts';
import { DynamoS10Series } from '../../functions/adapters/dynamodb/s10-series.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { newItem } from '../../functions/domain/items/items.ts';
import type { ScanInput } from '../../schemas/items.ts';
import { isValidS10 } from '../../schemas/s10.ts';

const SECRET = 'integration-delivery-code-secret-0000000000';
const store = () => new DynamoItemStore(dynamoDocumentClient(), tableName());
const series = () => new DynamoS10Series(dynamoDocumentClient(), tableName());

async function storedItem(itemCode: string, office: string) {
  const item = newItem({
    itemCode,
    direction: 'inbound',
    consignmentRef: 'PG0000000000AB',
    dossierCode: null,
    agencyCode: '000.00.06.H56',
    originOfficeCode: office,
    destinationOfficeCode: 'BC-HN-99',
    routeClass: 'within-province',
    addressee: { name: 'UBND', phone: null, addressLine: 'UBND', communeCode: null, provinceCode: '01' },
    collectAmountVnd: 0,
    feesAmountVnd: 0,
    // Registered before the scans the tests send, which go back an hour.
    createdAt: new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString(),
  });
  await dynamoDocumentClient().send(new PutCommand({ TableName: tableName(), Item: itemRow(item) }));
  return item;
}

describe('S10 series', () => {
  it('never hands out the same code twice, also when many allocate at once across chunk boundaries', async () => {
    const office = `BC-T${Date.now() % 100000}`;
    // Small chunks, so that many allocations cross chunk boundaries while racing.
    const chunked = new DynamoS10Series(dynamoDocumentClient(), tableName(), 7);
    const count = 150;
    const codes: string[] = [];
    for (let start = 0; start < count; start += 30) {
      const wave = Array.from({ length: Math.min(30, count - start) }, () => chunked.allocate(office, 'RL'));
      codes.push(...(await Promise.all(wave)));
    }
    expect(new Set(codes).size).toBe(count);
    for (const code of codes) expect(isValidS10(code)).toBe(true);
    // Another office's series draws other chunks.
    const other = await Promise.all(Array.from({ length: 20 }, () => chunked.allocate(`${office}X`, 'RL')));
    for (const code of other) expect(codes).not.toContain(code);
  });
});

describe('scans from several clients at once', () => {
  it('applies each scan exactly once', async () => {
    const office = 'BC-HN-07';
    const itemCodes = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const code = await series().allocate(`BC-C${Date.now() % 100000}`, 'RH');
        await storedItem(code, office);
        return code;
      }),
    );
    const base = Date.now() - 60 * 60 * 1000;
    const batch: ScanInput[] = itemCodes.flatMap((itemCode, index) =>
      (['pickup', 'depart', 'arrive'] as const).map((type, step) => ({
        scanId: `c-${index}-${step}-${itemCode}`,
        itemCode,
        type,
        occurredAt: new Date(base + step * 60_000).toISOString(),
        postOfficeCode: office,
      })),
    );
    const clients = 6;
    const results = await Promise.all(
      Array.from({ length: clients }, () =>
        ingestScans(store(), batch, {
          receivedAt: new Date(),
          callerOfficeCode: office,
          deliveryCodeSecret: SECRET,
        }),
      ),
    );
    // Across all clients, each scan was accepted exactly once; every other answer was a duplicate.
    for (let index = 0; index < batch.length; index += 1) {
      const answers = results.map((result) => result.outcomes[index]?.outcome);
      expect(answers.filter((outcome) => outcome === 'accepted')).toHaveLength(1);
      expect(answers.filter((outcome) => outcome === 'duplicate')).toHaveLength(clients - 1);
    }
    for (const itemCode of itemCodes) {
      const snapshot = await store().load(itemCode);
      expect(snapshot?.facts).toHaveLength(3);
      expect(snapshot?.item.status).toBe('in-transit');
      expect(snapshot?.item.factCount).toBe(3);
    }
  });
});
