/**
 * The consignment slip (phiếu gửi hồ sơ) as an A4 document: what a citizen hands the post for
 * an administrative procedure — the documents, originals and copies, the services asked for,
 * the fees and when they are collected — signed by the citizen and the postal clerk. The
 * layout is that of a Vietnamese administrative form (see `A4Flow` in `page-flow.ts`):
 * the office and the national heading at the top, numbered sections, the signature blocks at
 * the bottom. Fifty documents with long names run onto a second page, the table header
 * repeated.
 */
import { LineCapStyle, type PDFPage } from 'pdf-lib';
import { formatVietnamDateTime, formatVnd, spacedItemCode } from './item-label.ts';
import { A4Flow, BODY_SIZE, checkCode128, type EndingPart } from './page-flow.ts';
import { listRows, type TableColumn } from './page-table.ts';
import {
  createDocument,
  drawText,
  FONT_EXTENT,
  fitText,
  linesHeight,
  parseInstant,
  pdfBytes,
  strokeBox,
} from './pdf.ts';

export type DocumentKind = 'original' | 'certified-copy' | 'copy';
export type Exemption = 'none' | 'half' | 'full';

export interface ConsignmentSlipDocument {
  /** PG…; printed with a Code 128 barcode. */
  consignmentRef: string;
  /** The agency's dossier code, once it has one. */
  dossierCode: string | null;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  applicant: {
    fullName: string;
    phone: string;
    idNumber?: string;
    addressLine: string;
    communeCode: string;
    provinceCode: string;
    /** The province by name with its code, as `provinceText` gives it. */
    provinceText?: string;
    /** The commune by name with its code, as `communeText` gives it. */
    communeText?: string;
  };
  /** Up to 50. */
  documents: { name: string; kind: DocumentKind; count: number }[];
  services: { pickup: boolean; return: boolean };
  /** Amounts in whole dong. */
  fees: { name: string; amount: number; collectAt: 'pickup' | 'delivery' }[];
  exemption: Exemption;
  items: { itemCode: string; direction: 'inbound' | 'outbound' }[];
  /** The day the agency promised the result (ngày hẹn trả), `YYYY-MM-DD`, when it gave one. */
  promisedDate?: string;
  /** The number on the package's seal, once sealed at pickup. */
  sealNumber?: string;
  postOffice: { code: string; name: string };
  /** ISO date-time: the slip's date. */
  registeredAt: string;
  /** ISO date-time. */
  printedAt: string;
}

export const CONSIGNMENT_SLIP_TITLE = 'PHIẾU GỬI HỒ SƠ';

export const DOCUMENT_KIND_TEXT: Readonly<Record<DocumentKind, string>> = {
  original: 'Bản chính',
  'certified-copy': 'Bản sao chứng thực',
  copy: 'Bản sao',
};

export const COLLECT_AT_TEXT: Readonly<Record<'pickup' | 'delivery', string>> = {
  pickup: 'Thu khi nhận hồ sơ',
  delivery: 'Thu khi phát kết quả',
};

export const SERVICE_TEXT = {
  pickup: 'Chuyển phát hồ sơ',
  return: 'Nhận kết quả qua bưu chính',
} as const;

export const EXEMPTION_TEXT: Readonly<Record<Exemption, string>> = {
  none: 'Không',
  half: 'Giảm 50%',
  full: 'Miễn 100%',
};

const DIRECTION_TEXT = { inbound: 'chuyển hồ sơ', outbound: 'trả kết quả' } as const;

const TABLE_SIZE = 9;

const DOCUMENT_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 28, align: 'center' },
  { header: 'Tên giấy tờ', width: 0, maxLines: 3 },
  { header: 'Loại bản', width: 108, align: 'center' },
  { header: 'Số lượng', width: 52, align: 'center' },
];

const FEE_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 28, align: 'center' },
  { header: 'Khoản thu', width: 0, maxLines: 2 },
  { header: 'Thời điểm thu', width: 120, align: 'center' },
  { header: 'Số tiền', width: 92, align: 'right' },
];

