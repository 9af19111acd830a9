/**
 * VietQR payloads: the exact EMVCo fields for a worked example, a round trip through the
 * reader, a CRC computed here independently of the library, any single changed character
 * caught, and the inputs a bank would not carry refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_VND } from '../../functions/domain/money/model.ts';
import { readVietqr, type VietqrRequest, vietqrPayload } from '../../functions/domain/money/vietqr.ts';

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as EMVCo specifies for field 63. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const field = (id: string, value: string): string => `${id}${String(value.length).padStart(2, '0')}${value}`;

const AGRIBANK = '970405';
const REQUEST: VietqrRequest = {
  bankBin: AGRIBANK,
  accountNumber: '1234567890',
  amount: 31_000,
  content: 'RH123456785VN',
};

describe('VietQR payloads', () => {
  it('carries a dynamic NAPAS 247 transfer to the account, for the amount, with the item code', () => {
    const body =
      field('00', '01') +
      field('01', '12') +
      field(
        '38',
        field('00', 'A000000727') +
          field('01', field('00', AGRIBANK) + field('01', '1234567890')) +
          field('02', 'QRIBFTTA'),
      ) +
      field('53', '704') +
      field('54', '31000') +
      field('58', 'VN') +
      field('62', field('08', 'RH123456785VN')) +
      '6304';
    expect(vietqrPayload(REQUEST)).toBe(body + crc16(body));
  });

  it('reads back what it was given, with a valid CRC', () => {
    expect(readVietqr(vietqrPayload(REQUEST))).toEqual({
      bankBin: AGRIBANK,
      accountNumber: '1234567890',
      amount: 31_000,
      content: 'RH123456785VN',
      crcValid: true,
    });
  });

  it('reads a code made elsewhere (the library’s published example)', () => {
    const acb =
      '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8';
    expect(readVietqr(acb)).toEqual({
      bankBin: '970416',
      accountNumber: '257678859',
      amount: 1_000,
      content: 'Chuyen tien',
      crcValid: true,
    });
  });

  it('round-trips any valid request', () => {
    const chars = (alphabet: string, min: number, max: number) =>
      fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((list) => list.join(''));
    const request = fc.record({
      bankBin: chars('0123456789', 6, 6),
      accountNumber: chars('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz', 1, 19),
      amount: fc.integer({ min: 1, max: MAX_AMOUNT_VND }),
      content: fc
        .tuple(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1, 1), chars('ABCXYZ0189 ', 0, 24))
        .map(([first, rest]) => `${first}${rest}`.trimEnd()),
    });
    fc.assert(
      fc.property(request, (given) => {
        const payload = vietqrPayload(given);
        expect(payload.slice(-4)).toBe(crc16(payload.slice(0, -4)));
        expect(readVietqr(payload)).toEqual({ ...given, crcValid: true });
      }),
    );
  });

  it('catches a changed character: the fields read, the CRC fails', () => {
    const payload = vietqrPayload(REQUEST);
    const altered = payload.replace('540531000', '540581000');
    expect(altered).not.toBe(payload);
    expect(readVietqr(altered)).toEqual({ ...readVietqr(payload), amount: 81_000, crcValid: false });
  });

  it('catches any single changed character, and never throws on what it reads', () => {
    const payload = vietqrPayload(REQUEST);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ';
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: payload.length - 1 }),
        fc.constantFrom(...alphabet),
        (index, replacement) => {
          fc.pre(payload[index] !== replacement);
          const altered = payload.slice(0, index) + replacement + payload.slice(index + 1);
          expect(readVietqr(altered).crcValid).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('reads nothing from what is not a well-formed code', () => {
    const nothing = { bankBin: null, accountNumber: null, amount: null, content: null, crcValid: false };
    expect(readVietqr('')).toEqual(nothing);
    expect(readVietqr('hello')).toEqual(nothing);
    expect(readVietqr(vietqrPayload(REQUEST).slice(0, -1))).toEqual(nothing);
    // A nested length that does not fit, under a CRC made good: the library's parser would recurse forever.
    const body = `000201010212${field('38', `${field('00', 'A000000727')}01AB12`)}5802VN6304`;
    expect(readVietqr(body + crc16(body))).toEqual({ ...nothing, crcValid: true });
  });

  it.each<[string, Partial<VietqrRequest>]>([
    ['a 5-digit BIN', { bankBin: '97040' }],
    ['a BIN with a letter', { bankBin: '97040A' }],
    ['an empty account', { accountNumber: '' }],
    ['a 20-character account', { accountNumber: '12345678901234567890' }],
    ['an account with a dash', { accountNumber: '1234-5678' }],
    ['a zero amount', { amount: 0 }],
    ['a negative amount', { amount: -31_000 }],
    ['a fractional amount', { amount: 31_000.5 }],
    ['an amount above the largest accepted', { amount: MAX_AMOUNT_VND + 1 }],
    ['empty content', { content: '' }],
    ['lower-case content', { content: 'rh123456785vn' }],
    ['content with Vietnamese letters', { content: 'PHI HO SO ĐT' }],
    ['content with punctuation', { content: 'RH123456785VN-1' }],
    ['content of 26 characters', { content: 'A'.repeat(26) }],
    ['content with an outer space', { content: ' RH123456785VN' }],
  ])('refuses %s', (_case, change) => {
    expect(() => vietqrPayload({ ...REQUEST, ...change })).toThrow(RangeError);
  });

  it('accepts content of 25 characters with inner spaces', () => {
    const content = 'PHI HO SO RH123456785VN X';
    expect(content).toHaveLength(25);
    expect(readVietqr(vietqrPayload({ ...REQUEST, content })).content).toBe(content);
  });
});
