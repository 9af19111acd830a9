/**
 * The messages the queues and the schedules carry, as zod schemas: each consumer parses its
 * message with one of these at its edge, so a malformed message fails there (and reaches the
 * dead-letter queue after its redrive count) instead of deep in a use case. The inferred
 * types match the domain's own (`DomainEvent`, `LedgerFactMessage`).
 */
import * as z from 'zod';

/** Longest identifier a message may carry (event ids, codes, references). */
const MAX_ID_LENGTH = 200;
const Id = z.string().min(1).max(MAX_ID_LENGTH);
const Timestamp = z.iso.datetime({ offset: true });

/** A domain event, as `publishEvents` sends it to the `notifications` and `callbacks` queues. */
export const DomainEventMessageSchema = z.object({
  eventId: Id,
  type: z.string().regex(/^(dossier|item)\.[a-z-]+$/, 'an event type such as dossier.registered'),
  sequence: z.number().int().min(1).optional(),
  occurredAt: Timestamp,
  consignmentRef: Id,
  dossierCode: Id.nullable(),
  agencyCode: Id,
  itemCode: Id.optional(),
  data: z.record(z.string(), z.unknown()),
});

/** One callback to deliver, as `fanOutCallbacks` and the replay API queue it. */
export const CallbackDeliveryMessageSchema = z.object({
  agencyCode: Id,
  webhookId: Id,
  eventId: Id,
});
export type CallbackDeliveryMessage = z.infer<typeof CallbackDeliveryMessageSchema>;

/** A new fact of an item the ledger acts on, as `publishEvents` sends it to the `ledger` queue. */
export const LedgerFactMessageSchema = z.object({
  itemCode: Id,
  fact: z.object({
    factId: Id,
    type: z.string().min(1).max(40),
    occurredAt: Timestamp,
    postOfficeCode: Id,
    staffId: Id.optional(),
    collected: z.object({ amount: z.number().int().min(0), method: z.enum(['cash', 'vietqr']) }).optional(),
  }),
});

/** What a nightly schedule hands its function: the day to run, yesterday when absent. */
export const NightlyRunSchema = z
  .object({ day: z.iso.date().optional() })
  .nullish()
  .transform((input) => input ?? {});
export type NightlyRun = z.output<typeof NightlyRunSchema>;

/** The monthly indicator e-mail: a month when asked, else the month before the planned time. */
export const MonthlyReportRunSchema = z
  .object({
    period: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
  })
  .nullish()
  .transform((input) => input ?? {});

/** The nightly facts-to-ledger check: one day when asked, else the week before the planned time. */
export const CollectionCheckRunSchema = z
  .object({ day: z.iso.date().optional(), scheduledAt: z.iso.datetime({ offset: true }).optional() })
  .nullish()
  .transform((input) => input ?? {});

/**
 * The table stream's records, as the stream consumer reads them (unmarshalled, keys left in):
 * an event row, an item row and a fact row. Loose: a row carries more than is checked here.
 */
export const EventRowSchema = DomainEventMessageSchema.loose();

/** A citizen's rating as the stream reads it, to count it in the indicators. */
export const RatingRowSchema = z
  .object({
    consignmentRef: Id,
    dossierCode: Id.nullable(),
    score: z.number().int().min(1).max(5),
    comment: z.string().max(2000).nullable(),
    ratedAt: Timestamp,
    month: z.string().regex(/^\d{4}-\d{2}$/),
    journeyEndedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    provinceCode: Id,
    communeCode: Id,
    agencyCode: Id,
    postOfficeCode: Id,
    staffId: Id.nullable(),
  })
  .loose();

export const RemittanceRowSchema = z
  .object({
    reference: Id,
    agencyCode: Id,
    postOfficeCode: Id,
    amount: z.number().int().min(0),
    createdAt: Timestamp,
  })
  .loose();

export const ItemRowSchema = z
  .object({
    itemCode: Id,
    status: z.string().min(1).max(40),
    version: z.number().int().min(0),
    direction: z.enum(['inbound', 'outbound']),
    consignmentRef: Id,
    dossierCode: Id.nullable(),
    agencyCode: Id,
    originOfficeCode: Id,
    destinationOfficeCode: Id,
    closedAt: Timestamp.nullish(),
  })
  .loose();

export const FactRowSchema = z
  .object({ pk: z.string().startsWith('ITEM#') })
  .extend(LedgerFactMessageSchema.shape.fact.shape)
  .loose();
