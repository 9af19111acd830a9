/** Delegated e-receipts: read as JSON or as the printable PDF, and voided with a reason. */
import { ENV } from '../../infra/manifest.ts';
import { getReceiptRoute, searchReceiptsRoute, voidReceiptRoute } from '../../schemas/routes.ts';
import type { BucketPosition } from '../adapters/dynamodb/bucket-pages.ts';
import { dossierStore, receiptStore } from '../adapters/index.ts';
import type { StoredReceipt } from '../app/money/ports.ts';
import { voidReceipt } from '../app/money/void-receipt.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForAgency, assertCanAccess, canAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { openPosition, sealPosition } from '../commons/http/cursor.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { DEFAULT_TRACKING_BASE_URL } from '../commons/tracking-url.ts';
import { renderReceipt } from '../documents/receipt-pdf.ts';
import { type Receipt, receiptNumberText } from '../domain/money/model.ts';
import { DEFAULT_RECEIPT_FORM_SYMBOL, receiptLookupCode } from '../domain/money/receipts.ts';
import { DomainRefusal } from '../domain/refusal.ts';

/** Where a payer looks a receipt up by its lookup code (địa chỉ tra cứu): the console's `/bien-lai` page. */
export const receiptLookupUrl = (): string =>
  `${process.env[ENV.publicSiteUrl] ?? process.env[ENV.trackingBaseUrl] ?? DEFAULT_TRACKING_BASE_URL}/bien-lai`;

/** The receipt as its payer and the agency see it: the e-receipt fields complete, the source kept back. */
const publicReceipt = ({ sourceId, ...receipt }: StoredReceipt): Receipt & { lookupUrl: string } => ({
  ...receipt,
  // Receipts issued before these fields were kept: the same values derived now.
  formSymbol: receipt.formSymbol ?? DEFAULT_RECEIPT_FORM_SYMBOL,
  agencyTaxCode: receipt.agencyTaxCode ?? null,
  lookupCode: receipt.lookupCode ?? receiptLookupCode(sourceId, receipt.series, receipt.number),
  lookupUrl: receiptLookupUrl(),
});

const seesReceipt = (caller: Caller, receipt: StoredReceipt): boolean =>
  canAccess(caller, { agencyCode: receipt.agencyCode, postOfficeCodes: [receipt.postOfficeCode] });

/** The days from `from` to `to` (Vietnam's dates), newest first. */
function daysNewestFirst(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${to}T00:00:00Z`); at >= Date.parse(`${from}T00:00:00Z`); at -= 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

interface SearchQuery {
  agencyCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  dossierRef?: string | undefined;
  series?: string | undefined;
  number?: number | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** One page of a search by dossier or by an agency's days; a search by number is one receipt. */
async function searchPage(caller: Caller, query: SearchQuery) {
  if (query.series !== undefined && query.number !== undefined) {
    const receipt = await receiptStore().receipt(query.series, query.number);
    return { receipts: receipt && seesReceipt(caller, receipt) ? [receipt] : [], next: null };
  }
  if (query.dossierRef !== undefined) {
    const found = await dossierStore().find(query.dossierRef);
    if (!found) throw new HttpProblem('not-found', `No dossier ${query.dossierRef}`);
    const { dossierCode, consignmentRef } = found.dossier;
    const scope = `receipts|dossier|${consignmentRef}`;
    const page = await receiptStore().ofDossier(
      dossierCode ? [dossierCode, consignmentRef] : [consignmentRef],
      query.limit,
      await openPosition<BucketPosition>(scope, query.cursor),
    );
    return { ...page, scope };
  }
  const agencyCode = query.agencyCode as string;
  assertActsForAgency(caller, agencyCode);
  const scope = `receipts|agency|${agencyCode}|${query.from}|${query.to}`;
  const page = await receiptStore().ofAgencyDays(
    agencyCode,
    daysNewestFirst(query.from as string, query.to as string),
    query.limit,
    await openPosition<BucketPosition>(scope, query.cursor),
  );
  return { ...page, scope };
}

export const handler = routeTable(
  httpRoute(searchReceiptsRoute, async ({ query, caller }) => {
    const page = await searchPage(caller, query);
    const next = 'scope' in page ? await sealPosition(page.scope, page.next) : undefined;
    const receipts = page.receipts.filter((receipt) => seesReceipt(caller, receipt)).map(publicReceipt);
    return { status: 200, body: { receipts, ...(next ? { next } : {}) } };
  }),
  httpRoute(getReceiptRoute, async ({ params, query, caller }) => {
    const receipt = await receiptStore().receipt(params.series, params.number);
    if (!receipt)
      throw new HttpProblem('not-found', `No receipt ${params.series}/${receiptNumberText(params.number)}`);
    assertCanAccess(
      caller,
      { agencyCode: receipt.agencyCode, postOfficeCodes: [receipt.postOfficeCode] },
      'receipt',
    );
    if (query.format === 'pdf')
      return {
        status: 200,
        headers: {
          'content-disposition': `inline; filename="bien-lai-${receipt.series}-${receiptNumberText(receipt.number)}.pdf"`,
        },
        rawBody: {
          content: Buffer.from(await renderReceipt(publicReceipt(receipt))),
          contentType: 'application/pdf',
        },
      };
    return { status: 200, body: publicReceipt(receipt) };
  }),
  httpRoute(voidReceiptRoute, async ({ params, body, caller }) => {
    try {
      const voided = await voidReceipt(receiptStore(), {
        series: params.series,
        number: params.number,
        reason: body.reason,
        voidedBy: caller.subject,
        at: systemNow().toISOString(),
      });
      return { status: 200, body: publicReceipt(voided) };
    } catch (error) {
      if (error instanceof DomainRefusal && error.kind === 'conflict')
        throw new HttpProblem('receipt-already-voided', error.message);
      if (error instanceof DomainRefusal && error.kind === 'not-found')
        throw new HttpProblem('not-found', error.message);
      throw error;
    }
  }),
);
