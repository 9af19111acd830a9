/**
 * Money end to end, over HTTP only, on the embedded runtime: a month of deliveries paid in
 * cash and by VietQR, a short cash hand-in, a late remittance and a bank line with the wrong
 * amount, and the monthly statement that names each of those differences, read back as
 * JSON, CSV, XLSX and PDF. Bad input (negative and oversized amounts, unknown accounts, a
 * receipt voided twice, a malformed bank statement) is refused and changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, localDate } from '../../functions/domain/calendar/working-days.ts';
import { REMITTANCE_DUE_WORKING_DAYS } from '../../functions/domain/money/tariffs.ts';
import { readVietqr } from '../../functions/domain/money/vietqr.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { readPages } from '../support/pdf-reading.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
/** A second agency served by the same office: its receipts are voided without touching the first's month. */
const OTHER_AGENCY = '000.00.06.H56';
const HANOI = 'BC-HN-01';
const CASHIER = 'NV01';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-finance-'));
let runtime: RunningRuntime;
let tokens: Record<'agency' | 'otherAgency' | 'staff' | 'supervisor' | 'finance', string>;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

/**
 * The working day the month's deliveries happen on: the latest one whose remittance would
 * have been due before today (so that a remittance made today is late, the calendar's
 * holidays included), within the four weeks scans may go back. Most days of a month that is
 * in this month; early in a month it is in the month before.
 */
function deliveryDay(): string {
  const today = localDate(new Date());
  for (let back = 1; back <= 28; back += 1) {
    const day = localDate(new Date(Date.now() - back * 86_400_000));
    if (isWorkingDay(day) && addWorkingDays(day, REMITTANCE_DUE_WORKING_DAYS) < today) return day;
  }
  throw new Error('No working day in the last four weeks whose remittance is overdue');
}
const DAY = deliveryDay();
const PERIOD = DAY.slice(0, 7);
/** The hand-in is counted today: it belongs to this month's statement. */
const HANDIN_PERIOD = localDate(new Date()).slice(0, 7);
const at = (time: string) => new Date(`${DAY}T${time}:00+07:00`).toISOString();

let scanNumber = 0;
const scanId = () => `fin-${Date.now().toString(36)}-${++scanNumber}`;
let dossierNumber = 0;

