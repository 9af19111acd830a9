import { writeFileSync } from 'node:fs';
import { renderStatementPdf } from './functions/documents/statement-pdf.ts';
import { renderStatementXlsx } from './functions/documents/statement-xlsx.ts';
import { renderStatementCsv } from './functions/documents/statement-csv.ts';
import { DISCREPANCY_KINDS } from './functions/documents/finance-text.ts';
const d = (i: number) => ({ kind: DISCREPANCY_KINDS[i % 14]!, subject: `RH${10000000 + i}5VN`, expected: 35000 + i, actual: 30000, difference: 30000 - 35000 - i, cause: `The case number ${i + 1} needs a look, because the amounts differ by quite a bit.`, at: i % 9 === 8 ? null : '2026-03-05T16:45:00Z' });
const st: any = { agencyCode: '000.00.06.H56', agencyName: 'Bộ phận Tiếp nhận và Trả kết quả UBND phường Cửa Nam', postOfficeCode: 'BC-HN-01', period: '2026-03', generatedAt: '2026-04-01T01:30:00Z', dossiers: { 'handed-over': 118, delivered: 120, 'returned-to-agency': 3 }, items: { 'handed-over': 121, delivered: 130, 'returned-to-agency': 3 },
 amounts: { expected: 24680000, feesExpected: 15450000, collected: 24345000, collectedCash: 12345000, collectedVietqr: 12000000, feesCollected: 15450000, voided: 135000, remitted: 15200000, bankConfirmed: 26950000, bankConfirmedVietqr: 11800000, bankConfirmedRemittances: 15150000 }, onTimeRate: 0.9375,
 remittances: [{ reference: 'CT202603-0001', agencyCode: 'x', postOfficeCode: 'BC-HN-01', periodStart: '2026-03-01', periodEnd: '2026-03-15', feesCollected: 1234567890, charges: 150000, amount: 1234417890, createdAt: '2026-03-16T03:00:00Z', dueBy: '2026-03-18T10:00:00Z', createdBy: 'k', bankConfirmed: 1234417890, bankConfirmedAt: null }],
 cashHandins: [{ handinId: 'h', staffId: 'hoant.bchn01', postOfficeCode: 'BC', countedBy: 'truongbc.bchn01', at: '2026-03-05T10:30:00Z', expected: 1250000, counted: 1200000, variance: -50000 }],
 discrepancies: Array.from({ length: Number(process.argv[2] ?? 140) }, (_, i) => d(i)) };
let t = performance.now();
const pdf = await renderStatementPdf(st); console.log('pdf', pdf.length, (performance.now() - t).toFixed(0), 'ms');
writeFileSync('/tmp/rr/statement.pdf', pdf);
t = performance.now(); const x = await renderStatementXlsx(st); console.log('xlsx', x.length, (performance.now() - t).toFixed(0), 'ms');
t = performance.now(); const c = renderStatementCsv(st); console.log('csv', c.length, (performance.now() - t).toFixed(0), 'ms');
writeFileSync('/tmp/rr/statement.xlsx', x);
console.log(process.memoryUsage().rss / 1e6);
