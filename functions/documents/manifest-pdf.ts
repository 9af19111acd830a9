/**
 * The handover manifest (biên bản giao nhận) as an A4 document: the post hands dossiers to an
 * agency's one-stop shop, or collects results from it, and both sides sign a list of the items
 * that changed hands. It follows the layout of Vietnamese administrative documents: the issuing
 * unit top left, the national heading top right, the title centred, the body, and the signature
 * blocks at the bottom. Up to 500 lines run over as many pages as they need, the table header
 * repeated on each and every page numbered "Trang x/y" (see `A4Flow` in `page-flow.ts`).
 */
import { formatVietnamDateTime, spacedItemCode } from './item-label.ts';
import { A4Flow, checkCode128, type EndingPart, type SignatureBlock } from './page-flow.ts';
import type { TableColumn, TableRow } from './page-table.ts';
import { createDocument, parseInstant, pdfBytes } from './pdf.ts';

export type ManifestKind = 'handover-to-agency' | 'collect-from-agency';
export type ManifestLineStatus = 'received' | 'missing';

export interface HandoverManifestLine {
  /** Dossier code like 000.00.06.H56-231027-0361, or a consignment ref PG… */
  dossierRef: string;
  /** S10, e.g. RH123456785VN; printed in groups. */
  itemCode: string;
  applicantName: string;
  procedureName: string;
  /** How many documents (thành phần hồ sơ) the item holds. */
  documentsCount: number;
  /** The number on the package's seal (số niêm phong), put on at pickup; printed under the item code. */
  sealNumber?: string;
  /** When absent and the manifest is confirmed: missing if the confirmation lists the item as missing, else received. */
  status?: ManifestLineStatus;
}

export interface HandoverManifestConfirmation {
  /** Who signed for the receiving side. */
  signedBy: string;
  /** ISO date-time; printed as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
  signedAt: string;
  /** The account that recorded the confirmation. */
  confirmedBy?: string;
  /** Item codes on the manifest that the receiving side did not get. */
  missing: string[];
  /** Item codes the receiving side got that are not on the manifest. */
  unexpected: string[];
}

export interface HandoverManifestDocument {
  /** E.g. BB01JD4Q7ZK2M9; also printed as a Code 128 barcode. */
  manifestId: string;
  kind: ManifestKind;
  postOffice: { code: string; name: string };
  agency: { code: string; name: string };
  /** ISO date-time: when the manifest was drawn up. */
  createdAt: string;
  lines: HandoverManifestLine[];
  confirmation?: HandoverManifestConfirmation | null;
  /** ISO date-time. */
  printedAt: string;
}

export const MANIFEST_TITLES: Readonly<Record<ManifestKind, string>> = {
  'handover-to-agency': 'BIÊN BẢN GIAO NHẬN HỒ SƠ',
  'collect-from-agency': 'BIÊN BẢN GIAO NHẬN KẾT QUẢ GIẢI QUYẾT TTHC',
};

const MANIFEST_SUBTITLES: Readonly<Record<ManifestKind, string>> = {
  'handover-to-agency': '(Bưu chính công ích chuyển giao hồ sơ thủ tục hành chính cho Bộ phận Một cửa)',
  'collect-from-agency':
    '(Bộ phận Một cửa chuyển giao kết quả giải quyết thủ tục hành chính cho Bưu chính công ích)',
};

export const MANIFEST_STATUS_TEXT: Readonly<Record<ManifestLineStatus, string>> = {
  received: 'Đã nhận',
  missing: 'Thiếu',
};

const POSTAL_SERVICE_UNIT_NAME = 'Bưu chính công ích';

const TABLE_SIZE = 8;

