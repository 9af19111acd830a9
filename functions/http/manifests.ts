/** Handover records (biên bản giao nhận): drawn up by the post, confirmed by the receiving side. */
import { confirmManifestRoute, createManifestRoute, getManifestRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, manifestStore } from '../adapters/index.ts';
import { confirmManifest, drawUpManifest, readManifest } from '../app/manifests/manifests.ts';
import type { Manifest } from '../app/manifests/ports.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForAgency, assertActsForOffice, assertCanAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { MAX_CLOCK_SKEW_MS, MAX_SCAN_AGE_MS } from '../domain/items/scans.ts';
import { receivingSide } from '../domain/manifests.ts';

const ports = () => ({ manifests: manifestStore(), items: itemStore(), submissions: dossierStore() });

const mayRead = (caller: Caller) => (manifest: Manifest) =>
  assertCanAccess(
    caller,
    { agencyCode: manifest.agencyCode, postOfficeCodes: [manifest.postOfficeCode] },
    'manifest',
  );

/** The receiving side confirms: the agency what it received from the post, the office what it collected. */
const mayConfirm = (caller: Caller) => (manifest: Manifest) => {
  mayRead(caller)(manifest);
  if (receivingSide(manifest.kind) === 'agency') {
    if (!caller.roles.includes('agency') && !caller.roles.includes('admin')) {
      throw new HttpProblem('forbidden', 'The agency confirms what it received');
    }
    assertActsForAgency(caller, manifest.agencyCode);
  } else {
    assertActsForOffice(caller, manifest.postOfficeCode);
  }
};

function signingTime(signedAt: string | undefined, now: Date): Date {
  const at = signedAt ? new Date(signedAt) : now;
  if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS || at.getTime() < now.getTime() - MAX_SCAN_AGE_MS) {
    throw new HttpProblem(
      'validation-failed',
      'signedAt must be within the last 30 days and not in the future',
    );
  }
  return at;
}

export const handler = routeTable(
  httpRoute(createManifestRoute, async ({ body, caller }) => {
    assertActsForOffice(caller, body.postOfficeCode);
    const manifest = await drawUpManifest(ports(), { ...body, createdBy: caller.subject, now: systemNow() });
    return { status: 201, body: manifest };
  }),
  httpRoute(confirmManifestRoute, async ({ params, body, caller }) => {
    const now = systemNow();
    const confirmation = await confirmManifest(ports(), {
      manifestId: params.manifestId,
      // The signing time is checked once the manifest is found and the caller may confirm it.
      mayConfirm: (manifest) => {
        mayConfirm(caller)(manifest);
        signingTime(body.signedAt, now);
      },
      itemCodesReceived: body.itemCodesReceived,
      signedBy: body.signedBy,
      signedAt: body.signedAt ? new Date(body.signedAt) : now,
      confirmedBy: caller.subject,
      now,
    });
    return { status: 200, body: confirmation };
  }),
  httpRoute(getManifestRoute, async ({ params, caller }) => ({
    status: 200,
    body: await readManifest(ports(), params.manifestId, mayRead(caller)),
  })),
);
