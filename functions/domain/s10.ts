/**
 * UPU S10 item identifiers: `LL NNNNNNNN C VN` — two service letters, an 8-digit serial,
 * a check digit over the serial, the country. Written without spaces: `RH123456785VN`.
 */
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
export const S10_PATTERN = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;
export const COUNTRY = 'VN';
export const MAX_SERIAL = 99_999_999;

/** Check digit of an 8-digit serial: 11 − (Σ weight·digit mod 11); 10 → 0, 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error(`An S10 serial has 8 digits, got ${serial}`);
  let sum = 0;
  for (let index = 0; index < 8; index += 1) sum += Number(serial[index]) * (WEIGHTS[index] as number);
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

export function s10Code(serviceLetters: string, serialNumber: number, country = COUNTRY): string {
  if (!/^[A-Z]{2}$/.test(serviceLetters))
    throw new Error(`Service letters are two capitals, got ${serviceLetters}`);
  if (!Number.isInteger(serialNumber) || serialNumber < 0 || serialNumber > MAX_SERIAL) {
    throw new Error(`An S10 serial is 0..${MAX_SERIAL}, got ${serialNumber}`);
  }
  const serial = String(serialNumber).padStart(8, '0');
  return `${serviceLetters}${serial}${s10CheckDigit(serial)}${country}`;
}

export type S10Problem = 'format' | 'check-digit';

/** Why a code is not a valid S10 identifier, or null when it is one. */
export function s10Problem(code: string): S10Problem | null {
  const match = S10_PATTERN.exec(code);
  if (!match) return 'format';
  return s10CheckDigit(match[2] as string) === Number(match[3]) ? null : 'check-digit';
}

export const isValidS10 = (code: string): boolean => s10Problem(code) === null;
