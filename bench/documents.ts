/**
 * How long the printed documents take to render, in this process: a thermal item label once
 * the fonts are loaded (median of 20), and a handover record of 500 items over numbered pages
 * (median of 3). The document tests check what the pages say; this checks how fast.
 */
import { performance } from 'node:perf_hooks';
import { renderItemLabel, warmUpItemLabels } from '../functions/documents/item-label.ts';
import { type HandoverManifestLine, renderHandoverManifest } from '../functions/documents/manifest-pdf.ts';
import { s10CheckDigit } from '../schemas/s10.ts';
import { median, round } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome } from './lib/types.ts';

const LABEL_RUNS = 20;
const MANIFEST_RUNS = 3;
const MANIFEST_LINES = 500;

const itemCode = (serial: number): string => {
  const digits = String(serial).padStart(8, '0');
  return `RH${digits}${s10CheckDigit(digits)}VN`;
};

function manifestLine(i: number): HandoverManifestLine {
  return {
    dossierRef: `000.00.06.H56-231027-${String(1 + i).padStart(4, '0')}`,
    itemCode: itemCode(12_345_678 + i),
    applicantName: i % 2 === 0 ? 'Nguyễn Thị Hoà' : 'Trần Văn Ẩn',
    procedureName:
      'Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất',
    documentsCount: 1 + (i % 5),
  };
}

async function timeOf(work: () => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

const renderLabel = (serial: number) =>
  renderItemLabel({
    itemCode: itemCode(serial),
    direction: 'inbound',
    dossierRef: '000.00.06.H56-231027-0361',
    trackingUrl: `https://tracuu.bcci.vn/t/${itemCode(serial)}`,
    sender: {
      name: 'Trần Văn Ẩn',
      phone: '0912 345 678',
      addressLine: 'Số 12 ngõ 34 phố Lê Duẩn',
      commune: 'Phường Cửa Nam',
      province: 'Thành phố Hà Nội',
    },
    recipient: {
      name: 'Nguyễn Thị Hoà',
      phone: '0262 3852 555',
      addressLine: 'Thôn 3, đường Nguyễn Tất Thành',
      commune: 'Xã Hoà Thắng',
      province: 'Tỉnh Đắk Lắk',
    },
    originOfficeCode: 'BC-HN-01',
    destinationOfficeCode: 'BC-DLK-03',
    dueAt: '2023-10-30T17:30:00Z',
    service: 'Chuyển phát hồ sơ TTHC',
    amountToCollectVnd: 135_000,
    printedAt: '2023-10-27T02:05:00Z',
  });

const renderManifest = () =>
  renderHandoverManifest({
    manifestId: 'BB01JD4Q7ZK2M9',
    kind: 'handover-to-agency',
    postOffice: { code: 'BC-HN-01', name: 'Bưu cục Giao dịch Hoàn Kiếm' },
    agency: { code: '000.00.06.H56', name: 'Bộ phận Tiếp nhận và Trả kết quả UBND phường Cửa Nam' },
    createdAt: '2023-10-27T02:05:00Z',
    lines: Array.from({ length: MANIFEST_LINES }, (_, i) => manifestLine(i)),
    confirmation: null,
    printedAt: '2023-10-27T03:45:00Z',
  });

export const documentRendering: Benchmark = {
  id: 'documents',
  title: 'Document rendering',
  timeLimitMs: 120_000,
  async run(): Promise<BenchmarkOutcome> {
    await warmUpItemLabels();
    let serial = 10_000_000;
    const labelMs = median(await timeOf(() => renderLabel(serial++), LABEL_RUNS));
    await renderManifest();
    const manifestMs = median(await timeOf(renderManifest, MANIFEST_RUNS));
    return {
      metrics: [
        {
          id: 'label-render-ms',
          label: `item label, warm (median of ${LABEL_RUNS})`,
          value: round(labelMs, 1),
          unit: 'ms',
          budget: { op: '<=', limit: 150 },
        },
        {
          id: 'manifest-500-render-ms',
          label: `handover record of ${MANIFEST_LINES} items (median of ${MANIFEST_RUNS})`,
          value: round(manifestMs, 0),
          unit: 'ms',
          budget: { op: '<=', limit: 2_000 },
        },
      ],
    };
  },
};
