/** A reconciliation report of thousands of discrepancies, stored in parts and read back whole. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DynamoReconciliationStore,
  MAX_REPORT_PART_BYTES,
  reportParts,
  type StoredReport,
} from '../../functions/adapters/dynamodb/reconciliation-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';

const store = () => new DynamoReconciliationStore(dynamoDocumentClient(), tableName());
const code = (index: number) => `000.00.06.H56-261101-${String(index % 10_000).padStart(4, '0')}`;

function largeReport(): StoredReport {
  const statusAt = '2026-11-01T09:00:00.000+07:00';
  return {
    reportId: `rc-${randomUUID()}`,
    agencyCode: '000.00.06.H56',
    period: { from: '2026-11-01', to: '2026-11-30' },
    toleranceMinutes: 120,
    records: 5_000,
    createdAt: new Date().toISOString(),
    trigger: 'request',
    matched: 0,
    missingHere: Array.from({ length: 5_000 }, (_, index) => ({
      dossierCode: code(index),
      status: 'received',
      statusAt,
    })),
    missingThere: Array.from({ length: 5_000 }, (_, index) => ({
      dossierCode: code(index + 5_000),
      handedOverAt: statusAt,
      deliveredAt: null,
      returnByPost: true,
      cancelled: false,
    })),
    statusMismatch: Array.from({ length: 1_000 }, (_, index) => ({
      dossierCode: code(index),
      kind: 'time-mismatch' as const,
      theirStatus: 'received',
      theirStatusAt: statusAt,
      ourTime: statusAt,
      detail: 'Thời điểm tiếp nhận lệch quá 120 phút so với biên bản giao nhận',
    })),
  } as StoredReport;
}

describe('reconciliation reports', () => {
  it('cuts a large report into parts that each stay well under 400 KB, in order', () => {
    const report = largeReport();
    const parts = reportParts(report);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts)
      expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThan(MAX_REPORT_PART_BYTES + 1_000);
    expect(parts.flatMap((part) => part.missingHere ?? [])).toEqual(report.missingHere);
    expect(parts.flatMap((part) => part.statusMismatch ?? [])).toEqual(report.statusMismatch);
  });

  it('stores a report of 11,000 discrepancies and reads it back whole', async () => {
    const report = largeReport();
    await store().saveReport(report);
    expect(await store().report(report.reportId)).toEqual(report);
    const listed = await store().reports(report.agencyCode);
    expect(listed.map((entry) => entry.reportId)).toContain(report.reportId);
    expect(await store().report(`rc-${randomUUID()}`)).toBeNull();
  });
});
