/** Delegated e-receipts: read as JSON or as the printable PDF, and voided with a reason. */
import { getReceiptRoute, voidReceiptRoute } from '../../schemas/routes.ts';
import { receiptStore } from '../adapters/index.ts';
import type { StoredReceipt } from '../app/money/ports.ts';
import { voidReceipt } from '../app/money/void-receipt.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { renderReceipt } from '../documents/receipt-pdf.ts';
import { receiptNumberText } from '../domain/money/model.ts';
import { DomainRefusal } from '../domain/refusal.ts';

const publicReceipt = ({ sourceId: _source, ...receipt }: StoredReceipt) => receipt;

export const handler = routeTable(
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
        rawBody: { content: Buffer.from(await renderReceipt(receipt)), contentType: 'application/pdf' },
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
        at: new Date().toISOString(),
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
