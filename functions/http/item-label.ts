/**
 * GET /v1/items/{itemCode}/label — the printable label: S10 barcode, tracking QR code, sender
 * and recipient; and a VietQR payment code when an amount is owed and the collecting office
 * has a bank account.
 */

import { itemLabelRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, referenceStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { trackingUrl } from '../commons/tracking-url.ts';
import { type LabelParty, renderItemLabel, warmUpItemLabels } from '../documents/item-label.ts';
import { communeText } from '../domain/communes.ts';
import { itemPaymentQr } from '../domain/money/vietqr.ts';
import { provinceText } from '../domain/provinces.ts';

const SERVICE_NAME = { inbound: 'Chuyển phát hồ sơ TTHC', outbound: 'Chuyển trả kết quả TTHC' } as const;

// Fonts parsed while the function starts, not on the first label.
await warmUpItemLabels();

export const handler = httpRoute(itemLabelRoute, async ({ params, caller, requestId }) => {
  const snapshot = await itemStore().load(params.itemCode);
  if (!snapshot) throw new HttpProblem('not-found', `No item ${params.itemCode}`);
  const { item } = snapshot;
  assertCanAccess(
    caller,
    { agencyCode: item.agencyCode, postOfficeCodes: [item.originOfficeCode, item.destinationOfficeCode] },
    'item',
  );
  // The office that takes the payment: at pickup for a dossier going in, at delivery for a result going out.
  const collectingOfficeCode =
    item.direction === 'inbound' ? item.originOfficeCode : item.destinationOfficeCode;
  const [found, office] = await Promise.all([
    dossierStore().find(item.consignmentRef),
    item.collectAmountVnd > 0 ? referenceStore().postOffice(collectingOfficeCode) : null,
  ]);
  if (!found) throw new Error(`Item ${item.itemCode} names an unknown dossier`);
  const paymentQr =
    itemPaymentQr(office?.collectionAccount, item.itemCode, item.collectAmountVnd) ?? undefined;
  const { applicant, agency } = found.dossier;
  await auditPersonalDataReads(caller, itemLabelRoute.key, requestId, [
    {
      consignmentRef: item.consignmentRef,
      dossierCode: item.dossierCode ?? null,
      fields: ['name', 'phone', 'address'],
    },
  ]);
  const citizen: LabelParty = {
    name: applicant.fullName,
    phone: applicant.phone,
    addressLine: applicant.address.line,
    commune: communeText(applicant.address.communeCode),
    province: provinceText(applicant.address.provinceCode),
  };
  const oneStopShop: LabelParty = { name: agency.name, addressLine: `Bộ phận một cửa — ${agency.code}` };
  const dossierRef = item.dossierCode ?? item.consignmentRef;
  const pdf = await renderItemLabel({
    itemCode: item.itemCode,
    direction: item.direction,
    dossierRef,
    trackingUrl: trackingUrl(dossierRef),
    sender: item.direction === 'inbound' ? citizen : oneStopShop,
    recipient: item.direction === 'inbound' ? oneStopShop : citizen,
    originOfficeCode: item.originOfficeCode,
    destinationOfficeCode: item.destinationOfficeCode,
    ...(item.dueAt ? { dueAt: item.dueAt } : {}),
    service: SERVICE_NAME[item.direction],
    amountToCollectVnd: item.collectAmountVnd,
    ...(paymentQr ? { paymentQr } : {}),
    printedAt: systemNow().toISOString(),
  });
  return {
    status: 200,
    rawBody: { content: Buffer.from(pdf), contentType: 'application/pdf' },
    headers: { 'content-disposition': `inline; filename="${item.itemCode}.pdf"` },
  };
});
