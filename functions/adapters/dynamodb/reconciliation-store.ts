/**
 * Both sides of a delivery-confirmation reconciliation: the statuses a one-stop-shop system
 * pushed (kept per agency and day for the nightly run), what the post recorded of the same
 * dossiers, and the reports.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { ReconciliationBooks, StoredReport } from '../../app/money/ports.ts';
import { pushDay } from '../../app/money/reconcile-one-stop-shop.ts';
import { systemNowMs } from '../../commons/clock.ts';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '../../commons/sdk/lib-dynamodb.ts';
import type { Dossier } from '../../domain/dossiers.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import type { OurRecord, StatusMismatch, TheirRecord } from '../../domain/reconciliation.ts';
import { batchGetAll, batchWriteAll } from './batch.ts';
import { ENTITY, KEY } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** Pages of one day's partition read at most (1000 rows each). */
const MAX_PAGES_PER_DAY = 10;
export const MAX_REPORTS_LISTED = 50;

type Row = Record<string, NativeAttributeValue>;

export type { StoredReport };

export class DynamoReconciliationStore implements ReconciliationBooks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Keeps each dossier's latest pushed status of the day, for the nightly run. */
  async keepPushed(agencyCode: string, records: readonly TheirRecord[]): Promise<void> {
    const rows = records.map((record) => ({
      PutRequest: {
        Item: {
          ...KEY.pushedStatus(agencyCode, pushDay(record.statusAt), record.dossierCode),
          entity: ENTITY.pushedStatus,
          ...record,
          expiresAt: Math.floor(systemNowMs() / 1000) + 40 * 24 * 3600,
        },
      },
    }));
    const unique = [
      ...new Map(rows.map((row) => [`${row.PutRequest.Item.pk}/${row.PutRequest.Item.sk}`, row])).values(),
    ];
    await batchWriteAll(this.client, this.table, unique);
  }

  async pushedOn(agencyCode: string, day: string): Promise<TheirRecord[]> {
    const rows = await this.queryAll('pk', KEY.pushedStatuses(agencyCode, day));
    return rows.map(
      ({ dossierCode, status, statusAt }) => ({ dossierCode, status, statusAt }) as TheirRecord,
    );
  }

  /**
   * What the post recorded of the agency's dossiers registered in the period and of every
   * dossier their records name: handover, delivery, cancellation.
   */
  async ourRecords(
    agencyCode: string,
    days: readonly string[],
    codes: readonly string[],
  ): Promise<OurRecord[]> {
    const dossiers = new Map<string, Dossier>();
    for (const day of days) {
      for (const row of await this.queryAll('gsi1pk', KEY.agencyDossiersOfDay(agencyCode, day), 'gsi1')) {
        const dossier = row as unknown as Dossier;
        if (dossier.dossierCode) dossiers.set(dossier.dossierCode, dossier);
      }
    }
    const unknownCodes = codes.filter((code) => !dossiers.has(code));
    const refs = (await this.batchGet(unknownCodes.map((code) => KEY.dossierCode(code)))).map((row) =>
      String(row.consignmentRef),
    );
    for (const row of await this.batchGet(refs.map((ref) => KEY.dossier(ref)))) {
      const dossier = row as unknown as Dossier;
      if (dossier.dossierCode && dossier.agency.code === agencyCode)
        dossiers.set(dossier.dossierCode, dossier);
    }
    const outboundCodes = [...dossiers.values()].flatMap((dossier) =>
      dossier.items.filter((item) => item.direction === 'outbound').map((item) => item.itemCode),
    );
    const items = new Map(
      (await this.batchGet(outboundCodes.map((code) => KEY.item(code)))).map((row) => [
        String(row.itemCode),
        row as unknown as ItemRecord,
      ]),
    );
    return [...dossiers.values()].map((dossier) => {
      const delivered = dossier.items
        .map((item) => items.get(item.itemCode))
        .find((item) => item?.status === 'delivered');
      return {
        dossierCode: dossier.dossierCode as string,
        handedOverAt: dossier.submittedAt ?? null,
        deliveredAt: delivered?.closedAt ?? null,
        returnByPost: dossier.services.return,
        cancelled: dossier.status === 'cancelled',
      };
    });
  }

  /**
   * A report of thousands of discrepancies weighs more than one item may: its lists go in
   * parts of bounded size under the report's partition, written before the report's head,
   * which names how many there are (a report without its head is not a report yet).
   */
  async saveReport(report: StoredReport): Promise<void> {
    const { missingHere, missingThere, statusMismatch, ...head } = report;
    const parts = reportParts({ missingHere, missingThere, statusMismatch });
    await batchWriteAll(
      this.client,
      this.table,
      parts.map((part, index) => ({
        PutRequest: {
          Item: {
            ...KEY.reconciliationReportPart(report.reportId, index),
            entity: ENTITY.reconciliationPart,
            ...part,
          },
        },
      })),
    );
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...KEY.reconciliationReport(report.reportId),
          entity: ENTITY.reconciliation,
          gsi1pk: KEY.agencyReports(report.agencyCode),
          gsi1sk: `${report.createdAt}#${report.reportId}`,
          ...head,
          parts: parts.length,
        },
      }),
    );
  }

  async report(reportId: string): Promise<StoredReport | null> {
    const rows = await this.queryAll('pk', KEY.reconciliationReportPartition(reportId));
    const headRow = rows.find((row) => row.sk === KEY.reconciliationReport(reportId).sk);
    if (!headRow) return null;
    const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g, gsi1sk: _s, parts: _parts, ...head } = headRow;
    const lists: ReportLists = { missingHere: [], missingThere: [], statusMismatch: [] };
    for (const row of rows.filter((candidate) => candidate.entity === ENTITY.reconciliationPart)) {
      lists.missingHere.push(...((row.missingHere as TheirRecord[] | undefined) ?? []));
      lists.missingThere.push(...((row.missingThere as OurRecord[] | undefined) ?? []));
      lists.statusMismatch.push(...((row.statusMismatch as StatusMismatch[] | undefined) ?? []));
    }
    return { ...(head as Omit<StoredReport, keyof ReportLists>), ...lists };
  }

  async reports(agencyCode: string): Promise<{ reportId: string; createdAt: string; trigger: string }[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :agency',
        ExpressionAttributeValues: { ':agency': KEY.agencyReports(agencyCode) },
        ScanIndexForward: false,
        Limit: MAX_REPORTS_LISTED,
        ProjectionExpression: 'reportId, createdAt, #trigger',
        ExpressionAttributeNames: { '#trigger': 'trigger' },
      }),
    );
    return (answer.Items ?? []) as { reportId: string; createdAt: string; trigger: string }[];
  }

  private async queryAll(keyName: 'pk' | 'gsi1pk', value: string, indexName?: string): Promise<Row[]> {
    const rows: Row[] = [];
    const pages = queryPages(
      this.client,
      {
        TableName: this.table,
        ...(indexName ? { IndexName: indexName } : {}),
        KeyConditionExpression: `${keyName} = :value`,
        ExpressionAttributeValues: { ':value': value },
        Limit: 1000,
      },
      { maxPages: MAX_PAGES_PER_DAY },
    );
    for await (const page of pages) rows.push(...page);
    return rows;
  }

  private batchGet(keys: readonly Row[]): Promise<Row[]> {
    return batchGetAll(this.client, this.table, keys);
  }
}

type ReportLists = {
  missingHere: TheirRecord[];
  missingThere: OurRecord[];
  statusMismatch: StatusMismatch[];
};

/** What one part of a report's lists may weigh, as JSON: well under DynamoDB's 400 KB item limit. */
export const MAX_REPORT_PART_BYTES = 100_000;

/** A report's lists cut into parts of at most MAX_REPORT_PART_BYTES each, in order. */
export function reportParts(
  lists: {
    readonly [name in keyof ReportLists]: readonly ReportLists[name][number][];
  },
): Partial<ReportLists>[] {
  const parts: Partial<ReportLists>[] = [];
  let current: Partial<ReportLists> = {};
  let bytes = 0;
  for (const name of ['missingHere', 'missingThere', 'statusMismatch'] as const) {
    for (const entry of lists[name]) {
      const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
      if (bytes + size > MAX_REPORT_PART_BYTES && bytes > 0) {
        parts.push(current);
        current = {};
        bytes = 0;
      }
      const list = (current[name] ?? []) as unknown[];
      list.push(entry);
      (current as Record<string, unknown[]>)[name] = list;
      bytes += size;
    }
  }
  if (bytes > 0) parts.push(current);
  return parts;
}