/** A return-only dossier of the agency for a citizen the Hà Nội office serves, collected and out for delivery. */
async function outForDelivery(agencyCode: string, agencyToken: string, fee: number): Promise<string> {
  dossierNumber += 1;
  const registered = await call('POST', '/v1/dossiers', agencyToken, {
    ...dossierRequest({
      dossierCode: `${agencyCode}-${DAY.slice(2).replaceAll('-', '')}-${String(dossierNumber).padStart(4, '0')}`,
      fees: [{ code: 'LPH', name: 'Lệ phí cấp giấy phép', amount: fee, collectAt: 'delivery' }],
    }),
    agency: { code: agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
    applicant: {
      fullName: 'Phạm Thị Thu Hương',
      phone: '0987654321',
      idNumber: '001203001234',
      address: { line: '5 Đội Cấn', communeCode: '00004', provinceCode: '01' },
    },
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  const itemCode: string = registered.json.items[0].itemCode;
  // Within one commune, up to 100 g: 26,000 đồng of postage, then the fee.
  expect(registered.json.dossier.quote).toMatchObject({ dueAtDelivery: 26_000 + fee, total: 26_000 + fee });

  const ready = await call(
    'POST',
    `/v1/dossiers/${registered.json.dossier.dossierCode}/result-ready`,
    agencyToken,
    {
      readyAt: at('08:00'),
    },
  );
  expect(ready.status).toBe(200);
  const manifest = await call('POST', '/v1/manifests', tokens.staff, {
    kind: 'collect-from-agency',
    agencyCode,
    postOfficeCode: HANOI,
    itemCodes: [itemCode],
  });
  expect(manifest.status).toBe(201);
  const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, tokens.staff, {
    itemCodesReceived: [itemCode],
    signedBy: 'Lê Văn Tâm',
    signedAt: at('09:00'),
  });
  expect(confirmed.status).toBe(200);
  const out = await call('POST', '/v1/scans', tokens.staff, {
    scans: [
      {
        scanId: scanId(),
        itemCode,
        type: 'out-for-delivery',
        occurredAt: at('10:00'),
        postOfficeCode: HANOI,
      },
    ],
  });
  expect(out.json.results[0].outcome).toBe('accepted');
  return itemCode;
}

async function deliver(itemCode: string, amount: number, method: 'cash' | 'vietqr'): Promise<void> {
  const delivered = await call('POST', '/v1/scans', tokens.staff, {
    scans: [
      {
        scanId: scanId(),
        itemCode,
        type: 'delivered',
        occurredAt: at('11:00'),
        postOfficeCode: HANOI,
        staffId: CASHIER,
        proof: { recipientName: 'Phạm Thị Thu Hương', relation: 'self', idLast4: '1234' },
        collected: { amount, method },
      },
    ],
  });
  expect(delivered.json.results[0], JSON.stringify(delivered.json)).toMatchObject({
    outcome: 'accepted',
    itemStatus: 'delivered',
  });
}

async function balance(account: string): Promise<number> {
  const answer = await call('GET', `/v1/finance/accounts/${account}`, tokens.finance);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json.balance as number;
}

const settledBalance = (account: string, expected: number) =>
  eventually(async () => ((await balance(account)) === expected ? expected : undefined), 30_000);

async function postCsv(csv: string) {
  const answer = await fetch(`${runtime.url}/v1/finance/bank-statements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.finance}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: answer.status, json: (await answer.json()) as Json };
}

async function download(path: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const answer = await fetch(`${runtime.url}${path}`, {
    headers: { authorization: `Bearer ${tokens.finance}` },
  });
  return {
    status: answer.status,
    type: answer.headers.get('content-type'),
    bytes: new Uint8Array(await answer.arrayBuffer()),
  };
}

const items: Record<'cash' | 'vietqr' | 'cash2', string> = { cash: '', vietqr: '', cash2: '' };
let remittance: Json;

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  tokens = {
    agency: await runtime.token('agency', { agencyCode: AGENCY }),
    otherAgency: await runtime.token('agency', { agencyCode: OTHER_AGENCY }),
    staff: await runtime.token('postal-staff', { postOfficeCode: HANOI }),
    supervisor: await runtime.token('postal-supervisor', { postOfficeCode: HANOI }),
    finance: await runtime.token('finance'),
  };
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a month of money for one agency', () => {
  it('books deliveries paid in cash and by VietQR, with a receipt for each fee', async () => {
    items.cash = await outForDelivery(AGENCY, tokens.agency, 50_000);
    items.vietqr = await outForDelivery(AGENCY, tokens.agency, 100_000);
    items.cash2 = await outForDelivery(AGENCY, tokens.agency, 30_000);

    // The worklist (kept from the stream) offers a VietQR code for the exact amount, the item code as transfer content.
    const entry = await eventually(async () => {
      const worklist = await call(
        'GET',
        `/v1/worklist?postOfficeCode=${HANOI}&date=${localDate(new Date())}`,
        tokens.staff,
      );
      expect(worklist.status).toBe(200);
      // The worklist follows the stream: wait for the entry that carries the amount due.
      return (worklist.json.entries as Json[]).find(
        (candidate) => candidate.itemCode === items.vietqr && candidate.collectAmountVnd > 0,
      );
    });
    expect(entry?.collectAmountVnd).toBe(126_000);
    expect(readVietqr(entry?.vietqr)).toMatchObject({
      amount: 126_000,
      content: items.vietqr,
      crcValid: true,
    });

    await deliver(items.cash, 76_000, 'cash');
    await deliver(items.vietqr, 126_000, 'vietqr');
    await deliver(items.cash2, 56_000, 'cash');

    expect(await settledBalance(`staff-cash:${HANOI}:${CASHIER}`, 132_000)).toBe(132_000);
    expect(await settledBalance(`agency-fees:${AGENCY}`, -180_000)).toBe(-180_000);
    expect(await settledBalance(`vietqr-clearing:${HANOI}`, 126_000)).toBe(126_000);

    const series = `HNTP${DAY.slice(2, 4)}`;
    const receipts = await eventually(async () => {
      const found = await Promise.all(
        [1, 2, 3].map((n) => call('GET', `/v1/receipts/${series}/${n}`, tokens.finance)),
      );
      return found.every((answer) => answer.status === 200) ? found.map((answer) => answer.json) : undefined;
    }, 30_000);
    const byItem = new Map(receipts.map((receipt) => [receipt.itemCode as string, receipt]));
    expect(byItem.get(items.cash)).toMatchObject({
      amount: 50_000,
      amountInWords: 'Năm mươi nghìn đồng',
      method: 'cash',
      status: 'issued',
      payerName: 'Phạm Thị Thu Hương',
    });
    expect(byItem.get(items.vietqr)).toMatchObject({
      amount: 100_000,
      amountInWords: 'Một trăm nghìn đồng',
      method: 'vietqr',
    });
    expect((await call('GET', `/v1/receipts/${series}/4`, tokens.finance)).status).toBe(404);

    const pdf = await download(`/v1/receipts/${series}/${byItem.get(items.cash2)?.number}?format=pdf`);
    expect(pdf.type).toBe('application/pdf');
    const [page] = await readPages(pdf.bytes);
    expect(page!.joined).toContain('Ba mươi nghìn đồng');
    expect(page!.joined).toContain('Phạm Thị Thu Hương');
  });

  it('counts a short cash hand-in against the ledger', async () => {
    const handin = await call('POST', '/v1/finance/cash-handins', tokens.supervisor, {
      staffId: CASHIER,
      postOfficeCode: HANOI,
      amount: 130_000,
      countedBy: 'Trưởng bưu cục Nguyễn Văn An',
    });
    expect(handin.status, runtime.output().slice(-3000)).toBe(201);
    expect(handin.json).toMatchObject({ expected: 132_000, counted: 130_000, variance: -2_000 });
    expect(await balance(`staff-cash:${HANOI}:${CASHIER}`)).toBe(0);
    expect(await balance(`office-cash:${HANOI}`)).toBe(130_000);
    expect(await balance(`cash-variance:${HANOI}`)).toBe(2_000);

    // The office's hand-ins of the month, a page at a time; another office's supervisor reads none.
    const listed = await call('GET', '/v1/finance/cash-handins?limit=1', tokens.supervisor);
    expect(listed.status, JSON.stringify(listed.json)).toBe(200);
    expect(listed.json).toMatchObject({
      postOfficeCode: HANOI,
      handins: [{ handinId: handin.json.handinId }],
    });
    const rest: Json[] = [];
    for (let cursor: string | undefined = listed.json.next, pages = 0; cursor && pages < 10; pages += 1) {
      const page = await call(
        'GET',
        `/v1/finance/cash-handins?limit=1&cursor=${encodeURIComponent(cursor)}`,
        tokens.supervisor,
      );
      expect(page.status).toBe(200);
      rest.push(...page.json.handins);
      cursor = page.json.next;
    }
    expect(rest.map((row) => row.handinId)).not.toContain(handin.json.handinId);
    const byFinance = await call('GET', `/v1/finance/cash-handins?postOfficeCode=${HANOI}`, tokens.finance);
    expect(byFinance.json.handins.map((row: Json) => row.handinId)).toContain(handin.json.handinId);
    const saigon = await runtime.token('postal-supervisor', { postOfficeCode: 'BC-HCM-01' });
    expect((await call('GET', `/v1/finance/cash-handins?postOfficeCode=${HANOI}`, saigon)).status).toBe(403);
    expect((await call('GET', '/v1/finance/cash-handins', saigon)).json.handins).toEqual([]);
    expect(
      (await call('GET', '/v1/finance/cash-handins?month=2020-01', tokens.supervisor)).json.handins,
    ).toEqual([]);
    for (const query of ['limit=0', 'limit=101', 'month=2026-13', 'cursor=forged']) {
      expect((await call('GET', `/v1/finance/cash-handins?${query}`, tokens.supervisor)).status, query).toBe(
        400,
      );
    }
  });

  it('remits the fees late, and matches the bank statement by reference and amount', async () => {
    const monthStart = `${PERIOD}-01`;
    const made = await call('POST', '/v1/finance/remittances', tokens.finance, {
      agencyCode: AGENCY,
      periodStart: monthStart,
      periodEnd: DAY,
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    remittance = made.json;
    expect(remittance).toMatchObject({ amount: 180_000, feesCollected: 180_000, bankConfirmed: 0 });
    expect(Date.parse(remittance.createdAt)).toBeGreaterThan(Date.parse(remittance.dueBy));
    const again = await call('POST', '/v1/finance/remittances', tokens.finance, {
      agencyCode: AGENCY,
      periodStart: DAY,
      periodEnd: DAY,
    });
    expect(again.status).toBe(409);
    expect(again.json.type).toMatch(/already-remitted$/);

    const booked = DAY.split('-').reverse().join('/');
    const csv = [
      'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM',
      'SAO KÊ TÀI KHOẢN',
      'Số tài khoản:,0011004455667',
      'Chủ tài khoản:,BUU DIEN TP HA NOI',
      '',
      'STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung giao dịch',
      `1,${booked},FT24001,,120.000,120.000,"MBVCB.123.${items.vietqr}.thanh toan"`,
      `2,${booked},FT24002,"180.000",,-60.000,"CHUYEN TIEN THU HO ${remittance.reference}"`,
      `3,${booked},FT24003,,75.000,15.000,"NOP TIEN KHONG RO NOI DUNG"`,
    ].join('\r\n');
    const imported = await postCsv(csv);
    expect(imported.status, JSON.stringify(imported.json)).toBe(201);
    expect(imported.json.results.map((line: Json) => [line.outcome, line.target ?? null])).toEqual([
      ['partial', items.vietqr],
      ['matched', remittance.reference],
      ['unmatched', null],
    ]);
    expect(await balance(`bank:${HANOI}`)).toBe(120_000 - 180_000);

    // The same statement again: every line is known, nothing moves twice.
    const twice = await postCsv(csv);
    expect(twice.json.counts).toEqual({ duplicate: 2, unmatched: 1 });
    expect(await balance(`bank:${HANOI}`)).toBe(-60_000);
  });

  it('draws up a statement that names each difference, in every format', async () => {
    const query = `/v1/finance/reconciliations?agencyCode=${AGENCY}&period=${PERIOD}`;
    const statement = await call('GET', query, tokens.finance);
    expect(statement.status, JSON.stringify(statement.json)).toBe(200);
    expect(statement.json.amounts).toMatchObject({
      expected: 258_000,
      collected: 258_000,
      collectedCash: 132_000,
      collectedVietqr: 126_000,
      feesCollected: 180_000,
      remitted: 180_000,
      bankConfirmedVietqr: 120_000,
      bankConfirmedRemittances: 180_000,
    });
    expect(statement.json.items).toMatchObject({ delivered: 3 });
    expect(statement.json.onTimeRate).toBe(1);
    // Item by item, adding up to the statement's amounts.
    const itemLines = statement.json.itemLines as Json[];
    const total = (field: string) => itemLines.reduce((sum, line) => sum + line[field], 0);
    expect(total('dueVnd')).toBe(258_000);
    expect(total('collectedCashVnd') + total('collectedVietqrVnd')).toBe(258_000);
    expect(itemLines.find((line) => line.itemCode === items.vietqr)).toMatchObject({
      collectedVietqrVnd: 126_000,
      bankConfirmedVnd: 120_000,
      outcome: 'delivered',
    });
    const named = (statement.json.discrepancies as Json[]).map((found) => [
      found.kind,
      found.subject,
      found.difference,
    ]);
    const shortHandin = ['cash-short', CASHIER, -2_000];
    const expected = [
      ['remittance-late', remittance.reference, 0],
      ['bank-amount-mismatch', items.vietqr, -6_000],
      ...(HANDIN_PERIOD === PERIOD ? [shortHandin] : []),
    ];
    expect(named).toEqual(expect.arrayContaining(expected));
    expect(named).toHaveLength(expected.length);
    if (HANDIN_PERIOD !== PERIOD) {
      // Early in a month the deliveries were last month, and today's hand-in is this month's.
      const handinMonth = await call(
        'GET',
        `/v1/finance/reconciliations?agencyCode=${AGENCY}&period=${HANDIN_PERIOD}`,
        tokens.finance,
      );
      expect(
        handinMonth.json.discrepancies.map((found: Json) => [found.kind, found.subject, found.difference]),
      ).toContainEqual(shortHandin);
    }
    const subjects = expected.map(([, subject]) => String(subject));

    // An agency reads its own statement, not another's.
    expect((await call('GET', query, tokens.agency)).status).toBe(200);
    expect((await call('GET', query, tokens.otherAgency)).status).toBe(403);

    const csv = await download(`${query}&format=csv`);
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = parseCsv(Buffer.from(csv.bytes).toString('utf8'), {
      bom: true,
      relax_column_count: true,
    }) as string[][];
    const csvText = rows.flat().join(' ');
    for (const subject of subjects) expect(csvText).toContain(subject);
    expect(rows[0]!.slice(0, 3)).toEqual(['Phần', 'Mã chỉ tiêu', 'Giá trị']);
    expect(rows.filter((row) => row[0] === 'item')).toHaveLength(itemLines.length);

    const xlsx = await download(`${query}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    const sheets = await readXlsxFile(Buffer.from(xlsx.bytes));
    const cells = sheets.flatMap((sheet) => sheet.data.flat()).map(String);
    expect(cells).toEqual(expect.arrayContaining(subjects));
    expect(cells).toContain('-6000');
    const itemSheet = sheets.find((sheet) => sheet.sheet === 'Từng bưu gửi')!;
    expect(itemSheet.data.slice(1).map((row) => row[1])).toContain(items.vietqr);

    const pdf = await download(`${query}&format=pdf`);
    expect(pdf.type).toBe('application/pdf');
    const text = (await readPages(pdf.bytes)).map((page) => page.joined).join(' ');
    expect(text).toContain(`BẢNG ĐỐI SOÁT THÁNG ${PERIOD.slice(5)}/${PERIOD.slice(0, 4)}`);
    const labels = ['Chuyển tiền chậm so với hạn', 'Ngân hàng báo có lệch số tiền'];
    if (HANDIN_PERIOD === PERIOD) labels.push('Nộp thiếu tiền mặt');
    for (const label of labels) expect(text).toContain(label);
    expect(text).toContain(items.vietqr);
  });
});

