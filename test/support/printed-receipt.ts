/**
 * A fee receipt as a payer holds it: a dossier's fee collected in cash at pickup, its receipt
 * issued by the ledger, its PDF read with poppler's `pdftotext`, and the lookup code and address
 * taken from the printed text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from './http-event.ts';
import { callApi, eventually, type RunningRuntime } from './runtime.ts';

export interface PrintedReceipt {
  readonly series: string;
  readonly number: number;
  readonly amount: number;
  /** What the PDF prints after "Mã tra cứu:" and "Địa chỉ tra cứu:". */
  readonly lookupCode: string;
  readonly lookupAddress: string;
  readonly text: string;
}

/** The text of a PDF as `pdftotext -layout` reads it. */
export function pdftotext(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'bcci-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Registers a dossier whose fee is paid at pickup, picks it up with cash, and reads its receipt's PDF. */
export async function printedReceipt(runtime: RunningRuntime, sequence: number): Promise<PrintedReceipt> {
  const agency = await runtime.token('agency', { agencyCode: DEMO.agencyCode });
  const staff = await runtime.token('postal-staff', { postOfficeCode: DEMO.postOfficeCode });
  const finance = await runtime.token('finance');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  const registered = await callApi(runtime.url, 'POST', '/v1/dossiers', agency, {
    ...dossierRequest({
      dossierCode: `${DEMO.agencyCode}-${today.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`,
      agency: { code: DEMO.agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
      services: { pickup: true, return: false },
      fees: [{ code: 'LPH', name: 'Lệ phí cấp giấy', amount: 40_000, collectAt: 'pickup' }],
    }),
    applicant: {
      fullName: 'Trần Văn Phúc',
      phone: '0966111222',
      address: { line: '3 Hàng Bài', communeCode: '00004', provinceCode: '01' },
    },
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  const { dossierCode, quote } = registered.json.dossier;
  const itemCode = registered.json.items[0].itemCode as string;
  const picked = await callApi(runtime.url, 'POST', '/v1/scans', staff, {
    scans: [
      {
        scanId: `printed-receipt-${itemCode}`,
        itemCode,
        type: 'pickup',
        occurredAt: new Date().toISOString(),
        postOfficeCode: DEMO.postOfficeCode,
        staffId: 'NV01',
        collected: { amount: quote.dueAtPickup, method: 'cash' },
      },
    ],
  });
  expect(picked.json.results[0].outcome, JSON.stringify(picked.json)).toBe('accepted');
  const receipt = await eventually(async () => {
    const found = await callApi(runtime.url, 'GET', `/v1/receipts?dossierRef=${dossierCode}`, finance);
    return found.json.receipts?.[0] as { series: string; number: number; amount: number } | undefined;
  }, 30_000);
  const pdf = await fetch(`${runtime.url}/v1/receipts/${receipt.series}/${receipt.number}?format=pdf`, {
    headers: { authorization: `Bearer ${finance}` },
  });
  expect(pdf.status).toBe(200);
  const text = pdftotext(new Uint8Array(await pdf.arrayBuffer()));
  const lookupCode = /Mã tra cứu:\s*(\S+)/.exec(text)?.[1];
  const lookupAddress = /Địa chỉ tra cứu:\s*(\S+)/.exec(text)?.[1];
  if (!lookupCode || !lookupAddress)
    throw new Error(`The receipt prints no lookup code or address:\n${text}`);
  return { ...receipt, lookupCode, lookupAddress, text };
}
