/**
 * An agency's finance lines, one partition per (agency, day), sorted by item code or
 * reference, then by kind and time: the order the reconciliation core reads them in. A
 * month is read as the merge of its days, a page at a time, so that memory never holds
 * more than a page of each day.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '../../commons/sdk/lib-dynamodb.ts';
import { localDate } from '../../domain/calendar/working-days.ts';
import type { FinanceLine, FinanceLineKind } from '../../domain/money/model.ts';
import { ENTITY, KEY } from './keys.ts';
import type { TransactItem } from './ledger-store.ts';
import { queryPages } from './query-pages.ts';

type Row = Record<string, NativeAttributeValue>;

/** The order of kinds within one key. */
export const KIND_ORDER: Readonly<Record<FinanceLineKind, number>> = {
  due: 1,
  paid: 2,
  bank: 3,
  void: 4,
  outcome: 5,
  resend: 6,
};

/** Lines read per page of a day. */
const PAGE = 500;
/** A day of one agency holds a few thousand lines; a bound far above it. */
const MAX_PAGES_PER_DAY = 2_000;

/** The id that makes a line unique within its key and kind. */
function lineId(line: FinanceLine): string {
  switch (line.kind) {
    case 'paid':
      return line.scanId;
    case 'bank':
      return line.bankLineId;
    case 'void':
      return line.receipt;
    default:
      return line.kind;
  }
}

export function financeLineRow(agencyCode: string, line: FinanceLine): Row {
  return {
    pk: KEY.financeDay(agencyCode, vietnamDay(line.at)),
    sk: `${line.key}#${KIND_ORDER[line.kind]}#${new Date(line.at).toISOString()}#${lineId(line)}`,
    entity: ENTITY.financeLine,
    agencyCode,
    ...line,
  };
}

/** A line's write, to join a transaction. Writing the same line again changes nothing. */
export function financeLineWrite(table: string, agencyCode: string, line: FinanceLine): TransactItem {
  return { Put: { TableName: table, Item: financeLineRow(agencyCode, line) } };
}

/** The day (UTC+7) of an instant, `YYYY-MM-DD`. */
export const vietnamDay = (iso: string): string => localDate(new Date(iso));

/** One day's lines of an agency, in order, read a page at a time. */
export async function* financeLinesOfDay(
  client: DynamoDBDocumentClient,
  table: string,
  agencyCode: string,
  day: string,
): AsyncGenerator<FinanceLine> {
  const pages = queryPages(
    client,
    {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': KEY.financeDay(agencyCode, day) },
      Limit: PAGE,
    },
    {
      maxPages: MAX_PAGES_PER_DAY,
      tooMany: () => new Error(`More than ${MAX_PAGES_PER_DAY * PAGE} finance lines in ${agencyCode} ${day}`),
    },
  );
  for await (const rows of pages) {
    for (const row of rows) {
      const { pk: _pk, sk: _sk, entity: _entity, agencyCode: _agency, ...line } = row;
      yield line as FinanceLine;
    }
  }
}
