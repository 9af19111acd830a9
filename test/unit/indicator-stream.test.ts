/**
 * What the table stream adds to the indicators beyond journeys and ratings: a remittance row
 * counts its fees in its office's province, an attachment of scans counts its documents and
 * the dossier once; a record delivered again adds nothing.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeStreamRecord } from '../../functions/adapters/dynamodb/stream-records.ts';
import { MemoryDossiers, MemoryItems, MemoryReference } from '../../functions/app/dossiers/memory.ts';
import { countIndicators } from '../../functions/app/events/publish-events.ts';
import { indicatorReportFor } from '../../functions/app/indicators/indicator-report.ts';
import { MemoryIndicatorStore } from '../../functions/app/indicators/memory.ts';
import type { Dossier } from '../../functions/domain/dossiers.ts';

const insert = (row: Record<string, unknown>): DynamoDBRecord =>
  ({
    eventName: 'INSERT',
    dynamodb: { NewImage: marshall(row, { removeUndefinedValues: true }) },
  }) as unknown as DynamoDBRecord;

function ports() {
  const items = new MemoryItems();
  const reference = new MemoryReference();
  reference.offices.set('BC-HN-01', {
    postOfficeCode: 'BC-HN-01',
    name: 'Bưu cục Hà Nội 1',
    provinceCode: '01',
    communeCodes: ['00004'],
    updatedAt: '2026-11-01T00:00:00.000Z',
  });
  return {
    dossiers: new MemoryDossiers(items),
    items,
    indicators: new MemoryIndicatorStore(),
    offices: reference,
  };
}

describe('indicators kept from the table stream', () => {
  it("counts a remittance in its office's province once, under no commune", async () => {
    const context = ports();
    const record = insert({
      pk: 'REMITTANCE#RM2611ABCDEF',
      sk: 'REMITTANCE',
      entity: 'remittance',
      reference: 'RM2611ABCDEF',
      agencyCode: '000.00.06.H26',
      postOfficeCode: 'BC-HN-01',
      periodStart: '2026-11-02',
      periodEnd: '2026-11-06',
      feesCollected: 405_000,
      amount: 405_000,
      createdAt: '2026-11-09T03:00:00.000Z',
    });
    const change = decodeStreamRecord(record);
    expect(change.kind).toBe('remittance');
    expect(await countIndicators(context, change)).toBe(true);
    expect(await countIndicators(context, decodeStreamRecord(record))).toBe(false);
    for (const groupBy of ['office', 'agency', 'commune'] as const) {
      const report = await indicatorReportFor(
        { indicators: context.indicators },
        { provinceCode: '01', period: '2026-11', groupBy },
      );
      expect(report.total.feesRemittedVnd).toBe(405_000);
      expect(report.groups.map((group) => group.key)).toEqual([
        { office: 'BC-HN-01', agency: '000.00.06.H26', commune: 'none' }[groupBy],
      ]);
    }
  });

  it('fails a remittance of an office it does not know, so that the record comes again', async () => {
    const context = ports();
    const change = decodeStreamRecord(
      insert({
        entity: 'remittance',
        reference: 'RM2611ZZZZZZ',
        agencyCode: '000.00.06.H26',
        postOfficeCode: 'BC-XX-99',
        amount: 1000,
        createdAt: '2026-11-09T03:00:00.000Z',
      }),
    );
    await expect(countIndicators(context, change)).rejects.toThrow(/unknown office/);
    expect(context.indicators.rows.size).toBe(0);
  });

  it('counts an attachment of scans from its event, the dossier once', async () => {
    const context = ports();
    const dossier = {
      consignmentRef: 'PG0000000000AB',
      agency: { code: '000.00.06.H26', name: 'Cơ quan' },
      applicant: { address: { communeCode: '00004', provinceCode: '01', line: 'x' } },
      postOfficeCodes: ['BC-HN-01'],
    } as unknown as Dossier;
    context.dossiers.dossiers.set(dossier.consignmentRef, dossier);
    const event = (sequence: number, first: boolean) =>
      insert({
        pk: `DOSSIER#${dossier.consignmentRef}`,
        sk: `EVENT#${sequence}`,
        entity: 'event',
        eventId: `${dossier.consignmentRef}-${sequence}`,
        type: 'dossier.documents-attached',
        sequence,
        occurredAt: '2026-11-10T02:00:00.000Z',
        consignmentRef: dossier.consignmentRef,
        dossierCode: null,
        agencyCode: '000.00.06.H26',
        data: {
          documents: [
            { documentId: `d${sequence}.pdf`, attachedBy: { subject: 's', postOfficeCode: 'BC-HN-02' } },
          ],
          digitisedDocuments: sequence - 1,
          firstOfDossier: first,
        },
      });
    for (const record of [event(2, true), event(3, false), event(2, true)]) {
      await countIndicators(context, decodeStreamRecord(record));
    }
    const report = await indicatorReportFor(
      { indicators: context.indicators },
      { provinceCode: '01', period: '2026-11', groupBy: 'office' },
    );
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ key: 'BC-HN-02', digitised: { dossiers: 1, documents: 2 } });
  });
});
