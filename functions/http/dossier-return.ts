/**
 * POST /v1/dossiers/{dossierRef}/return — the citizen asks for postal return of the result
 * after submission (`action: "register"`), or withdraws it before the post collects the result
 * (`action: "withdraw"`). POST /v1/items/{itemCode}/resend — the item's office sends a result
 * again on a new item, the party at fault paying for the new leg.
 */
import { resendItemRoute, returnRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, referenceStore, s10Series } from '../adapters/index.ts';
import { changeReturn } from '../app/dossiers/dossier-return.ts';
import { resendItem } from '../app/dossiers/resend-item.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { dossierAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { DomainRefusal } from '../domain/refusal.ts';

/** Staff and supervisors of the item's offices record its resend; admins any. */
const mayResend =
  (caller: Caller) =>
  (offices: { originOfficeCode: string; destinationOfficeCode: string }): void => {
    if (caller.roles.includes('admin')) return;
    const office = caller.postOfficeCode;
    if (office && (office === offices.originOfficeCode || office === offices.destinationOfficeCode)) return;
    throw new HttpProblem('forbidden', "Only the item's own offices record that it is sent again");
  };

/** A refusal of the resend rules as its own problem type. */
function resendProblem(error: unknown): unknown {
  if (!(error instanceof DomainRefusal) || error instanceof HttpProblem) return error;
  if (error.kind === 'conflict' && error.message.includes('already sent again'))
    return new HttpProblem('item-already-resent', error.message);
  if (error.kind === 'unprocessable') return new HttpProblem('item-not-resendable', error.message);
  return error;
}

export const handler = routeTable(
  httpRoute(returnRoute, async ({ params, body, caller }) => {
    const view = await changeReturn(
      { dossiers: dossierStore(), items: itemStore(), reference: referenceStore(), s10: s10Series() },
      {
        dossierRef: params.dossierRef,
        mayAccess: dossierAccess(caller),
        action: body.action,
        ...(body.reason ? { reason: body.reason } : {}),
        now: new Date(),
      },
    );
    return { status: 200, body: view };
  }),
  httpRoute(resendItemRoute, async ({ params, body, caller }) => {
    try {
      const { resend, view } = await resendItem(
        { dossiers: dossierStore(), items: itemStore(), s10: s10Series() },
        {
          itemCode: params.itemCode,
          faultParty: body.faultParty,
          reason: body.reason,
          note: body.note,
          mayResend: mayResend(caller),
          mayAccess: dossierAccess(caller),
          recordedBy: caller.subject,
          now: new Date(),
        },
      );
      return { status: 201, body: { resend, dossier: view } };
    } catch (error) {
      throw resendProblem(error);
    }
  }),
);
