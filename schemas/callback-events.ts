/**
 * The events callbacks carry (API.md: Callbacks), as the OpenAPI document's `webhooks`: each
 * body is `{type, timestamp, data}`, `data` holding the event's id, its per-dossier sequence
 * number (deliver in that order), the dossier's references and what the event says.
 */
import * as z from 'zod';

const ITEM_STATUSES = [
  'requested',
  'pickup-failed',
  'picked-up',
  'in-transit',
  'handed-over',
  'accepted',
  'refused',
  'registered',
  'result-ready',
  'collected',
  'out-for-delivery',
  'delivery-failed',
  'held-at-office',
  'delivered',
  'returned-to-agency',
  'cancelled',
] as const;

/** A change of the dossier's status that carries no more than the statuses. */
const STATUS_ONLY_DOSSIER_EVENTS = [
  'in-pickup',
  'handed-over',
  'in-return',
  'delivered',
  'returned-to-agency',
] as const;

const common = {
  eventId: z.string(),
  sequence: z
    .number()
    .int()
    .min(1)
    .describe('Per dossier: deliver in this order, never one before a lower one'),
  consignmentRef: z.string(),
  dossierCode: z.string().nullable(),
  agencyCode: z.string(),
};

const envelope = (id: string, type: string, data: z.ZodRawShape, description: string) =>
  z
    .object({
      type: z.literal(type),
      timestamp: z.iso.datetime({ offset: true }).describe('When it happened'),
      data: z.object({ ...common, ...data }),
    })
    .meta({ id, description });

let built: Record<string, z.ZodType> | undefined;

/** Every event type with the body a receiver gets, by event name; built once, on first need. */
export function callbackEventCatalogue(): Record<string, z.ZodType> {
  built ??= buildCatalogue();
  return built;
}

function buildCatalogue(): Record<string, z.ZodType> {
  const catalogue: Record<string, z.ZodType> = {
    'dossier.registered': envelope(
      'DossierRegisteredEvent',
      'dossier.registered',
      {
        services: z.object({ pickup: z.boolean(), return: z.boolean() }),
        procedureCode: z.string(),
        items: z.array(z.object({ itemCode: z.string(), direction: z.enum(['inbound', 'outbound']) })),
      },
      'The dossier was registered for postal carriage.',
    ),
    'dossier.accepted': envelope(
      'DossierAcceptedEvent',
      'dossier.accepted',
      { dossierCode: z.string().optional() },
      'The agency accepted the dossier (with the code it assigned to a paper dossier).',
    ),
    'dossier.refused': envelope(
      'DossierRefusedEvent',
      'dossier.refused',
      { reason: z.string() },
      'The agency refused the dossier; its papers go back to the citizen.',
    ),
    'dossier.result-ready': envelope(
      'DossierResultReadyEvent',
      'dossier.result-ready',
      { promisedDate: z.string().optional(), returnByPost: z.boolean() },
      'The result waits at the agency.',
    ),
    'dossier.promised-date': envelope(
      'DossierPromisedDateEvent',
      'dossier.promised-date',
      { promisedDate: z.string() },
      'The agency moved the date it promised the citizen.',
    ),
    'dossier.at-risk': envelope(
      'DossierAtRiskEvent',
      'dossier.at-risk',
      { promisedDate: z.string(), plannedDeliveryDate: z.string() },
      'The planned delivery would land after the promised date.',
    ),
    'dossier.cancelled': envelope(
      'DossierCancelledEvent',
      'dossier.cancelled',
      { reason: z.string() },
      'The citizen withdrew before anything moved.',
    ),
    'dossier.return-registered': envelope(
      'DossierReturnRegisteredEvent',
      'dossier.return-registered',
      {
        itemCode: z.string().describe('The outbound item that will carry the result'),
        dueAtDelivery: z.number().int().min(0).describe('VND the citizen pays when the result is delivered'),
      },
      'The citizen asked, after submission, for the result to be returned by post.',
    ),
    'dossier.return-withdrawn': envelope(
      'DossierReturnWithdrawnEvent',
      'dossier.return-withdrawn',
      { itemCode: z.string(), reason: z.string() },
      'The citizen withdrew the postal return before the post collected the result.',
    ),
    'dossier.resent': envelope(
      'DossierResentEvent',
      'dossier.resent',
      {
        status: z.literal('result-ready'),
        previousStatus: z.string(),
        originalItemCode: z.string().describe('The item whose result is sent again'),
        itemCode: z.string().describe('The new item that carries it'),
        faultParty: z.enum(['citizen', 'post', 'agency']).describe('Who pays for the new leg'),
        reason: z.string(),
        postageVnd: z.number().int().min(0).describe("The new leg's postage at the original leg's tariff"),
        dueAtDelivery: z
          .number()
          .int()
          .min(0)
          .describe('VND the citizen pays when the new item is delivered'),
      },
      'The result is sent again on a new item; it waits for collection at the agency again.',
    ),
    'dossier.documents-attached': envelope(
      'DossierDocumentsAttachedEvent',
      'dossier.documents-attached',
      {
        documents: z
          .array(
            z.object({
              documentId: z.string(),
              documentName: z.string().describe("The document's name as the consignment slip lists it"),
              contentType: z.enum(['application/pdf', 'image/jpeg']),
              sizeBytes: z.number().int().positive(),
              sha256: z.string().describe('Hex SHA-256 of the stored scan, computed by the post'),
              capturedAt: z.enum(['pickup', 'counter']),
              attachedAt: z.iso.datetime({ offset: true }),
              attachedBy: z.object({ subject: z.string(), postOfficeCode: z.string().nullable() }),
              href: z
                .string()
                .describe(
                  "The scan's download route, relative to the API's base URL: GET it with the agency's token for a five-minute link",
                ),
            }),
          )
          .describe('The scans attached with this event'),
        digitisedDocuments: z.number().int().min(1).describe('Scans the dossier carries now'),
        firstOfDossier: z.boolean().describe("The dossier's first scan: it is now a digitised dossier"),
      },
      "Postal staff attached scans of the slip's documents to the dossier (digitised dossier).",
    ),
  };
  for (const status of STATUS_ONLY_DOSSIER_EVENTS) {
    const id = `Dossier${status.replace(/(^|-)(\w)/g, (_m, _d, letter: string) => letter.toUpperCase())}Event`;
    catalogue[`dossier.${status}`] = envelope(
      id,
      `dossier.${status}`,
      { status: z.literal(status), previousStatus: z.string() },
      `The dossier is now ${status}, as its items say.`,
    );
  }
  catalogue['item.*'] = z
    .object({
      type: z
        .string()
        .regex(/^item\.[a-z-]+$/)
        .describe(
          'item.<status> when the status changed; item.window-chosen or item.hold-chosen when the citizen ' +
            'chose a delivery window or collection at the office and the status stayed',
        ),
      timestamp: z.iso
        .datetime({ offset: true })
        .describe('The time of the fact, as the scanner recorded it'),
      data: z.object({
        ...common,
        itemCode: z.string(),
        direction: z.enum(['inbound', 'outbound']),
        status: z.enum(ITEM_STATUSES),
        previousStatus: z.enum(ITEM_STATUSES).nullable(),
        deliveryWindow: z
          .object({ day: z.string(), part: z.enum(['morning', 'afternoon']) })
          .optional()
          .describe('The half-day the citizen chose for the delivery'),
        heldUntil: z
          .string()
          .optional()
          .describe('While the office holds the result for the citizen: the end of the hold'),
      }),
    })
    .meta({ id: 'ItemStatusEvent', description: "An item's status changed: item.<status>." });
  return catalogue;
}
