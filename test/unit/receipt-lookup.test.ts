/** The public receipt lookup: what it shows, what it hides, and the lock on a client that guesses. */
import { describe, expect, it } from 'vitest';
import { MemoryTrackingGuard } from '../../functions/app/dossiers/memory.ts';
import { issueReceipt } from '../../functions/app/money/issue-receipt.ts';
import { lookUpReceipt } from '../../functions/app/money/look-up-receipt.ts';
import { MemoryMoneyBooks } from '../../functions/app/money/memory.ts';
import { normalLookupCode } from '../../functions/domain/money/receipt-lookup.ts';
import { MAX_WRONG_GUESSES } from '../../functions/domain/tracking-guard.ts';

const NOW = Date.parse('2026-11-20T03:00:00Z');

async function issued() {
  const books = new MemoryMoneyBooks();
  const receipt = await issueReceipt(books, {
    sourceId: 'RK000000014VN:scan-1:fees',
    letters: 'HNTP',
    formSymbol: '01BLP0-001',
    agencyCode: '000.00.06.H26',
    agencyName: 'UBND phường Ba Đình',
    agencyTaxCode: '0101234567',
    postOfficeCode: 'BC-HN-01',
    payerName: 'Nguyễn Văn An',
    dossierRef: '000.00.06.H26-261120-0001',
    itemCode: 'RK000000014VN',
    lines: [{ code: 'LP', name: 'Lệ phí cấp giấy', amount: 30_000 }],
    amount: 30_000,
    amountInWords: 'Ba mươi nghìn đồng',
    method: 'cash',
    issuedAt: '2026-11-20T02:00:00Z',
    issuedBy: 'nv-an',
  });
  return { books, receipt };
}

describe('lookUpReceipt', () => {
  it('answers the receipt’s own fields, however the code is typed, and nothing personal', async () => {
    const { books, receipt } = await issued();
    const guard = new MemoryTrackingGuard();
    const typed = `${receipt.lookupCode.slice(0, 5).toLowerCase()}-${receipt.lookupCode.slice(5)}`;
    expect(normalLookupCode(typed)).toBe(receipt.lookupCode);
    const found = await lookUpReceipt(
      { receipts: books, guard },
      { lookupCode: typed, clientAddress: '1.2.3.4' },
      NOW,
    );
    expect(found).toEqual({
      series: 'HNTP26',
      number: '0000001',
      formSymbol: '01BLP0-001',
      issuedOn: '2026-11-20',
      amount: 30_000,
      amountInWords: 'Ba mươi nghìn đồng',
      lines: [{ name: 'Lệ phí cấp giấy', amount: 30_000 }],
      agencyName: 'UBND phường Ba Đình',
      agencyTaxCode: '0101234567',
      status: 'issued',
      voidedOn: null,
    });
    for (const personal of ['Nguyễn Văn An', 'RK000000014VN', '000.00.06.H26-261120', 'nv-an'])
      expect(JSON.stringify(found)).not.toContain(personal);
  });

  it('locks a client address after ten misses for an hour, the right code included; other clients go on', async () => {
    const { books, receipt } = await issued();
    const guard = new MemoryTrackingGuard();
    const ask = (lookupCode: string, clientAddress = '1.2.3.4', at = NOW) =>
      lookUpReceipt({ receipts: books, guard }, { lookupCode, clientAddress }, at);
    for (let miss = 0; miss < MAX_WRONG_GUESSES; miss += 1) expect(await ask('AAAAAAAAAA')).toBeNull();
    expect(await ask(receipt.lookupCode)).toBeNull();
    expect(await ask(receipt.lookupCode, '5.6.7.8')).not.toBeNull();
    expect(await ask(receipt.lookupCode, '1.2.3.4', NOW + 61 * 60_000)).not.toBeNull();
  });
});
