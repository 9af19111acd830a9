/**
 * The route sheet over HTTP: a supervisor gives a pickup and a collection to a staff member, who
 * prints the day's sheet (read back with pdftotext): the stops in the worklist's order, whom to
 * meet, phones, addresses, the money per stop and in total as the worklist says, the promised
 * date, a signature box. Staff print only their own; another office's supervisor none.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnd, spacedItemCode } from '../../functions/documents/item-label.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-route-sheet-'));
let runtime: RunningRuntime;
let agency: string;
let staff: string;
let supervisor: string;
let otherSupervisor: string;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

/** The token's subject: whom a supervisor assigns work to. */
const subjectOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }).sub;

async function sheet(query: string, token: string): Promise<{ status: number; text: string; type: string }> {
  const answer = await fetch(`${runtime.url}/v1/worklist/route-sheet?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = Buffer.from(await answer.arrayBuffer());
  const type = answer.headers.get('content-type') ?? '';
  if (type !== 'application/pdf') return { status: answer.status, text: bytes.toString('utf8'), type };
  return {
    status: answer.status,
    text: execFileSync('pdftotext', ['-raw', '-', '-'], { input: bytes })
      .toString('utf8')
      .replace(/\s+/g, ' '),
    type,
  };
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  supervisor = await runtime.token('postal-supervisor', { postOfficeCode: OFFICE });
  otherSupervisor = await runtime.token('postal-supervisor', { postOfficeCode: 'BC-HCM-01' });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const applicant = (fullName: string, phone: string, line: string) => ({
  fullName,
  phone,
  address: { line, communeCode: '00004', provinceCode: '01' },
});

describe('the route sheet', () => {
  it("prints a staff member's assigned pickups and collections with names, phones, money and totals", async () => {
    const later = localDate(new Date(Date.now() + 15 * 24 * 3_600_000));
    const promised = localDate(new Date(Date.now() + 40 * 24 * 3_600_000));
    const paper = await call('POST', '/v1/dossiers', staff, {
      ...dossierRequest({
        dossierCode: undefined,
        services: { pickup: true, return: false },
        fees: [{ code: 'LPH', name: 'Lệ phí', amount: 50_000, collectAt: 'pickup' }],
      }),
      agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
      applicant: applicant('Phạm Thị Lan', '0987000333', 'Phố Huế'),
    });
    expect(paper.status, JSON.stringify(paper.json)).toBe(201);
    const pickupCode: string = paper.json.items[0].itemCode;
    const online = await call('POST', '/v1/dossiers', agency, {
      ...dossierRequest({
        dossierCode: `${AGENCY}-${later.slice(2).replaceAll('-', '')}-0901`,
        fees: [],
        promisedDate: promised,
      }),
      agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
      applicant: applicant('Đỗ Văn Minh', '0987000444', '2 Hàng Khay'),
    });
    expect(online.status, JSON.stringify(online.json)).toBe(201);
    const collectionCode: string = online.json.items[0].itemCode;
    const { dossierCode } = online.json.dossier;
    expect((await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, agency, {})).status).toBe(200);

    const round = subjectOf(staff);
    const worklist = () =>
      call('GET', `/v1/worklist?date=${later}`, supervisor).then((a) => a.json.entries as Json[]);
    await eventually(async () => {
      const codes = (await worklist()).map((entry) => entry.itemCode);
      return codes.includes(pickupCode) && codes.includes(collectionCode) ? true : undefined;
    });
    const given = await call('POST', '/v1/worklist/assignments', supervisor, {
      assignments: [
        { itemCode: pickupCode, staffId: round },
        { itemCode: collectionCode, staffId: round },
      ],
    });
    expect(given.json.results.map((result: Json) => result.outcome)).toEqual(['assigned', 'assigned']);
    const entries = await eventually(async () => {
      const mine = (await worklist()).filter((entry) => entry.assignedStaffId === round);
      return mine.length === 2 ? mine : undefined;
    });
    const pickup = entries.find((entry) => entry.itemCode === pickupCode)!;
    expect(pickup.collectAmountVnd).toBeGreaterThan(50_000);

    const printed = await sheet(`date=${later}`, staff);
    expect(printed.status, printed.text.slice(0, 300)).toBe(200);
    const text = printed.text;
    expect(text).toContain('PHIẾU LỘ TRÌNH TRONG NGÀY');
    expect(text).toContain(`Nhân viên: ${round}`);
    expect(text).toContain('2 điểm: 1 nhận hồ sơ, 1 nhận kết quả');
    for (const expected of ['Phạm Thị Lan', '0987000333', 'Phố Huế', 'Nhận hồ sơ', 'Nhận kết quả', 'Ký nhận'])
      expect(text).toContain(expected);
    expect(text).toContain('Bộ phận');
    // The money as the worklist charges it, per stop and in total, in vi-VN.
    expect(text).toContain(formatVnd(pickup.collectAmountVnd));
    expect(text).toMatch(
      new RegExp(`Tổng tiền phải thu\\s+${formatVnd(pickup.collectAmountVnd).replace('.', '\\.')}`),
    );
    const [year, month, day] = promised.split('-');
    expect(text).toContain(`Hẹn trả ${day}/${month}/${year}`);
    // In the worklist's order: the stop due first is listed first.
    const positions = entries.map((entry) => text.indexOf(spacedItemCode(entry.itemCode)));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));

    // A supervisor prints it too; staff only their own; another office's supervisor not at all.
    const bySupervisor = await sheet(`date=${later}&staffId=${round}`, supervisor);
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.text).toContain('Phạm Thị Lan');
    const foreign = await sheet(`date=${later}&staffId=nv-khac`, staff);
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text).type).toBe('https://bcci-bridge.vn/problems/forbidden');
    const otherOffice = await sheet(
      `date=${later}&postOfficeCode=${OFFICE}&staffId=${round}`,
      otherSupervisor,
    );
    expect(otherOffice.status).toBe(403);
    // Nobody's round: an empty sheet, not an error.
    const empty = await sheet(`date=${later}&staffId=nv-trong`, supervisor);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('0 điểm');
  });

  it('refuses a malformed day or staff id with a problem', async () => {
    for (const query of [
      'date=2026-13-40',
      'staffId=' + encodeURIComponent('a b'),
      'postOfficeCode=' + 'x'.repeat(300),
    ]) {
      const answer = await sheet(query, staff);
      expect(answer.status, query).toBe(400);
      expect(JSON.parse(answer.text).type).toBe('https://bcci-bridge.vn/problems/validation-failed');
    }
  });
});
