/** The anomaly store against DynamoDB Local: raised once, listed per office and status, resolved once with the item. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoAnomalyStore } from '../../functions/adapters/dynamodb/anomaly-store.ts';
import { DynamoItemStore, itemRow } from '../../functions/adapters/dynamodb/item-store.ts';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { raiseItemAnomalies, resolveAnomalyCase } from '../../functions/app/anomalies/anomalies.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { newItem } from '../../functions/domain/items/items.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';

const ports = () => ({
  anomalies: new DynamoAnomalyStore(dynamoDocumentClient(), tableName()),
  items: new DynamoItemStore(dynamoDocumentClient(), tableName()),
});

describe('the anomaly store', () => {
  it('lists a flagged scan for both offices of its item, and resolves it once with the item and the fact', async () => {
    const run = Date.now() % 100_000;
    const origin = `BC-AO${run}`;
    const destination = `BC-AD${run}`;
    const itemCode = `RH${String(run).padStart(8, '0')}5VN`;
    const { items, anomalies } = ports();
    const item = newItem({
      itemCode,
      direction: 'inbound',
      consignmentRef: 'PG0000000000AB',
      dossierCode: null,
      agencyCode: '000.00.06.H56',
      originOfficeCode: origin,
      destinationOfficeCode: destination,
      routeClass: 'within-province',
      addressee: { name: 'UBND', phone: null, addressLine: 'UBND', communeCode: null, provinceCode: '01' },
      collectAmountVnd: 0,
      feesAmountVnd: 0,
      createdAt: '2026-11-23T01:00:00.000Z',
    });
    await dynamoDocumentClient().send(new PutCommand({ TableName: tableName(), Item: itemRow(item) }));

    const now = new Date('2026-11-23T05:00:00Z');
    const result = await ingestScans(
      items,
      [
        {
          scanId: `depart-${run}`,
          itemCode,
          type: 'depart',
          occurredAt: '2026-11-23T02:00:00.000Z',
          postOfficeCode: origin,
        },
      ],
      { receivedAt: now, callerOfficeCode: origin, deliveryCodeSecret: null },
    );
    expect(result.outcomes[0]).toMatchObject({ outcome: 'flagged', reason: 'before-pickup' });
    const [raised] = await raiseItemAnomalies(ports(), itemCode, now);
    await raiseItemAnomalies(ports(), itemCode, now);
    for (const office of [origin, destination])
      expect((await anomalies.listByOffice(office, 'open', 10)).map((anomaly) => anomaly.anomalyId)).toEqual([
        raised!.anomalyId,
      ]);

    const resolved = await resolveAnomalyCase(ports(), {
      anomalyId: raised!.anomalyId,
      action: 'apply',
      note: 'Quét nhận bị thiếu',
      resolver: { subject: 'gs01', role: 'postal-supervisor', postOfficeCode: destination },
      now,
    });
    expect(resolved.item?.status).toBe('in-transit');
    expect(await anomalies.listByOffice(origin, 'open', 10)).toEqual([]);
    expect(
      (await anomalies.listByOffice(destination, 'applied', 10)).map((anomaly) => anomaly.status),
    ).toEqual(['applied']);
    const fact = await dynamoDocumentClient().send(
      new GetCommand({ TableName: tableName(), Key: KEY.itemFact(itemCode, `depart-${run}`) }),
    );
    expect(fact.Item?.appliedAt).toBe(now.toISOString());
    expect((await items.load(itemCode))?.item.status).toBe('in-transit');

    const again = await resolveAnomalyCase(ports(), {
      anomalyId: raised!.anomalyId,
      action: 'dismiss',
      note: 'Lần hai',
      resolver: { subject: 'gs01', role: 'postal-supervisor', postOfficeCode: origin },
      now,
    }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(DomainRefusal);
    expect((again as DomainRefusal).kind).toBe('conflict');
  });
});