describe('bad input changes nothing', () => {
  it('refuses negative and oversized amounts and unknown accounts', async () => {
    const before = await balance(`office-cash:${HANOI}`);
    for (const amount of [-1, 2_000_000_001, 10.5]) {
      const refused = await call('POST', '/v1/finance/cash-handins', tokens.supervisor, {
        staffId: CASHIER,
        postOfficeCode: HANOI,
        amount,
        countedBy: 'Nguyễn Văn An',
      });
      expect(refused.status).toBe(400);
      expect(refused.json.type).toMatch(/validation-failed$/);
    }
    const stranger = await call('POST', '/v1/finance/cash-handins', tokens.supervisor, {
      staffId: 'NV77',
      postOfficeCode: HANOI,
      amount: 10_000,
      countedBy: 'Nguyễn Văn An',
    });
    expect(stranger.status).toBe(404);
    expect(stranger.json.type).toMatch(/unknown-account$/);
    for (const account of ['wallet:BC-HN-01', 'agency-fees:000.00.99.X99', 'office-cash:BC-XX-99']) {
      const unknown = await call('GET', `/v1/finance/accounts/${account}`, tokens.finance);
      expect(unknown.status, account).toBe(404);
      expect(unknown.json.type).toMatch(/unknown-account$/);
    }
    expect(await balance(`office-cash:${HANOI}`)).toBe(before);
  });

  it('voids a receipt once: the number stays, the fee goes back, a second void is refused', async () => {
    const itemCode = await outForDelivery(OTHER_AGENCY, tokens.otherAgency, 40_000);
    await deliver(itemCode, 66_000, 'cash');
    const fees = `agency-fees:${OTHER_AGENCY}`;
    await settledBalance(fees, -40_000);
    const series = `MCDM${DAY.slice(2, 4)}`;
    const receipt = await eventually(async () => {
      const answer = await call('GET', `/v1/receipts/${series}/1`, tokens.finance);
      return answer.status === 200 ? answer.json : undefined;
    }, 30_000).catch((error: unknown) => {
      throw new Error(`no receipt ${series}/1: ${String(error)}\nruntime:\n${runtime.output().slice(-3000)}`);
    });
    const voided = await call('POST', `/v1/receipts/${series}/1/void`, tokens.finance, {
      reason: 'Ghi sai tên người nộp',
    });
    expect(voided.status, JSON.stringify(voided.json)).toBe(200);
    expect(voided.json).toMatchObject({ number: 1, status: 'voided', voidReason: 'Ghi sai tên người nộp' });
    expect(await balance(fees)).toBe(0);

    const twice = await call('POST', `/v1/receipts/${series}/1/void`, tokens.finance, { reason: 'Lần nữa' });
    expect(twice.status).toBe(409);
    expect(twice.json.type).toMatch(/receipt-already-voided$/);
    expect(await balance(fees)).toBe(0);
    const kept = await call('GET', `/v1/receipts/${series}/1`, tokens.finance);
    expect(kept.json).toMatchObject({
      series: receipt.series,
      number: 1,
      amount: receipt.amount,
      issuedAt: receipt.issuedAt,
      status: 'voided',
      voidReason: 'Ghi sai tên người nộp',
      voidedBy: 'dev-finance',
    });
  });

  it('refuses a malformed bank statement as a whole', async () => {
    const before = await balance(`bank:${HANOI}`);
    const malformed = await postCsv(
      [
        'STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Nội dung giao dịch',
        `1,${DAY.split('-').reverse().join('/')},FT1,,10.000,"${items.cash}"`,
        '2,31/02/2026,FT2,,abc,"không phải số tiền"',
      ].join('\n'),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.json.type).toMatch(/malformed-bank-statement$/);
    expect(JSON.stringify(malformed.json)).toContain('line');
    expect(await balance(`bank:${HANOI}`)).toBe(before);
  });
});
