/** Finance (API.md: Finance): the ledger, cash hand-ins, remittances, bank statements, statements and receipts. */
import * as z from 'zod';
import {
  BankStatementJsonSchema,
  REMITTANCE_REFERENCE_PATTERN,
} from '../functions/domain/money/bank-statements.ts';
import { MAX_AMOUNT_VND } from '../functions/domain/money/model.ts';
import { RECEIPT_SERIES_PATTERN } from '../functions/domain/money/receipts.ts';
import { AgencyCodeSchema, multilineText, PostOfficeCodeSchema, schema, text } from './common.ts';

/** Larger amounts than the largest single movement are refused as a typing error. */
export const MovementVndSchema = /* @__PURE__ */ z
  .number()
  .int('Amounts are whole đồng')
  .min(0, 'Amounts cannot be negative')
  .max(MAX_AMOUNT_VND, `At most ${MAX_AMOUNT_VND} đồng`)
  .describe('Integer VND');

const DaySchema = /* @__PURE__ */ z.iso.date();
const StaffIdSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'Expected a staff id such as NV0042');

export const QuoteLineSchema = /* @__PURE__ */ schema(() =>
  z.object({
    itemCode: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    kind: z.enum(['postage', 'fee', 'remittance-charge']),
    code: z.string(),
    name: z.string(),
    amount: z.number().int(),
    collectAt: z.enum(['pickup', 'delivery']),
  }),
);

export const QuoteSchema = /* @__PURE__ */ z
  .object({
    currency: z.literal('VND'),
    tariffVersion: z.string(),
    exemption: z.enum(['none', 'half', 'full']),
    weightGrams: z.number().int(),
    lines: z.array(QuoteLineSchema),
    dueAtPickup: z.number().int(),
    dueAtDelivery: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'Quote', description: 'What the citizen pays, line by line, and when' });

export const TariffSchema = /* @__PURE__ */ z
  .object({ version: z.string(), effectiveFrom: z.string() })
  .loose()
  .meta({ id: 'Tariff' });

export const AccountParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ account: z.string().min(3).max(120) }),
);

export const BalanceSchema = /* @__PURE__ */ z
  .object({
    account: z.string(),
    balance: z.number().int().describe('Debits minus credits'),
    debits: z.number().int(),
    credits: z.number().int(),
  })
  .meta({ id: 'AccountBalance' });

export const EntriesQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    from: z.iso.datetime({ offset: true }).or(DaySchema),
    to: z.iso.datetime({ offset: true }).or(DaySchema),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(2000).optional(),
  }),
);

export const EntrySchema = /* @__PURE__ */ z
  .object({
    account: z.string(),
    transferId: z.string(),
    side: z.enum(['debit', 'credit']),
    amount: z.number().int(),
    change: z.number().int(),
    counterparty: z.string(),
    kind: z.string(),
    at: z.string(),
    reference: z.record(z.string(), z.string()),
    description: z.string(),
  })
  .meta({ id: 'LedgerEntry' });

export const EntryPageSchema = /* @__PURE__ */ z
  .object({ account: z.string(), entries: z.array(EntrySchema), next: z.string().optional() })
  .meta({ id: 'LedgerEntries' });

export const CashHandinRequestSchema = /* @__PURE__ */ z
  .object({
    staffId: StaffIdSchema,
    postOfficeCode: PostOfficeCodeSchema,
    amount: MovementVndSchema.describe('The cash counted, integer VND'),
    countedBy: text(100),
  })
  .meta({ id: 'CashHandinRequest' });

export const CashHandinSchema = /* @__PURE__ */ z
  .object({
    handinId: z.string(),
    staffId: z.string(),
    postOfficeCode: z.string(),
    countedBy: z.string(),
    at: z.string(),
    expected: z.number().int().describe("The staff member's cash in hand by the ledger"),
    counted: z.number().int(),
    variance: z.number().int().describe('counted − expected: negative when short'),
  })
  .meta({ id: 'CashHandin' });

/** Most hand-ins on one page of an office's month. */
export const MAX_HANDINS_PER_PAGE = 100;

export const CashHandinListQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    postOfficeCode: PostOfficeCodeSchema.optional().describe("The caller's office when absent"),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected a month: YYYY-MM')
      .optional()
      .describe("The month in Vietnam's time, YYYY-MM; this month when absent"),
    limit: z.coerce.number().int().min(1).max(MAX_HANDINS_PER_PAGE).default(50),
    cursor: z.string().max(1500).optional().describe('The `next` of the previous page'),
  }),
);

export const CashHandinListSchema = /* @__PURE__ */ z
  .object({
    postOfficeCode: z.string(),
    month: z.string(),
    handins: z.array(CashHandinSchema).describe('Newest first'),
    next: z.string().optional(),
  })
  .meta({ id: 'CashHandinList' });