/** Renders the manifest as an A4 PDF, one page or several. */
export async function renderHandoverManifest(input: HandoverManifestDocument): Promise<Uint8Array> {
  checkManifest(input);
  const title = MANIFEST_TITLES[input.kind];
  const { doc, fonts } = await createDocument({
    title: `Biên bản giao nhận ${input.manifestId}`,
    subject: title,
    createdAt: input.printedAt,
    keywords: [input.manifestId, input.postOffice.code, input.agency.code],
  });
  const flow = new A4Flow(doc, fonts, {
    runningTitle: title,
    runningNumber: `Số: ${input.manifestId}`,
    footer: `Biên bản số ${input.manifestId} · In lúc ${formatVietnamDateTime(input.printedAt, 'printedAt')}`,
  });

  flow.administrativeHeading({
    unit: input.postOffice.name,
    barcode: input.manifestId,
    number: `Số: ${input.manifestId}`,
    date: input.createdAt,
  });
  flow.title(title, MANIFEST_SUBTITLES[input.kind]);
  parties(flow, input);

  const statuses = lineStatuses(input);
  flow.table(MANIFEST_COLUMNS, manifestRows(input.lines, statuses), { size: TABLE_SIZE });
  flow.space(8);

  flow.ending(
    [
      ...summary(input, statuses),
      { space: 8 },
      { text: 'Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.' },
      { space: 10 },
    ],
    signatures(input),
  );

  flow.finish();
  return pdfBytes(doc);
}

/** When and where, who gives and who receives, and how many items change hands. */
function parties(flow: A4Flow, input: HandoverManifestDocument): void {
  const post = `${input.postOffice.name} (mã bưu cục ${input.postOffice.code})`;
  const agency = `${input.agency.name} (mã ${input.agency.code})`;
  const postGives = input.kind === 'handover-to-agency';
  const [giver, receiver] = postGives ? [post, agency] : [agency, post];
  const created = formatVietnamDateTime(input.createdAt, 'createdAt').split(' ');
  flow.paragraph(`Hôm nay, lúc ${created[1]} ngày ${created[0]}, tại ${input.agency.name}, chúng tôi gồm:`);
  flow.space(3);
  flow.field('Bên giao:', giver);
  flow.field('Bên nhận:', receiver);
  flow.space(3);
  const count = input.lines.length;
  flow.paragraph(
    postGives
      ? `Hai bên tiến hành giao nhận hồ sơ thủ tục hành chính do tổ chức, cá nhân gửi qua dịch vụ bưu chính công ích, gồm ${count} bưu gửi theo danh sách sau:`
      : `Hai bên tiến hành giao nhận kết quả giải quyết thủ tục hành chính để chuyển trả cho tổ chức, cá nhân qua dịch vụ bưu chính công ích, gồm ${count} bưu gửi theo danh sách sau:`,
  );
  flow.space(6);
}

/** Each line's status: as given, else from the confirmation; none before the manifest is confirmed. */
function lineStatuses(input: HandoverManifestDocument): (ManifestLineStatus | undefined)[] {
  const confirmation = input.confirmation ?? null;
  const missingCodes = new Set(confirmation?.missing ?? []);
  return input.lines.map(
    (line): ManifestLineStatus | undefined =>
      line.status ??
      (confirmation === null ? undefined : missingCodes.has(line.itemCode) ? 'missing' : 'received'),
  );
}

/** A row per item, a missing one shaded with its status in bold. */
function manifestRows(
  lines: readonly HandoverManifestLine[],
  statuses: readonly (ManifestLineStatus | undefined)[],
): TableRow[] {
  return lines.map((line, i) => {
    const status = statuses[i];
    return {
      shade: status === 'missing',
      cells: [
        String(i + 1),
        line.dossierRef,
        line.sealNumber
          ? `${spacedItemCode(line.itemCode)} · Niêm phong ${line.sealNumber}`
          : spacedItemCode(line.itemCode),
        line.applicantName,
        line.procedureName,
        String(line.documentsCount),
        { text: status === undefined ? '' : MANIFEST_STATUS_TEXT[status], bold: status === 'missing' },
      ],
    };
  });
}

