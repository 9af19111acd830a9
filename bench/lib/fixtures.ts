/**
 * Fixtures the benchmarks share: a dossier request, and outbound items made the real way
 * once (registered, result ready, collected on a signed manifest) and then copied row for
 * row under new item codes, so that a few thousand items ready for transit scans exist in
 * seconds with exactly the rows and sizes the handlers write.
 */
import { type AttributeValue, BatchWriteItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { s10Code } from '../../schemas/s10.ts';
import type { BenchRuntime } from './harness.ts';
import { boundedAll } from './stats.ts';

export type Row = Record<string, AttributeValue>;

/** The test agency, served by the Hà Nội office BC-HN-01 (infra/local/demo-reference.ts). */
export const AGENCY = '000.00.06.H56';
export const HANOI = 'BC-HN-01';
/** Serves commune 00070. */
export const HANOI_2 = 'BC-HN-02';
/** Serves commune 26743. */
export const SAIGON = 'BC-HCM-01';

const BATCH_WRITE_LIMIT = 25;
const MAX_BATCH_WRITE_ROUNDS = 8;

/** A dossier code of today with the given daily sequence (1–9999). */
export function dossierCode(sequence: number, day = new Date()): string {
  const yymmdd = localDate(day).slice(2).replaceAll('-', '');
  return `${AGENCY}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}

/** A registration as an agency system sends it: a driving-licence renewal, as in the e2e tests. */
export function dossierRequest(options: {
  readonly sequence: number;
  readonly communeCode: string;
  readonly provinceCode: string;
  readonly pickup: boolean;
}) {
  return {
    dossierCode: dossierCode(options.sequence),
    procedure: { code: '1.001234', name: 'Cấp đổi giấy phép lái xe' },
    agency: { code: AGENCY, name: 'Bộ phận một cửa' },
    documents: [
      { name: 'Tờ khai đề nghị', kind: 'original', count: 1 },
      { name: 'Căn cước công dân', kind: 'certified-copy', count: 1 },
    ],
    applicant: {
      fullName: 'Nguyễn Thị Hoa',
      phone: '0912345678',
      idNumber: '001090001234',
      address: { line: '12 Trần Phú', communeCode: options.communeCode, provinceCode: options.provinceCode },
    },
    services: { pickup: options.pickup, return: true },
    fees: [{ code: 'LPH-GPLX', name: 'Lệ phí cấp đổi', amount: 135000, collectAt: 'delivery' }],
  };
}

function expectStatus(answer: { status: number; json: unknown }, status: number, what: string): void {
  if (answer.status !== status) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`);
  }
}

export interface CollectedTemplate {
  readonly itemCode: string;
  readonly consignmentRef: string;
  /** The item row and its facts (result-ready, collected), as DynamoDB holds them. */
  readonly rows: readonly Row[];
  /** When the item was collected: transit scans come after it. */
  readonly collectedAt: Date;
}

/**
 * One outbound item, Hà Nội (HANOI) → HANOI_2, made through the API: registered, its result
 * ready and collected on a signed manifest three days ago.
 */
export async function collectedOutboundItem(
  harness: BenchRuntime,
  sequence: number,
): Promise<CollectedTemplate> {
  const agency = await harness.token('agency', { agencyCode: AGENCY });
  const staff = await harness.token('postal-staff', { postOfficeCode: HANOI });
  const registered = await harness.call(
    'POST',
    '/v1/dossiers',
    agency,
    dossierRequest({ sequence, communeCode: '00070', provinceCode: '01', pickup: false }),
  );
  expectStatus(registered, 201, 'register the template dossier');
  const itemCode = registered.json.items[0].itemCode as string;
  const consignmentRef = registered.json.dossier.consignmentRef as string;
  const readyAt = new Date(Date.now() - 3 * 24 * 3_600_000);
  const collectedAt = new Date(readyAt.getTime() + 3_600_000);
  const ready = await harness.call('POST', `/v1/dossiers/${consignmentRef}/result-ready`, agency, {
    readyAt: readyAt.toISOString(),
  });
  expectStatus(ready, 200, 'mark the template result ready');
  const manifest = await harness.call('POST', '/v1/manifests', staff, {
    kind: 'collect-from-agency',
    agencyCode: AGENCY,
    postOfficeCode: HANOI,
    itemCodes: [itemCode],
  });
  expectStatus(manifest, 201, 'draw up the collection manifest');
  const confirmed = await harness.call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staff, {
    itemCodesReceived: [itemCode],
    signedBy: 'Trần Văn Bình',
    signedAt: collectedAt.toISOString(),
  });
  expectStatus(confirmed, 200, 'confirm the collection manifest');
  return { itemCode, consignmentRef, rows: await partition(harness, itemCode), collectedAt };
}

/** Every row of an item's partition, as stored. */
export async function partition(harness: BenchRuntime, itemCode: string): Promise<Row[]> {
  const answer = await harness.rawClient.send(
    new QueryCommand({
      TableName: harness.runtime.services.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: KEY.itemPartition(itemCode) } },
      ConsistentRead: true,
    }),
  );
  return answer.Items ?? [];
}

/** Serials for copies: far above what the allocator hands out in a run. */
export const copyItemCode = (index: number): string => s10Code('RK', 90_000_000 + index);

/** The rows with the template's item code (and consignment reference) replaced. */
export function copyRows(
  rows: readonly Row[],
  from: { itemCode: string; consignmentRef: string },
  index: number,
) {
  const itemCode = copyItemCode(index);
  const consignmentRef = `PG${String(index).padStart(12, '0')}`;
  return JSON.parse(
    JSON.stringify(rows).replaceAll(from.itemCode, itemCode).replaceAll(from.consignmentRef, consignmentRef),
  ) as Row[];
}

/** Writes rows with BatchWriteItem, 25 at a time, `concurrency` requests at once. */
export async function writeRows(harness: BenchRuntime, rows: readonly Row[], concurrency = 8): Promise<void> {
  const table = harness.runtime.services.tableName;
  const chunks: Row[][] = [];
  for (let start = 0; start < rows.length; start += BATCH_WRITE_LIMIT) {
    chunks.push(rows.slice(start, start + BATCH_WRITE_LIMIT));
  }
  await boundedAll(chunks, concurrency, async (chunk) => {
    let requests = chunk.map((row) => ({ PutRequest: { Item: row } }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round >= MAX_BATCH_WRITE_ROUNDS) throw new Error('DynamoDB Local kept returning unprocessed items');
      const answer = await harness.rawClient.send(
        new BatchWriteItemCommand({ RequestItems: { [table]: requests } }),
      );
      requests = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}
