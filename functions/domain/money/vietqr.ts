/**
 * VietQR payment codes (NAPAS 247 bank transfers, EMVCo merchant-presented QR) printed on
 * labels and shown at the door: a dynamic code for the exact amount due, whose transfer
 * content is the item code, so that the bank statement line names the item it pays for.
 * Also the reading of such a code, for checking a label.
 */
import { QRPay } from 'vietnam-qr-pay';
import { MAX_AMOUNT_VND } from './model.ts';

/** NAPAS's identifier for VietQR in the merchant account information (ID 38). */
const VIETQR_GUID = 'A000000727';
const VND_CURRENCY = '704';

/** What banks carry through unchanged: capital letters, digits, single inner spaces; 25 at most. */
const CONTENT = /^[A-Z0-9](?:[A-Z0-9 ]{0,23}[A-Z0-9])?$/;
const BANK_BIN = /^\d{6}$/;
const ACCOUNT_NUMBER = /^[A-Za-z0-9]{1,19}$/;

export interface VietqrRequest {
  /** The receiving bank's 6-digit NAPAS BIN, e.g. `970405` (Agribank). */
  readonly bankBin: string;
  readonly accountNumber: string;
  /** Integer đồng, the exact amount due. */
  readonly amount: number;
  /** The transfer content, e.g. the item code `RH123456785VN`. */
  readonly content: string;
}

export interface VietqrReading {
  /** Null when the code is not a VietQR bank-account code or cannot be read. */
  readonly bankBin: string | null;
  readonly accountNumber: string | null;
  /** Integer đồng; null when absent, not whole, or not in đồng. */
  readonly amount: number | null;
  readonly content: string | null;
  /** Whether the CRC at the end matches the rest; the fields are read either way. */
  readonly crcValid: boolean;
}

/** The payload of a dynamic VietQR code for a transfer of `amount` đồng with the given content. */
export function vietqrPayload(request: VietqrRequest): string {
  const { bankBin, accountNumber, amount, content } = request;
  if (!BANK_BIN.test(bankBin)) throw new RangeError(`A bank BIN has 6 digits: ${JSON.stringify(bankBin)}`);
  if (!ACCOUNT_NUMBER.test(accountNumber)) {
    throw new RangeError(`An account number has 1 to 19 letters or digits: ${JSON.stringify(accountNumber)}`);
  }
  if (!Number.isInteger(amount) || amount <= 0 || amount > MAX_AMOUNT_VND) {
    throw new RangeError(`A VietQR amount is a whole number of đồng from 1 to ${MAX_AMOUNT_VND}: ${amount}`);
  }
  if (!CONTENT.test(content)) {
    throw new RangeError(
      `Transfer content is 1 to 25 capital letters, digits and inner spaces: ${JSON.stringify(content)}`,
    );
  }
  return QRPay.initVietQR({
    bankBin,
    bankNumber: accountNumber,
    amount: String(amount),
    purpose: content,
    initMethod: '12',
  }).build();
}

/** Reads a VietQR payload; never throws, whatever the input. */
export function readVietqr(payload: string): VietqrReading {
  const crcValid =
    payload.length >= 8 &&
    payload.slice(-8, -4) === '6304' &&
    QRPay.genCRCCode(payload.slice(0, -4)) === payload.slice(-4).toUpperCase();
  const unread: VietqrReading = { bankBin: null, accountNumber: null, amount: null, content: null, crcValid };
  // The parser recurses without end on a malformed nested field, and reads nothing when
  // the CRC fails: hand it only well-formed payloads, with their CRC made good.
  if (!wellFormed(payload)) return unread;
  const body = payload.slice(0, -4);
  const qr = new QRPay(body + QRPay.genCRCCode(body));
  if (!qr.isValid) return unread;
  const isVietqr = qr.provider.guid === VIETQR_GUID;
  return {
    bankBin: (isVietqr && qr.consumer.bankBin) || null,
    accountNumber: (isVietqr && qr.consumer.bankNumber) || null,
    amount:
      qr.currency === VND_CURRENCY && qr.amount && /^\d{1,13}$/.test(qr.amount) ? Number(qr.amount) : null,
    content: qr.additionalData.purpose ?? null,
    crcValid,
  };
}

/** Templates whose value is itself a list of ID–length–value fields. */
const isTemplate = (id: string): boolean => (id >= '26' && id <= '51') || id === '62';

/** Every field's length fits, templates included, and the CRC field comes last. */
function wellFormed(payload: string): boolean {
  const fields = tlv(payload);
  const last = fields?.at(-1);
  if (!fields || last?.id !== '63' || last.value.length !== 4) return false;
  // Like the parser: the last provider GUID seen decides whether a provider's data (01) is
  // read as a VietQR consumer, one more level down.
  let guid: string | undefined;
  for (const field of fields) {
    if (!isTemplate(field.id)) continue;
    const inner = tlv(field.value);
    if (!inner) return false;
    if (field.id !== '26' && field.id !== '38') continue;
    for (const sub of inner) {
      if (sub.id === '00') guid = sub.value;
      if (sub.id === '01' && guid === VIETQR_GUID && !tlv(sub.value)) return false;
    }
  }
  return true;
}

function tlv(text: string): { readonly id: string; readonly value: string }[] | null {
  const fields: { id: string; value: string }[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) return null;
    const length = Number(head.slice(2));
    if (length === 0 || at + 4 + length > text.length) return null;
    fields.push({ id: head.slice(0, 2), value: text.slice(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return fields.length > 0 ? fields : null;
}

/** The bank account an office's VietQR payments go to. */
export interface CollectionAccount {
  readonly bankBin: string;
  readonly accountNumber: string;
  readonly accountName: string;
}

/**
 * The VietQR payload staff show for an item: the exact amount owed, the item code as the
 * transfer content (the bank statement carries it back). Null when nothing is owed or the
 * office has no collection account.
 */
export function itemPaymentQr(
  collectionAccount: CollectionAccount | undefined,
  itemCode: string,
  amount: number,
): string | null {
  if (!collectionAccount || amount <= 0) return null;
  return vietqrPayload({
    bankBin: collectionAccount.bankBin,
    accountNumber: collectionAccount.accountNumber,
    amount,
    content: itemCode,
  });
}