export const RemittanceRequestSchema = /* @__PURE__ */ z
  .object({ agencyCode: AgencyCodeSchema, periodStart: DaySchema, periodEnd: DaySchema })
  .meta({ id: 'RemittanceRequest' });

export const RemittanceSchema = /* @__PURE__ */ z
  .object({
    reference: z.string().describe('The transfer reference: the bank transfer carries it'),
    agencyCode: z.string(),
    postOfficeCode: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    feesCollected: z.number().int(),
    amount: z.number().int(),
    createdAt: z.string(),
    dueBy: z.string(),
    createdBy: z.string(),
    bankConfirmed: z.number().int(),
    bankConfirmedAt: z.string().nullable(),
  })
  .meta({ id: 'Remittance' });

export const RemittanceParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    reference: z
      .string()
      .regex(REMITTANCE_REFERENCE_PATTERN, 'Expected a remittance reference such as RM2611K7X2QF'),
  }),
);

export const BankStatementResultSchema = /* @__PURE__ */ z
  .object({
    importId: z.string(),
    lines: z.number().int(),
    counts: z.record(z.string(), z.number().int()),
    results: z.array(
      z.object({
        lineNumber: z.number().int(),
        lineId: z.string(),
        bookedAt: z.string(),
        amount: z.number().int(),
        direction: z.enum(['credit', 'debit']),
        reference: z.string(),
        outcome: z.enum(['matched', 'partial', 'overpaid', 'unmatched', 'duplicate']),
        target: z.string().optional(),
        expected: z.number().int().optional(),
        confirmed: z.number().int().optional(),
        reason: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'BankStatementImport' });

export const StatementQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    agencyCode: AgencyCodeSchema,
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected a month, YYYY-MM'),
    format: z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json'),
  }),
);

const DiscrepancySchema = /* @__PURE__ */ schema(() =>
  z.object({
    kind: z.string(),
    subject: z.string(),
    expected: z.number().int(),
    actual: z.number().int(),
    difference: z.number().int(),
    cause: z.string().describe('Nguyên nhân: a Vietnamese sentence a finance clerk can act on'),
    at: z.string().nullable(),
  }),
);

export const CollectionRepairSchema = /* @__PURE__ */ z
  .object({
    itemCode: z.string(),
    factId: z.string().describe('The scan whose collected amount the ledger did not hold'),
    agencyCode: z.string(),
    dossierRef: z.string(),
    postOfficeCode: z.string(),
    method: z.enum(['cash', 'vietqr']),
    amount: z.number().int(),
    fees: z.number().int(),
    collectedAt: z.string(),
    repairedAt: z.string(),
    trigger: z.enum(['request', 'nightly']),
  })
  .meta({ id: 'CollectionRepair' });

export const CollectionCheckRequestSchema = /* @__PURE__ */ z
  .object({
    postOfficeCode: PostOfficeCodeSchema,
    day: DaySchema.describe("The day (Vietnam's date) whose collected facts are checked against the ledger"),
    after: z
      .string()
      .max(200)
      .optional()
      .describe("A truncated check's `next`: the check goes on from there"),
  })
  .meta({ id: 'CollectionCheckRequest' });

export const CollectionCheckSchema = /* @__PURE__ */ z
  .object({
    postOfficeCode: z.string(),
    day: z.string(),
    checked: z.number().int().describe('Facts with money collected that were looked at'),
    repairs: z.array(CollectionRepairSchema).describe('Those the ledger did not hold, booked now'),
    unknownItems: z.array(z.string()).describe('`itemCode/scanId` of facts naming no known item'),
    truncated: z.boolean().describe('The day had more collected facts than one check looks at'),
    next: z.string().nullable().describe('Send as `after` to go on with a truncated check'),
  })
  .meta({ id: 'CollectionCheck' });

