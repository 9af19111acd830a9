/**
 * Building blocks shared by every part of the contract.
 *
 * Every schema defined at the top of a module is marked `@__PURE__`, so that a bundle leaves
 * out the schemas its function never reads (each function validates its own routes only).
 * esbuild drops an unused pure call when its arguments have no side effects: a chain whose
 * last call takes plain values (`z.object({ … }).meta({ id })`, `z.string().regex(…)`) goes
 * whole, but a lone `z.object({ a: z.string() })` stays for the sake of its `z.string()`.
 * Those are written `schema(() => z.object({ … }))`.
 */
import * as z from 'zod';

/** Runs `define` at once; a pure call of it, with a function for argument, drops when unused. */
export const schema = <T>(define: () => T): T => define();

/** Agency identifier as the one-stop-shop systems write it, e.g. `000.00.06.H56`. */
export const AGENCY_CODE_PATTERN = /^[0-9A-Z]{3}(\.[0-9A-Z]{2}){2}\.[0-9A-Z]{3}$/;

/**
 * Dossier code (mã hồ sơ): `<agency identifier>-<YYMMDD>-<4-digit daily sequence>`,
 * e.g. `000.00.06.H56-231027-0361`. It has no check digit; the date part must be a real day.
 */
export const DOSSIER_CODE_PATTERN =
  /^([0-9A-Z]{3}(?:\.[0-9A-Z]{2}){2}\.[0-9A-Z]{3})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;

export function isValidDossierCode(code: string): boolean {
  const match = DOSSIER_CODE_PATTERN.exec(code);
  if (!match) return false;
  const year = 2000 + Number(match[2]);
  const month = Number(match[3]);
  const day = Number(match[4]);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const DossierCodeSchema = /* @__PURE__ */ z
  .string()
  .max(40)
  .refine(isValidDossierCode, { message: 'Expected a dossier code such as 000.00.06.H56-231027-0361' })
  .meta({ id: 'DossierCode', examples: ['000.00.06.H56-231027-0361'] });

export const AgencyCodeSchema = /* @__PURE__ */ z
  .string()
  .regex(AGENCY_CODE_PATTERN, 'Expected an agency identifier such as 000.00.06.H56')
  .meta({ id: 'AgencyCode', examples: ['000.00.06.H56'] });

/** The post's own reference for a consignment: `PG` + 12 digits/letters (Crockford base32). */
export const CONSIGNMENT_REF_PATTERN = /^PG[0-9A-HJKMNP-TV-Z]{12}$/;

export const ConsignmentRefSchema = /* @__PURE__ */ z
  .string()
  .regex(CONSIGNMENT_REF_PATTERN, 'Expected a consignment reference such as PG01JD4Q7ZK2M9')
  .meta({ id: 'ConsignmentRef', examples: ['PG01JD4Q7ZK2M9'] });

/** Either a dossier code or the post's consignment reference. */
export const DossierRefSchema = /* @__PURE__ */ z
  .string()
  .max(40)
  .refine((value) => isValidDossierCode(value) || CONSIGNMENT_REF_PATTERN.test(value), {
    message: 'Expected a dossier code (000.00.06.H56-231027-0361) or a consignment reference (PG…)',
  });

export const PostOfficeCodeSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[0-9A-Z][0-9A-Z-]{1,19}$/, 'Expected a post office code such as BC-HN-01')
  .meta({ id: 'PostOfficeCode', examples: ['BC-HN-01'] });

/** Province and commune codes of the administrative units in force since 1 July 2025. */
export const ProvinceCodeSchema = /* @__PURE__ */ z
  .string()
  .regex(/^\d{2}$/, 'Expected a 2-digit province code');
export const CommuneCodeSchema = /* @__PURE__ */ z
  .string()
  .regex(/^\d{5}$/, 'Expected a 5-digit commune code');

/** Vietnamese phone number: 0 + 9 digits, or +84 + 9 digits. */
export const PhoneSchema = /* @__PURE__ */ z
  .string()
  .regex(/^(0|\+84)\d{9}$/, 'Expected a Vietnamese phone number such as 0912345678');

/** Integer đồng. 100 million VND is far above any fee or postage a dossier carries. */
export const MAX_AMOUNT_VND = 100_000_000;
export const AmountVndSchema = /* @__PURE__ */ z
  .number()
  .int()
  .min(0)
  .max(MAX_AMOUNT_VND)
  .describe('Integer VND');

/** ISO 8601 with an offset. */
export const TimestampSchema = /* @__PURE__ */ z.iso.datetime({ offset: true });

/** A day in Vietnam, `YYYY-MM-DD` (a promised date, a worklist day). */
export const LocalDateSchema = /* @__PURE__ */ z.iso
  .date()
  .refine((day) => day >= '2000-01-01' && day <= '2099-12-31', 'Expected a date between 2000 and 2099');

/**
 * Free text holds no control character (C0, DEL, C1) and no bidirectional override or
 * isolate, which would let a name print as something else on a document or a screen.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
export const SINGLE_LINE_PATTERN = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;
/** As single-line text, but line breaks (`\n`, `\r\n`) are allowed: reasons, notes. */
export const MULTI_LINE_PATTERN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the pattern exists to refuse control characters
  /^[^\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;

/** Short free text on one line: names, titles, addresses. */
export const text = (maxLength: number) =>
  z.string().trim().min(1).max(maxLength).regex(SINGLE_LINE_PATTERN, 'Control characters are not allowed');

/** Free text that may run over several lines: reasons, notes. */
export const multilineText = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .regex(MULTI_LINE_PATTERN, 'Control characters other than line breaks are not allowed');