/** Renders the slip as an A4 PDF (one page, more for long lists of documents). */
export async function renderConsignmentSlip(input: ConsignmentSlipDocument): Promise<Uint8Array> {
  checkSlip(input);
  const { doc, fonts } = await createDocument({
    title: `Phiếu gửi hồ sơ ${input.consignmentRef}`,
    subject: input.procedure.name,
    createdAt: input.printedAt,
    keywords: [input.consignmentRef, ...(input.dossierCode === null ? [] : [input.dossierCode])],
  });
  const flow = new A4Flow(doc, fonts, {
    runningTitle: CONSIGNMENT_SLIP_TITLE,
    runningNumber: `Số: ${input.consignmentRef}`,
    footer: `Phiếu gửi số ${input.consignmentRef} · In lúc ${formatVietnamDateTime(input.printedAt, 'printedAt')}`,
  });

  flow.administrativeHeading({
    unit: input.postOffice.name,
    barcode: input.consignmentRef,
    number: `Số: ${input.consignmentRef}`,
    date: input.registeredAt,
  });
  flow.title(
    CONSIGNMENT_SLIP_TITLE,
    '(Gửi hồ sơ, nhận kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích)',
  );

  applicantSection(flow, input.applicant);
  dossierSection(flow, input);
  documentsSection(flow, input.documents);
  feesSection(flow, input);
  signatures(flow, input);

  flow.finish();
  return pdfBytes(doc);
}

/** I: who sends the dossier. */
function applicantSection(flow: A4Flow, applicant: ConsignmentSlipDocument['applicant']): void {
  flow.heading('I. THÔNG TIN NGƯỜI GỬI');
  flow.field('Họ và tên:', applicant.fullName);
  flow.fieldsRow([
    { label: 'Điện thoại:', value: applicant.phone },
    { label: 'Số định danh cá nhân:', value: applicant.idNumber?.trim() || '—' },
  ]);
  flow.field(
    'Địa chỉ:',
    `${applicant.addressLine.trim()}, ${applicant.communeText ?? `mã xã/phường ${applicant.communeCode}`}, ${applicant.provinceText ?? `mã tỉnh/thành phố ${applicant.provinceCode}`}`,
    { bold: false },
  );
}

/** II: the procedure, the dossier, the agency, the items and the services asked for. */
function dossierSection(flow: A4Flow, input: ConsignmentSlipDocument): void {
  flow.heading('II. HỒ SƠ VÀ DỊCH VỤ ĐĂNG KÝ');
  flow.field('Thủ tục hành chính:', input.procedure.name);
  flow.fieldsRow([
    { label: 'Mã thủ tục:', value: input.procedure.code, bold: false },
    { label: 'Mã hồ sơ:', value: input.dossierCode ?? 'Chưa cấp' },
  ]);
  flow.field('Cơ quan giải quyết:', `${input.agency.name} (mã ${input.agency.code})`, { bold: false });
  if (input.promisedDate !== undefined) {
    flow.field('Ngày hẹn trả kết quả:', localDayText(input.promisedDate));
  }
  flow.field(
    'Số hiệu bưu gửi:',
    input.items.length === 0
      ? 'Chưa gán'
      : input.items
          .map((item) => `${spacedItemCode(item.itemCode)} (${DIRECTION_TEXT[item.direction]})`)
          .join('; '),
  );
  flow.field('Số niêm phong:', input.sealNumber?.trim() || 'Chưa niêm phong', {
    bold: Boolean(input.sealNumber),
  });
  checkboxes(flow, 'Dịch vụ:', [
    { label: SERVICE_TEXT.pickup, checked: input.services.pickup },
    { label: SERVICE_TEXT.return, checked: input.services.return },
  ]);
}

/** III: the documents handed in, and how many copies in all. */
function documentsSection(flow: A4Flow, documents: ConsignmentSlipDocument['documents']): void {
  flow.heading('III. THÀNH PHẦN HỒ SƠ');
  const copies = documents.reduce((sum, document) => sum + document.count, 0);
  const rows = listRows(
    documents,
    (document) => [document.name, DOCUMENT_KIND_TEXT[document.kind], String(document.count)],
    { total: { caption: `Tổng cộng: ${documents.length} loại giấy tờ`, span: 3, cells: [String(copies)] } },
  );
  flow.table(DOCUMENT_COLUMNS, rows, { size: TABLE_SIZE });
}

/** IV: the fees, their total, what is collected at pickup and at delivery, and any exemption. */
function feesSection(flow: A4Flow, input: ConsignmentSlipDocument): void {
  flow.heading('IV. CƯỚC, PHÍ, LỆ PHÍ');
  if (input.fees.length === 0) {
    flow.paragraph('Không có khoản thu.');
  } else {
    const total = input.fees.reduce((sum, fee) => sum + fee.amount, 0);
    const rows = listRows(
      input.fees,
      (fee) => [fee.name, COLLECT_AT_TEXT[fee.collectAt], formatVnd(fee.amount)],
      { total: { caption: 'Tổng cộng', span: 3, cells: [formatVnd(total)] } },
    );
    flow.table(FEE_COLUMNS, rows, { size: TABLE_SIZE });
    flow.space(4);
    const at = (collectAt: 'pickup' | 'delivery') =>
      formatVnd(
        input.fees.filter((fee) => fee.collectAt === collectAt).reduce((sum, fee) => sum + fee.amount, 0),
      );
    flow.fieldsRow([
      { label: `${COLLECT_AT_TEXT.pickup}:`, value: at('pickup') },
      { label: `${COLLECT_AT_TEXT.delivery}:`, value: at('delivery') },
    ]);
  }
  flow.field('Miễn, giảm:', EXEMPTION_TEXT[input.exemption]);
}