export const MonthlyStatementSchema = /* @__PURE__ */ z
  .object({
    agencyCode: z.string(),
    agencyName: z.string(),
    postOfficeCode: z.string(),
    period: z.string(),
    generatedAt: z.string(),
    dossiers: z.record(z.string(), z.number().int()),
    items: z.record(z.string(), z.number().int()),
    amounts: z
      .record(z.string(), z.number().int())
      .describe(
        'Expected, collected, voided, remitted and bank-confirmed amounts, and the postage of results sent again by who pays it (`resendPostageCitizen`, `resendPostagePost`, `resendPostageAgency`)',
      ),
    resends: z.number().int().describe('Results sent again in the period'),
    onTimeRate: z.number().nullable(),
    remittances: z.array(RemittanceSchema),
    cashHandins: z.array(CashHandinSchema),
    discrepancies: z.array(DiscrepancySchema),
    discrepanciesOmitted: z.number().int().optional(),
    collectionRepairs: z
      .array(CollectionRepairSchema)
      .optional()
      .describe('Collections of the month that only the facts-to-ledger check booked (each once)'),
    itemLines: z
      .array(
        z.object({
          itemCode: z.string(),
          dueVnd: z.number().int(),
          feesDueVnd: z.number().int(),
          collectedCashVnd: z.number().int(),
          collectedVietqrVnd: z.number().int(),
          bankConfirmedVnd: z.number().int(),
          voidedVnd: z.number().int(),
          outcome: z.enum(['handed-over', 'delivered', 'returned-to-agency']).nullable(),
          onTime: z.boolean().nullable(),
          lastAt: z.string(),
        }),
      )
      .optional()
      .describe('The items of the period, one a line, in item order; at most 20,000'),
    itemLinesOmitted: z.number().int().optional().describe('Items beyond those listed'),
    days: z
      .array(
        z.object({
          day: z.string().describe('YYYY-MM-DD, in Vietnam'),
          collectedCashVnd: z.number().int(),
          collectedVietqrVnd: z.number().int(),
          feesCollectedVnd: z.number().int().describe("The agency's share of what was collected"),
          arrived: z.number().int().describe('Items that reached the end of their journey this day'),
          arrivedOnTime: z.number().int().describe('Of those, the items that arrived by their due time'),
        }),
      )
      .optional()
      .describe('Each day of the period, in order: collections by method, and arrivals on time'),
  })
  .meta({ id: 'MonthlyStatement' });

export const ReceiptParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    series: z.string().regex(RECEIPT_SERIES_PATTERN, 'Expected a receipt series such as HNTP26'),
    number: z.coerce.number().int().min(1).max(9_999_999),
  }),
);

export const ReceiptQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({ format: z.enum(['json', 'pdf']).default('json') }),
);

export const ReceiptLookupParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    lookupCode: z
      .string()
      .min(1)
      .max(20)
      .regex(/^[A-Za-z0-9 -]+$/, 'Expected the lookup code printed on the receipt')
      .describe('Mã tra cứu, as printed on the receipt (case, spaces and dashes ignored)'),
  }),
);

export const ReceiptLookupSchema = /* @__PURE__ */ z
  .object({
    series: z.string().describe('Ký hiệu biên lai'),
    number: z.string().describe('Số biên lai, seven digits'),
    formSymbol: z.string().describe('Ký hiệu mẫu số'),
    issuedOn: z.iso.date().describe('Ngày lập, in Vietnam'),
    amount: z.number().int(),
    amountInWords: z.string(),
    lines: z.array(z.object({ name: z.string(), amount: z.number().int() })),
    agencyName: z.string(),
    agencyTaxCode: z.string().nullable(),
    status: z.enum(['issued', 'voided']),
    voidedOn: z.iso.date().nullable(),
  })
  .meta({ id: 'ReceiptLookup' });

export const VoidReceiptSchema = /* @__PURE__ */ z
  .object({ reason: multilineText(500) })
  .meta({ id: 'VoidReceipt' });

export const ReceiptSchema = /* @__PURE__ */ z
  .object({
    series: z.string().describe('Ký hiệu biên lai: the series letters and the two-digit year'),
    number: z.number().int(),
    formSymbol: z.string().describe('Ký hiệu mẫu số: the form symbol the agency registered'),
    agencyCode: z.string(),
    agencyName: z.string(),
    agencyTaxCode: z
      .string()
      .nullable()
      .describe("Mã số thuế: the agency's tax code; null when not registered"),
    lookupCode: z.string().describe('Mã tra cứu: the code the payer looks the receipt up with'),
    lookupUrl: z.url().describe('Địa chỉ tra cứu: where the receipt is looked up'),
    postOfficeCode: z.string(),
    payerName: z.string(),
    dossierRef: z.string(),
    itemCode: z.string(),
    lines: z.array(z.object({ code: z.string(), name: z.string(), amount: z.number().int() })),
    amount: z.number().int(),
    amountInWords: z.string(),
    method: z.enum(['cash', 'vietqr']),
    issuedAt: z.string(),
    issuedBy: z.string().nullable(),
    status: z.enum(['issued', 'voided']),
    voidedAt: z.string().nullable(),
    voidReason: z.string().nullable(),
    voidedBy: z.string().nullable(),
  })
  .meta({ id: 'Receipt' });

/** The JSON form of a bank statement; CSV in a bank's export layout is accepted too. */
export const BankStatementJsonBodySchema = /* @__PURE__ */ BankStatementJsonSchema.meta({
  id: 'BankStatement',
});

/** The body of an import: the JSON form, or the CSV export as it reaches the schema, `{ text }`. */
/** A bank's CSV export, as text: at most the largest body a route accepts. */
export const MAX_STATEMENT_TEXT_BYTES = 1_048_576;

export const BankStatementBodySchema = /* @__PURE__ */ schema(() =>
  BankStatementJsonBodySchema.or(z.object({ text: z.string().max(MAX_STATEMENT_TEXT_BYTES) })),
);
