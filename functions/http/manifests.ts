import type { Manifest } from '../../schemas/manifests.ts';
import { confirmManifestRoute, createManifestRoute, getManifestRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, manifestStore } from '../adapters/index.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForAgency, assertActsForOffice, assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { recordFact } from '../domain/items/ingest.ts';
import type { ItemRecord } from '../domain/items/items.ts';
import { MAX_CLOCK_SKEW_MS, MAX_SCAN_AGE_MS } from '../domain/items/scans.ts';
import { confirmManifest, custodyFact, openManifest, receivingSide } from '../domain/manifests.ts';

/** Items moved at once while confirming a manifest. */
const CONFIRM_CONCURRENCY = 8;

async function loadManifest(manifestId: string, caller: Caller): Promise<Manifest> {
  const manifest = await manifestStore().get(manifestId);
  if (!manifest) throw new HttpProblem('not-found', `No manifest ${manifestId}`);
  assertCanAccess(
    caller,
    { agencyCode: manifest.agencyCode, postOfficeCodes: [manifest.postOfficeCode] },
    'manifest',
  );
  return manifest;
}

async function itemsByCode(itemCodes: readonly string[]): Promise<Map<string, ItemRecord>> {
  return new Map((await itemStore().getItems(itemCodes)).map((item) => [item.itemCode, item]));
}

export const handler = routeTable(
  httpRoute(createManifestRoute, async ({ body, caller }) => {
    assertActsForOffice(caller, body.postOfficeCode);
    const manifest = openManifest({
      ...body,
      items: await itemsByCode([...new Set(body.itemCodes)]),
      createdBy: caller.subject,
      now: new Date(),
    });
    await manifestStore().create(manifest);
    return { status: 201, body: manifest };
  }),
  httpRoute(confirmManifestRoute, async ({ params, body, caller }) => {
    const manifest = await loadManifest(params.manifestId, caller);
    if (receivingSide(manifest.kind) === 'agency') {
      if (!caller.roles.includes('agency') && !caller.roles.includes('admin')) {
        throw new HttpProblem('forbidden', 'The agency confirms what it received');
      }
      assertActsForAgency(caller, manifest.agencyCode);
    } else {
      assertActsForOffice(caller, manifest.postOfficeCode);
    }
    const now = new Date();
    const signedAt = body.signedAt ? new Date(body.signedAt) : now;
    if (
      signedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS ||
      signedAt.getTime() < now.getTime() - MAX_SCAN_AGE_MS
    ) {
      throw new HttpProblem(
        'validation-failed',
        'signedAt must be within the last 30 days and not in the future',
      );
    }
    const confirmation = confirmManifest(manifest, {
      itemCodesReceived: body.itemCodesReceived,
      signedBy: body.signedBy,
      signedAt,
      confirmedBy: caller.subject,
    });
    // Custody first, each fact recorded once; the manifest is marked confirmed last, so a retry completes it.
    const moved: ItemRecord[] = [];
    for (let start = 0; start < confirmation.received.length; start += CONFIRM_CONCURRENCY) {
      const wave = confirmation.received.slice(start, start + CONFIRM_CONCURRENCY);
      const results = await Promise.all(
        wave.map((itemCode) =>
          recordFact(itemStore(), itemCode, () => custodyFact(confirmation.manifest, itemCode, now)),
        ),
      );
      moved.push(...results.filter((item): item is ItemRecord => item !== null));
    }
    if (manifest.kind === 'handover-to-agency') {
      const dossiers = new Set(moved.map((item) => item.consignmentRef));
      await Promise.all(
        [...dossiers].map((ref) => dossierStore().recordSubmission(ref, signedAt.toISOString())),
      );
    }
    await manifestStore().confirm(confirmation.manifest);
    return { status: 200, body: confirmation };
  }),
  httpRoute(getManifestRoute, async ({ params, caller }) => {
    return { status: 200, body: await loadManifest(params.manifestId, caller) };
  }),
);
