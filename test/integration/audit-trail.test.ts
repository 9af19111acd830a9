/** The audit trail against the real DynamoDB Local: append-only, newest first, by dossier and by caller. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoAuditTrail } from '../../functions/adapters/dynamodb/audit-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { ConditionalCheckFailedException } from '../../functions/commons/sdk/dynamodb.ts';
import type { PersonalDataRead } from '../../functions/domain/audit.ts';

const trail = () => new DynamoAuditTrail(dynamoDocumentClient(), tableName());

const read = (consignmentRef: string, subject: string, minute: number): PersonalDataRead => ({
  auditId: randomUUID(),
  at: new Date(Date.UTC(2026, 11, 3, 2, minute)).toISOString(),
  consignmentRef,
  dossierCode: null,
  caller: { subject, roles: ['agency'], agencyCode: '000.00.06.H56' },
  fields: ['name', 'phone', 'address'],
  purpose: 'GET /v1/dossiers/{dossierRef}',
});

describe('audit trail', () => {
  it('never lets a record be written over', async () => {
    const record = read(`PG${randomUUID().slice(0, 12).toUpperCase()}`, 'client-a', 0);
    await trail().record(record);
    await expect(trail().record({ ...record, fields: [] })).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
    expect((await trail().byDossier(record.consignmentRef, 10)).entries).toEqual([record]);
  });

  it('reads a dossier and a caller newest first, a page at a time', async () => {
    const ref = `PG${randomUUID().slice(0, 12).toUpperCase()}`;
    const subject = `client-${randomUUID()}`;
    const records = [read(ref, subject, 1), read(ref, subject, 2), read(ref, 'other', 3)];
    for (const record of records) await trail().record(record);
    const first = await trail().byDossier(ref, 2);
    expect(first.entries.map((entry) => entry.at)).toEqual([records[2]!.at, records[1]!.at]);
    const second = await trail().byDossier(ref, 2, first.next);
    expect(second.entries).toEqual([records[0]]);
    const byCaller = await trail().byCaller(subject, 10);
    expect(byCaller.entries.map((entry) => entry.auditId)).toEqual([
      records[1]!.auditId,
      records[0]!.auditId,
    ]);
  });
});
