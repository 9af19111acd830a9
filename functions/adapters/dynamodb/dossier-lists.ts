/**
 * The lists of dossiers the console reads, each from an index and a page at a time: an
 * agency's dossiers by registration time (gsi1, one partition per day) or in one status
 * (gsi2, one partition per month), and the dossiers of an applicant's phone (gsi3).
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '../../commons/sdk/lib-dynamodb.ts';
import type { Dossier } from '../../domain/dossiers.ts';
import { type BucketPosition, pageAcrossBuckets } from './bucket-pages.ts';
import { KEY } from './keys.ts';

type Row = Record<string, unknown>;

/** The same number however it was written (0912…, +84912…), hashed: the key never holds the number. */
export const phoneHash = (phone: string): string =>
  createHash('sha256').update(phone.replace(/^\+84/, '0')).digest('base64url').slice(0, 32);

/** The index attributes a dossier row carries for these lists. */
export function dossierListKeys(dossier: Dossier & { personalDataErasedAt?: string }): Row {
  const month = dossier.registeredAt.slice(0, 7);
  const sortKey = `${dossier.registeredAt}#${dossier.consignmentRef}`;
  return {
    gsi2pk: KEY.agencyDossiersInStatus(dossier.agency.code, dossier.status, month),
    gsi2sk: sortKey,
    // Once erased, the dossier no longer answers to the applicant's phone.
    ...(dossier.personalDataErasedAt
      ? {}
      : { gsi3pk: KEY.dossiersOfPhone(phoneHash(dossier.applicant.phone)), gsi3sk: sortKey }),
  };
}

const DAY_MS = 86_400_000;

/** The UTC days (`YYYY-MM-DD`) or months (`YYYY-MM`) an instant range touches, newest first. */
export function bucketsBetween(fromAt: string, toAt: string, unit: 'day' | 'month'): string[] {
  const length = unit === 'day' ? 10 : 7;
  const buckets: string[] = [];
  for (let at = Date.parse(toAt); ; at -= DAY_MS) {
    const bucket = new Date(Math.max(at, Date.parse(fromAt))).toISOString().slice(0, length);
    if (buckets.at(-1) !== bucket) buckets.push(bucket);
    if (at <= Date.parse(fromAt)) return buckets;
  }
}

const withoutKeys = (row: Row): Dossier => {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _1, gsi1sk: _1s, gsi2pk: _2, gsi2sk: _2s, ...rest } = row;
  const { gsi3pk: _3, gsi3sk: _3s, ...dossier } = rest;
  return dossier as unknown as Dossier;
};

export interface DossierPage {
  readonly dossiers: Dossier[];
  readonly next: BucketPosition | null;
}

export class DynamoDossierLists {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** An agency's dossiers registered between two instants, newest first, in one status if given. */
  async ofAgency(
    agencyCode: string,
    range: { fromAt: string; toAt: string; status?: string | undefined },
    limit: number,
    position?: BucketPosition,
  ): Promise<DossierPage> {
    const { fromAt, toAt, status } = range;
    const page = await pageAcrossBuckets(this.client, this.table, {
      ...(status === undefined
        ? {
            index: 'gsi1',
            buckets: bucketsBetween(fromAt, toAt, 'day').map((day) =>
              KEY.agencyDossiersOfDay(agencyCode, day),
            ),
            sortFrom: `DOSSIER#${fromAt}`,
            sortTo: `DOSSIER#${toAt}~`,
          }
        : {
            index: 'gsi2',
            buckets: bucketsBetween(fromAt, toAt, 'month').map((month) =>
              KEY.agencyDossiersInStatus(agencyCode, status, month),
            ),
            sortFrom: fromAt,
            sortTo: `${toAt}~`,
          }),
      limit,
      position,
    });
    return { dossiers: page.rows.map(withoutKeys), next: page.next };
  }

  /** The dossiers registered for an applicant's phone, newest first. */
  async ofPhone(phone: string, limit: number, position?: BucketPosition): Promise<DossierPage> {
    const page = await pageAcrossBuckets(this.client, this.table, {
      index: 'gsi3',
      buckets: [KEY.dossiersOfPhone(phoneHash(phone))],
      sortFrom: '0',
      sortTo: '9~',
      limit,
      position,
    });
    return { dossiers: page.rows.map(withoutKeys), next: page.next };
  }
}
