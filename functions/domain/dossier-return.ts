/**
 * Postal return asked for after submission, and withdrawn before the post collects the result
 * (Decision 45/2016: the citizen registers for postal return at submission or later, and may
 * withdraw before pickup). Registering adds the outbound item, priced by the same tariff as at
 * registration; withdrawing cancels it.
 */
import { change, type Dossier, type Registration } from './dossiers.ts';
import { type ItemRecord, newItem, SERVICE_LETTERS } from './items/items.ts';
import { quoteDossier } from './money/tariffs.ts';
import { DomainRefusal } from './refusal.ts';

/** Dossier statuses in which a return may still be asked for: the result has not left the agency. */
const RETURN_OPEN: ReadonlySet<Dossier['status']> = new Set([
  'registered',
  'in-pickup',
  'handed-over',
  'accepted',
  'result-ready',
]);

/** Item statuses from which a return may be withdrawn: the post has not collected the result. */
const WITHDRAWABLE: ReadonlySet<string> = new Set(['registered', 'result-ready']);

export { SERVICE_LETTERS };

/** The outbound item of a return asked for later: the inbound journey reversed, to the citizen. */
function outboundFor(dossier: Dossier, inbound: ItemRecord, itemCode: string, now: Date): ItemRecord {
  const { applicant } = dossier;
  return newItem({
    itemCode,
    direction: 'outbound',
    consignmentRef: dossier.consignmentRef,
    dossierCode: dossier.dossierCode,
    agencyCode: dossier.agency.code,
    originOfficeCode: inbound.destinationOfficeCode,
    destinationOfficeCode: inbound.originOfficeCode,
    routeClass: inbound.routeClass,
    ...(dossier.withAppointmentSlip ? { withAppointmentSlip: true } : {}),
    ...(dossier.idDigitsDigest ? { idDigitsDigest: dossier.idDigitsDigest } : {}),
    addressee: {
      name: applicant.fullName,
      phone: applicant.phone,
      addressLine: applicant.address.line,
      communeCode: applicant.address.communeCode,
      provinceCode: applicant.address.provinceCode,
    },
    collectAmountVnd: 0,
    feesAmountVnd: 0,
    createdAt: now.toISOString(),
  });
}

/**
 * The dossier with postal return: its new outbound item, addressed to the citizen, from the
 * agency's office to the citizen's, and the quote with its postage. Null when it already has it.
 */
export function registerReturn(input: {
  readonly dossier: Dossier;
  readonly inbound: ItemRecord | undefined;
  readonly itemCode: string;
  readonly agencyProvinceCode: string;
  readonly now: Date;
}): Registration | null {
  const { dossier, inbound, now } = input;
  if (dossier.services.return) return null;
  if (!RETURN_OPEN.has(dossier.status))
    throw new DomainRefusal(
      'conflict',
      `A dossier that is ${dossier.status} can no longer be returned by post`,
    );
  if (!inbound)
    throw new DomainRefusal('unprocessable', 'Only a dossier the post carried in can ask for return now');
  const planned = outboundFor(dossier, inbound, input.itemCode, now);
  const quote = quoteDossier({
    items: [inbound, planned],
    fees: dossier.fees,
    exemption: dossier.exemption,
    ...(dossier.quote?.weightGrams ? { weightGrams: dossier.quote.weightGrams } : {}),
    agencyProvinceCode: input.agencyProvinceCode,
  });
  const priced = quote.perItem.find((entry) => entry.itemCode === planned.itemCode);
  const item = priced
    ? { ...planned, collectAmountVnd: priced.collectAmountVnd, feesAmountVnd: priced.feesAmountVnd }
    : planned;
  const { perItem: _perItem, ...visible } = quote;
  return change(
    dossier,
    {
      services: { ...dossier.services, return: true },
      quote: {
        ...visible,
        lines: visible.lines.map(({ itemCode, direction, kind, code, name, amount, collectAt }) => ({
          itemCode,
          direction,
          kind,
          code,
          name,
          amount,
          collectAt,
        })),
      },
      items: [...dossier.items, { itemCode: item.itemCode, direction: 'outbound' }],
    },
    'dossier.return-registered',
    now,
    { itemCode: item.itemCode, dueAtDelivery: quote.dueAtDelivery },
    { items: [item] },
  );
}

/** The citizen takes the return back before the post collected the result; null when there is none. */
export function withdrawReturn(
  dossier: Dossier,
  outbound: ItemRecord | undefined,
  reason: string,
  now: Date,
): Registration | null {
  if (!dossier.services.return || !outbound) return null;
  if (!dossier.services.pickup)
    throw new DomainRefusal('conflict', 'A dossier registered for return only is withdrawn by cancelling it');
  if (!WITHDRAWABLE.has(outbound.status))
    throw new DomainRefusal(
      'conflict',
      `The result is already ${outbound.status}: the return cannot be withdrawn`,
    );
  return change(
    dossier,
    { services: { ...dossier.services, return: false } },
    'dossier.return-withdrawn',
    now,
    {
      itemCode: outbound.itemCode,
      reason,
    },
  );
}