/** The totals; once confirmed, what was received, what was missing and what came unlisted. */
function summary(
  input: HandoverManifestDocument,
  statuses: readonly (ManifestLineStatus | undefined)[],
): EndingPart[] {
  const confirmation = input.confirmation ?? null;
  const count = input.lines.length;
  const documents = input.lines.reduce((sum, line) => sum + line.documentsCount, 0);
  const item = (text: string): EndingPart => ({ text, options: { indent: 12, hangingIndent: 8 } });
  const parts: EndingPart[] = [
    { text: 'Tổng hợp:', options: { bold: true } },
    item(`- Tổng số: ${count} bưu gửi, ${documents} thành phần hồ sơ.`),
  ];
  if (confirmation === null) {
    parts.push(item('- Bên nhận chưa xác nhận kết quả kiểm nhận trên hệ thống.'));
    return parts;
  }
  const missing = input.lines.filter((_, i) => statuses[i] === 'missing').map((line) => line.itemCode);
  const received = statuses.filter((status) => status === 'received').length;
  const counted = (n: number, codes: readonly string[]) =>
    codes.length === 0 ? `${n} bưu gửi.` : `${n} bưu gửi (${codes.map(spacedItemCode).join(', ')}).`;
  parts.push(
    item(`- Đã nhận: ${received} bưu gửi.`),
    item(`- Thiếu: ${counted(missing.length, missing)}`),
    item(`- Ngoài danh sách: ${counted(confirmation.unexpected.length, confirmation.unexpected)}`),
  );
  return parts;
}

/** The giving and the receiving side's blocks; the receiver's signer once the manifest is confirmed. */
function signatures(input: HandoverManifestDocument): SignatureBlock[] {
  const confirmation = input.confirmation ?? null;
  const signed =
    confirmation === null
      ? undefined
      : {
          signer: confirmation.signedBy,
          details: [
            `Ký lúc ${formatVietnamDateTime(confirmation.signedAt, 'confirmation.signedAt')}`,
            ...(confirmation.confirmedBy === undefined || confirmation.confirmedBy.trim() === ''
              ? []
              : [`Xác nhận trên hệ thống: ${confirmation.confirmedBy}`]),
          ],
        };
  const postGives = input.kind === 'handover-to-agency';
  const postParty = `${POSTAL_SERVICE_UNIT_NAME} – ${input.postOffice.name}`;
  const agencyParty = input.agency.name;
  return [
    { heading: 'ĐẠI DIỆN BÊN GIAO', party: postGives ? postParty : agencyParty },
    { heading: 'ĐẠI DIỆN BÊN NHẬN', party: postGives ? agencyParty : postParty, ...signed },
  ];
}

/**
 * Across the 496 pt text block, at 8 pt: a dossier code (119–130 pt, shrunk a little if need
 * be) and a spaced S10 code (75 pt) on one line; the procedure takes what is left, on up to
 * three lines.
 */
const MANIFEST_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 25, align: 'center' },
  { header: 'Mã hồ sơ', width: 132, wrap: 'code', maxLines: 2 },
  { header: 'Số hiệu bưu gửi', width: 82, wrap: 'code', maxLines: 3 },
  { header: 'Người nộp', width: 76, maxLines: 2 },
  { header: 'Thủ tục', width: 0, maxLines: 3 },
  { header: 'Số TP', width: 29, align: 'center' },
  { header: 'Tình trạng', width: 46, align: 'center' },
];

function checkManifest(input: HandoverManifestDocument): void {
  checkCode128(input.manifestId, 'manifestId');
  parseInstant(input.createdAt, 'createdAt');
  parseInstant(input.printedAt, 'printedAt');
  if (input.confirmation) parseInstant(input.confirmation.signedAt, 'confirmation.signedAt');
  for (const [i, line] of input.lines.entries()) {
    if (!Number.isInteger(line.documentsCount) || line.documentsCount < 0) {
      throw new RangeError(`lines[${i}].documentsCount is not a count: ${line.documentsCount}`);
    }
  }
}
