/** The papers both sides sign: the consignment slip of a dossier and the handover record of a manifest. */
import { consignmentSlipRoute, manifestDocumentRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, manifestStore, referenceStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import type { HttpAnswer } from '../commons/http/route.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { renderConsignmentSlip } from '../documents/consignment-slip.ts';
import { warmUpItemLabels } from '../documents/item-label.ts';
import { renderHandoverManifest } from '../documents/manifest-pdf.ts';
import { personalFieldsShown, withoutIdNumber } from '../domain/audit.ts';
import { communeText } from '../domain/communes.ts';
import type { Dossier } from '../domain/dossiers.ts';
import { provinceText } from '../domain/provinces.ts';

/** Dossiers read at once while listing a manifest's lines. */
const DOSSIER_READ_CONCURRENCY = 16;

// Fonts parsed while the function starts, not on the first document.
await warmUpItemLabels();

const pdf = (content: Uint8Array, filename: string): HttpAnswer => ({
  status: 200,
  rawBody: { content: Buffer.from(content), contentType: 'application/pdf' },
  headers: { 'content-disposition': `inline; filename="${filename}"` },
});

async function officeName(postOfficeCode: string): Promise<string> {
  return (await referenceStore().postOffice(postOfficeCode))?.name ?? postOfficeCode;
}

export const handler = routeTable(
  httpRoute(consignmentSlipRoute, async ({ params, caller, requestId }) => {
    const found = await dossierStore().find(params.dossierRef);
    if (!found) throw new HttpProblem('not-found', `No dossier ${params.dossierRef}`);
    const { dossier } = found;
    assertCanAccess(
      caller,
      { agencyCode: dossier.agency.code, postOfficeCodes: dossier.postOfficeCodes },
      'dossier',
    );
    const officeCode = dossier.registeredBy.postOfficeCode ?? dossier.postOfficeCodes[0] ?? '';
    const inboundCode = dossier.items.find((item) => item.direction === 'inbound')?.itemCode;
    const [inbound] = inboundCode ? await itemStore().getItems([inboundCode]) : [];
    const { applicant } = withoutIdNumber(dossier, caller.roles);
    await auditPersonalDataReads(caller, consignmentSlipRoute.key, requestId, [
      {
        consignmentRef: dossier.consignmentRef,
        dossierCode: dossier.dossierCode ?? null,
        fields: personalFieldsShown(dossier, caller.roles),
      },
    ]);
    const content = await renderConsignmentSlip({
      consignmentRef: dossier.consignmentRef,
      dossierCode: dossier.dossierCode,
      procedure: dossier.procedure,
      agency: dossier.agency,
      applicant: {
        fullName: applicant.fullName,
        phone: applicant.phone,
        // The number is not kept: its masked form for those who check it, else only that it was given.
        ...(dossier.idDigitsDigest
          ? { idNumber: applicant.idNumberMasked ?? 'Đã đăng ký (đối chiếu khi phát)' }
          : {}),
        addressLine: applicant.address.line,
        communeCode: applicant.address.communeCode,
        provinceCode: applicant.address.provinceCode,
        provinceText: provinceText(applicant.address.provinceCode),
        communeText: communeText(applicant.address.communeCode),
      },
      documents: dossier.documents,
      services: dossier.services,
      // Every line of the quote, postage and charges with the fees: the totals the label, the
      // worklist and the receipt show.
      fees: dossier.quote
        ? dossier.quote.lines.map(({ name, amount, collectAt }) => ({ name, amount, collectAt }))
        : dossier.fees,
      exemption: dossier.exemption,
      items: dossier.items.map(({ itemCode, direction }) => ({ itemCode, direction })),
      ...(dossier.promisedDate ? { promisedDate: dossier.promisedDate } : {}),
      ...(inbound?.sealNumber ? { sealNumber: inbound.sealNumber } : {}),
      postOffice: { code: officeCode, name: await officeName(officeCode) },
      registeredAt: dossier.registeredAt,
      printedAt: systemNow().toISOString(),
    });
    return pdf(content, `${dossier.consignmentRef}.pdf`);
  }),
  httpRoute(manifestDocumentRoute, async ({ params, caller }) => {
    const manifest = await manifestStore().get(params.manifestId);
    if (!manifest) throw new HttpProblem('not-found', `No manifest ${params.manifestId}`);
    assertCanAccess(
      caller,
      { agencyCode: manifest.agencyCode, postOfficeCodes: [manifest.postOfficeCode] },
      'manifest',
    );
    const items = await itemsOf(manifest.itemCodes);
    const seals = new Map(
      (await itemStore().getItems(manifest.itemCodes)).flatMap((item) =>
        item.sealNumber ? [[item.itemCode, item.sealNumber] as const] : [],
      ),
    );
    const agency = await referenceStore().agency(manifest.agencyCode);
    const content = await renderHandoverManifest({
      manifestId: manifest.manifestId,
      kind: manifest.kind,
      postOffice: { code: manifest.postOfficeCode, name: await officeName(manifest.postOfficeCode) },
      agency: { code: manifest.agencyCode, name: agency?.name ?? manifest.agencyCode },
      createdAt: manifest.createdAt,
      lines: manifest.itemCodes.map((itemCode) => {
        const dossier = items.get(itemCode);
        const sealNumber = seals.get(itemCode);
        return {
          ...(sealNumber ? { sealNumber } : {}),
          dossierRef: dossier?.dossierCode ?? dossier?.consignmentRef ?? '',
          itemCode,
          applicantName: dossier?.applicant.fullName ?? '',
          procedureName: dossier?.procedure.name ?? '',
          documentsCount: dossier?.documents.reduce((sum, document) => sum + document.count, 0) ?? 0,
        };
      }),
      confirmation: manifest.confirmation,
      printedAt: systemNow().toISOString(),
    });
    return pdf(content, `${manifest.manifestId}.pdf`);
  }),
);

/** The dossier each listed item carries, read a few at a time. */
async function itemsOf(itemCodes: readonly string[]): Promise<Map<string, Dossier>> {
  const byItem = new Map<string, Dossier>();
  const records = await itemStore().getItems(itemCodes);
  const refs = [...new Set(records.map((item) => item.consignmentRef))];
  const dossiers = new Map<string, Dossier>();
  for (let start = 0; start < refs.length; start += DOSSIER_READ_CONCURRENCY) {
    const wave = await Promise.all(
      refs.slice(start, start + DOSSIER_READ_CONCURRENCY).map((ref) => dossierStore().find(ref)),
    );
    for (const found of wave) if (found) dossiers.set(found.dossier.consignmentRef, found.dossier);
  }
  for (const item of records) {
    const dossier = dossiers.get(item.consignmentRef);
    if (dossier) byItem.set(item.itemCode, dossier);
  }
  return byItem;
}
