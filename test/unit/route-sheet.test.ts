/** The route sheet: one staff member's stops from the office's worklist, bounded, and their PDF. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROUND_MAX_PAGES, ROUND_PAGE_SIZE, staffRound } from '../../functions/app/items/route-sheet.ts';
import {
  ROUTE_SHEET_MAX_STOPS,
  type RouteStop,
  renderRouteSheet,
} from '../../functions/documents/route-sheet.ts';
import type { WorklistEntry } from '../../functions/domain/items/worklist.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';

const entry = (n: number, assignedStaffId: string | null): WorklistEntry => ({
  postOfficeCode: 'BC-HN-01',
  itemCode: `RK${String(n).padStart(8, '0')}5VN`,
  workKind: 'delivery',
  dueAt: '2026-11-20T03:00:00.000Z',
  listAt: '2026-11-20T03:00:00.000Z',
  direction: 'outbound',
  consignmentRef: `PG${n}`,
  dossierCode: null,
  agencyCode: '000.00.06.H26',
  contact: null,
  addressee: {
    name: 'Nguyễn Văn A',
    phone: '0912345678',
    addressLine: '1 Lê Lợi',
    communeCode: '00004',
    provinceCode: '01',
  },
  collectAmountVnd: 30_000,
  failedAttempts: 0,
  assignedStaffId,
});

/** A worklist of `total` entries, every `share`-th given to NV01, read a page at a time. */
function office(total: number, share: number) {
  const all = Array.from({ length: total }, (_, i) => entry(i, i % share === 0 ? 'NV01' : 'NV02'));
  const reads: number[] = [];
  return {
    reads,
    ports: {
      items: {
        async worklist(
          _office: string,
          _due: string,
          limit: number,
          cursor: Record<string, unknown> | undefined,
        ) {
          const start = (cursor?.at as number | undefined) ?? 0;
          reads.push(start);
          const next = start + limit < all.length ? { at: start + limit } : undefined;
          return { entries: all.slice(start, start + limit), next };
        },
      },
    },
  };
}

const request = (maxStops: number) => ({
  postOfficeCode: 'BC-HN-01',
  dueBefore: '2026-11-20T16:59:59.999Z',
  staffId: 'NV01',
  maxStops,
});

describe("a staff member's round", () => {
  it('keeps their entries only, in the order of the worklist, across pages', async () => {
    const { ports, reads } = office(450, 3);
    const stops = await staffRound(ports, request(ROUTE_SHEET_MAX_STOPS));
    expect(stops).toHaveLength(150);
    expect(stops.every((stop) => stop.assignedStaffId === 'NV01')).toBe(true);
    expect(stops.map((stop) => stop.itemCode)).toEqual(
      [...stops].sort((a, b) => a.itemCode.localeCompare(b.itemCode)).map((stop) => stop.itemCode),
    );
    expect(reads).toEqual([0, ROUND_PAGE_SIZE, 2 * ROUND_PAGE_SIZE]);
  });

  it('refuses a round of more stops than a sheet holds, and a worklist longer than it reads', async () => {
    await expect(staffRound(office(30, 1).ports, request(29))).rejects.toThrow(DomainRefusal);
    expect((await staffRound(office(29, 1).ports, request(29))).length).toBe(29);
    const endless = office(ROUND_PAGE_SIZE * ROUND_MAX_PAGES + 1, 1_000_000);
    await expect(staffRound(endless.ports, request(ROUTE_SHEET_MAX_STOPS))).rejects.toThrow(/runs past/);
    expect(endless.reads).toHaveLength(ROUND_MAX_PAGES);
  });
});

const stop = (n: number): RouteStop => ({
  kind: n % 2 ? 'pickup' : 'delivery',
  itemCode: 'RK000000014VN',
  dossierRef: `000.00.06.H26-261120-${String(n).padStart(4, '0')}`,
  name: 'Nguyễn Thị Hoa',
  phone: '0912345678',
  address: '12 Trần Phú',
  collectAmountVnd: 1_234_000,
  dueAt: '2026-11-20T03:00:00.000Z',
  promisedDate: '2026-11-25',
  failedAttempts: n === 2 ? 1 : 0,
});

const sheet = (stops: RouteStop[]) =>
  renderRouteSheet({
    postOffice: { code: 'BC-HN-01', name: 'Bưu cục Ba Đình' },
    staffId: 'NV01',
    date: '2026-11-20',
    stops,
    printedAt: '2026-11-20T01:00:00.000Z',
  });

describe('the route sheet PDF', () => {
  it('prints the stops, the vi-VN totals and dates, on as many pages as they need, up to the limit', async () => {
    const pdf = await sheet(Array.from({ length: ROUTE_SHEET_MAX_STOPS }, (_, i) => stop(i + 1)));
    const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: Buffer.from(pdf) })
      .toString('utf8')
      .replace(/\s+/g, ' ');
    expect(text).toContain('PHIẾU LỘ TRÌNH TRONG NGÀY');
    expect(text).toContain('(Ngày 20/11/2026)');
    expect(text).toContain('1.234.000 đ');
    expect(text).toContain(
      `Tổng tiền phải thu ${(1_234_000 * ROUTE_SHEET_MAX_STOPS).toLocaleString('vi-VN')} đ`,
    );
    expect(text).toContain('Hẹn trả 25/11/2026');
    expect(text).toContain('Phát kết quả (lần 2)');
    expect(text).toContain('261120-0200');
    expect(text).toMatch(/Trang \d+\/\d+/);
    await expect(sheet(Array.from({ length: ROUTE_SHEET_MAX_STOPS + 1 }, (_, i) => stop(i)))).rejects.toThrow(
      RangeError,
    );
  });
});
