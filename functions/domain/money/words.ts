/**
 * Amounts in Vietnamese words, as receipts write them under the figures: the Northern
 * administrative style ("nghìn", "linh", "tỷ"), every period read in full ("một triệu
 * không trăm linh năm đồng"), the first letter capitalised and the currency last.
 */
import { doReadNumber, ReadingConfig } from 'read-vietnamese-number';
import { MAX_AMOUNT_VND } from './model.ts';

const RECEIPT_STYLE = new ReadingConfig();
RECEIPT_STYLE.unit = ['đồng'];
RECEIPT_STYLE.units = [[], ['nghìn'], ['triệu'], ['tỷ']];
RECEIPT_STYLE.oddText = 'linh';
RECEIPT_STYLE.oneToneText = 'mốt';
RECEIPT_STYLE.fourToneText = 'tư';
RECEIPT_STYLE.fiveToneText = 'lăm';

/** 26,000 → "Hai mươi sáu nghìn đồng"; 0 → "Không đồng". */
export function amountInWords(vnd: number): string {
  if (!Number.isInteger(vnd) || vnd < 0 || vnd > MAX_AMOUNT_VND) {
    throw new RangeError(
      `Cannot write ${vnd} đồng in words: expected a whole amount from 0 to ${MAX_AMOUNT_VND}`,
    );
  }
  const words = doReadNumber(String(vnd), RECEIPT_STYLE);
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1);
}
