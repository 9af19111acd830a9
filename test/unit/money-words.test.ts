/**
 * Amounts in Vietnamese words, as receipts write them: a table checked against the
 * reading rules (mốt, tư, lăm after "mươi"; linh for a zero tens; every period read in
 * full), and a reading back of the words into the number for random amounts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_VND } from '../../functions/domain/money/model.ts';
import { amountInWords } from '../../functions/domain/money/words.ts';

const DIGITS: Readonly<Record<string, number>> = {
  không: 0,
  một: 1,
  mốt: 1,
  hai: 2,
  ba: 3,
  bốn: 4,
  tư: 4,
  năm: 5,
  lăm: 5,
  sáu: 6,
  bảy: 7,
  tám: 8,
  chín: 9,
};
const SCALES: Readonly<Record<string, number>> = { nghìn: 1_000, triệu: 1_000_000, tỷ: 1_000_000_000 };

/**
 * The number the words say: an independent reader, so the table is not the only check. It
 * knows only the receipt style's words: "lẻ", "ngàn", "tỉ" or "bẩy" would not read.
 */
function readWords(text: string): number {
  const words = text.toLocaleLowerCase('vi').split(' ');
  expect(words.pop()).toBe('đồng');
  let total = 0;
  let group = 0;
  let last = 0;
  for (const word of words) {
    const digit = DIGITS[word];
    if (digit !== undefined) last = digit;
    else if (word === 'trăm') [group, last] = [group + last * 100, 0];
    else if (word === 'mươi') [group, last] = [group + last * 10, 0];
    else if (word === 'mười') group += 10;
    else if (word === 'linh') continue;
    else {
      const scale = SCALES[word];
      if (scale === undefined) throw new Error(`Not a number word: ${word}`);
      total += (group + last) * scale;
      [group, last] = [0, 0];
    }
  }
  return total + group + last;
}

describe('amounts in words', () => {
  it.each([
    [0, 'Không đồng'],
    [1, 'Một đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    // After "mười": one stays "một", four stays "bốn", five becomes "lăm".
    [11, 'Mười một đồng'],
    [14, 'Mười bốn đồng'],
    [15, 'Mười lăm đồng'],
    [20, 'Hai mươi đồng'],
    // After "mươi": one is "mốt", four is "tư", five is "lăm".
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi tư đồng'],
    [25, 'Hai mươi lăm đồng'],
    [55, 'Năm mươi lăm đồng'],
    [100, 'Một trăm đồng'],
    // A zero tens digit is "linh", and the unit after it keeps its plain name.
    [101, 'Một trăm linh một đồng'],
    [104, 'Một trăm linh bốn đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [1_000, 'Một nghìn đồng'],
    // A lower period after a higher one is read in full, hundreds included.
    [1_001, 'Một nghìn không trăm linh một đồng'],
    [10_000, 'Mười nghìn đồng'],
    [15_500, 'Mười lăm nghìn năm trăm đồng'],
    [26_000, 'Hai mươi sáu nghìn đồng'],
    [31_000, 'Ba mươi mốt nghìn đồng'],
    [105_000, 'Một trăm linh năm nghìn đồng'],
    [1_000_005, 'Một triệu không trăm linh năm đồng'],
    [1_050_000, 'Một triệu không trăm năm mươi nghìn đồng'],
    [1_250_000, 'Một triệu hai trăm năm mươi nghìn đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_005_000_000, 'Một tỷ không trăm linh năm triệu đồng'],
    [
      1_234_567_891,
      'Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng',
    ],
    [MAX_AMOUNT_VND, 'Hai tỷ đồng'],
  ])('%i đồng → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
    expect(readWords(words)).toBe(amount);
  });

  it('writes every amount so that it reads back, in the receipt style only', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_VND }), (amount) => {
        const words = amountInWords(amount);
        expect(readWords(words)).toBe(amount);
        expect(words).toMatch(/^[A-ZĐ]/u);
        expect(words.endsWith(' đồng')).toBe(true);
        expect(words).not.toMatch(/ {2}/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads back only the receipt style', () => {
    expect(readWords('Một trăm linh năm nghìn đồng')).toBe(105_000);
    for (const other of ['Một trăm lẻ năm đồng', 'Mười ngàn đồng', 'Một tỉ đồng', 'Hai mươi bẩy đồng']) {
      expect(() => readWords(other)).toThrow(/Not a number word/);
    }
  });

  it.each([
    -1,
    0.5,
    1_000.25,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    MAX_AMOUNT_VND + 1,
  ])('refuses %d', (amount) => {
    expect(() => amountInWords(amount)).toThrow(RangeError);
  });
});