/** The citizen's commitment, then the citizen's and the clerk's signature blocks. */
function signatures(flow: A4Flow, input: ConsignmentSlipDocument): void {
  const ending: EndingPart[] = [
    { space: 6 },
    { text: commitment(input.services), options: { italic: true, size: 9.5 } },
    { space: 8 },
  ];
  flow.ending(ending, [
    { heading: 'NGƯỜI GỬI', party: 'Người nộp hồ sơ', signer: input.applicant.fullName },
    { heading: 'NHÂN VIÊN BƯU CHÍNH', party: input.postOffice.name },
  ]);
}

/** What the citizen declares and agrees to, by the services asked for. */
function commitment(services: ConsignmentSlipDocument['services']): string {
  const agreed = [
    ...(services.pickup ? ['chuyển hồ sơ đến cơ quan giải quyết'] : []),
    ...(services.return ? ['chuyển trả kết quả giải quyết đến địa chỉ trên'] : []),
  ];
  const agreement = agreed.length === 0 ? '' : `; đồng ý để Bưu chính công ích ${agreed.join(' và ')}`;
  return `Người gửi cam đoan thông tin và các giấy tờ kê khai trên là đúng sự thật${agreement}.`;
}

/** A caption, then check boxes side by side in equal columns, ticked or empty, each with its label. */
function checkboxes(
  flow: A4Flow,
  caption: string,
  boxes: readonly { label: string; checked: boolean }[],
): void {
  const { fonts } = flow;
  const size = BODY_SIZE;
  const side = 9;
  const height = Math.max(side, linesHeight(1, size));
  flow.ensure(height);
  const top = flow.y;
  const captionWidth = drawText(flow.page, caption, top + size * FONT_EXTENT.ascent, {
    font: fonts.regular,
    size,
    x: flow.left,
  });
  const start = flow.left + captionWidth + 8;
  const columnWidth = (flow.left + flow.width - start) / boxes.length;
  boxes.forEach((box, i) => {
    const x = start + i * columnWidth;
    const boxTop = top + size * FONT_EXTENT.ascent * 0.5 - side / 2 + 1;
    strokeBox(flow.page, { x, top: boxTop, width: side, height: side }, 0.8);
    if (box.checked) tick(flow.page, x, boxTop, side);
    const label = fitText(box.label, {
      font: fonts.regular,
      size,
      minSize: 8,
      maxWidth: columnWidth - side - 12,
      maxLines: 1,
    });
    drawText(flow.page, label.lines[0] ?? '', top + size * FONT_EXTENT.ascent, {
      font: fonts.regular,
      size: label.size,
      x: x + side + 5,
    });
  });
  flow.y = top + height + 3;
}

/** A tick mark inside a check box. */
function tick(page: PDFPage, x: number, top: number, side: number): void {
  const y = (down: number) => page.getHeight() - top - down;
  const points = [
    { x: x + side * 0.2, y: y(side * 0.52) },
    { x: x + side * 0.42, y: y(side * 0.76) },
    { x: x + side * 0.82, y: y(side * 0.24) },
  ] as const;
  for (let i = 0; i + 1 < points.length; i++) {
    page.drawLine({ start: points[i]!, end: points[i + 1]!, thickness: 1.3, lineCap: LineCapStyle.Round });
  }
}

/** `2026-12-05` as `05/12/2026`. */
function localDayText(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

function checkSlip(input: ConsignmentSlipDocument): void {
  checkCode128(input.consignmentRef, 'consignmentRef');
  if (input.promisedDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.promisedDate)) {
    throw new RangeError(`promisedDate is not a day: ${input.promisedDate}`);
  }
  parseInstant(input.registeredAt, 'registeredAt');
  parseInstant(input.printedAt, 'printedAt');
  for (const [i, document] of input.documents.entries()) {
    if (!Number.isInteger(document.count) || document.count < 1) {
      throw new RangeError(`documents[${i}].count is not a count: ${document.count}`);
    }
  }
  for (const [i, fee] of input.fees.entries()) {
    if (!Number.isFinite(fee.amount) || fee.amount < 0) {
      throw new RangeError(`fees[${i}].amount is not an amount: ${fee.amount}`);
    }
  }
}
