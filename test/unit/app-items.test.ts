/** Scans, handover manifests and public tracking over in-memory ports. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryDossiers, MemoryItems, MemoryTrackingGuard } from '../../functions/app/dossiers/memory.ts';
import { trackDossier } from '../../functions/app/dossiers/track-dossier.ts';
import { ingestScans } from '../../functions/app/items/ingest-scans.ts';
import { confirmManifest, drawUpManifest, readManifest } from '../../functions/app/manifests/manifests.ts';
import { MemoryManifests, MemorySubmissions } from '../../functions/app/manifests/memory.ts';
import { registerDossier } from '../../functions/domain/dossiers.ts';
import { MAX_WRONG_GUESSES, TRACKING_LOCK_MS } from '../../functions/domain/tracking-guard.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest, PLACEMENT } from '../support/http-event.ts';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const INBOUND = PLACEMENT.inboundItemCode;
const anyone = () => undefined;

/** One dossier with its inbound item, registered in memory. */
async function memoryWorld() {
  const items = new MemoryItems();
  const dossiers = new MemoryDossiers(items);
  const request = RegisterDossierSchema.parse(
    dossierRequest({
      services: { pickup: true, return: false },
      fees: [{ code: 'LPH-GPLX', name: 'Lệ phí cấp đổi', amount: 135000, collectAt: 'pickup' }],
    }),
  );
  const registration = registerDossier({
    request,
    registrant: { role: 'agency', agencyCode: AGENCY },
    consignmentRef: 'PG0000000000AA',
    contentHash: 'h',
    now: NOW,
    placement: PLACEMENT,
  });
  await dossiers.register(registration);
  const secretReads: number[] = [];
  const scanPorts = {
    items,
    deliveryCodeSecret: async () => {
      secretReads.push(1);
      return 'secret';
    },
  };
  return { items, dossiers, scanPorts, secretReads };
}

const pickup = (scanId: string) => ({
  scanId,
  itemCode: INBOUND,
  type: 'pickup' as const,
  occurredAt: '2026-11-20T04:00:00.000Z',
  postOfficeCode: PLACEMENT.citizenOffice.postOfficeCode,
  staffId: 'nv-01',
  collected: { amount: 161_000, method: 'cash' as const },
});

describe('ingestScans', () => {
  it('applies a scan once, answers a repeat as a duplicate, and never reads the delivery-code key for a pickup', async () => {
    const { items, scanPorts, secretReads } = await memoryWorld();
    const at = { receivedAt: new Date('2026-11-20T05:00:00.000Z'), callerOfficeCode: 'BC-HCM-01' };
    const first = await ingestScans(scanPorts, [pickup('scan-0001')], at);
    expect(first.outcomes).toEqual([{ outcome: 'accepted', itemStatus: 'picked-up' }]);
    const again = await ingestScans(scanPorts, [pickup('scan-0001')], at);
    expect(again.outcomes[0]?.outcome).toBe('duplicate');
    expect(items.facts.get(INBOUND)).toHaveLength(1);
    expect(secretReads).toEqual([]);
  });
});

describe('handover manifests', () => {
  let world: Awaited<ReturnType<typeof memoryWorld>>;
  beforeEach(async () => {
    world = await memoryWorld();
    const picked = await ingestScans(world.scanPorts, [pickup('scan-0001')], {
      receivedAt: new Date('2026-11-20T05:00:00.000Z'),
      callerOfficeCode: null,
    });
    expect(picked.outcomes[0]?.outcome).toBe('accepted');
  });

  it('hands a picked-up dossier to the agency: custody moves once, the signing time becomes its submission time', async () => {
    const ports = {
      manifests: new MemoryManifests(),
      items: world.items,
      submissions: new MemorySubmissions(),
    };
    const manifest = await drawUpManifest(ports, {
      kind: 'handover-to-agency',
      agencyCode: AGENCY,
      postOfficeCode: PLACEMENT.agencyOffice.postOfficeCode,
      itemCodes: [INBOUND, INBOUND],
      createdBy: 'user-staff',
      now: NOW,
    });
    expect(manifest.itemCodes).toEqual([INBOUND]);
    const signedAt = new Date('2026-11-21T02:00:00.000Z');
    const confirmation = await confirmManifest(ports, {
      manifestId: manifest.manifestId,
      mayConfirm: anyone,
      itemCodesReceived: [INBOUND, 'RH000000028VN'],
      signedBy: 'Lê Văn Bình',
      signedAt,
      confirmedBy: 'user-agency',
      now: signedAt,
    });
    expect(confirmation).toMatchObject({ received: [INBOUND], missing: [], unexpected: ['RH000000028VN'] });
    expect(world.items.items.get(INBOUND)?.status).toBe('handed-over');
    expect(ports.submissions.submittedAt.get('PG0000000000AA')).toBe(signedAt.toISOString());
    expect((await readManifest(ports, manifest.manifestId, anyone)).status).toBe('confirmed');
    await expect(
      confirmManifest(ports, {
        manifestId: manifest.manifestId,
        mayConfirm: anyone,
        itemCodesReceived: [INBOUND],
        signedBy: 'x',
        signedAt,
        confirmedBy: 'x',
        now: signedAt,
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('refuses an item that is not ready for the handover, and an unknown manifest', async () => {
    const ports = {
      manifests: new MemoryManifests(),
      items: world.items,
      submissions: new MemorySubmissions(),
    };
    await expect(
      drawUpManifest(ports, {
        kind: 'collect-from-agency',
        agencyCode: AGENCY,
        postOfficeCode: PLACEMENT.agencyOffice.postOfficeCode,
        itemCodes: [INBOUND],
        createdBy: 'user-staff',
        now: NOW,
      }),
    ).rejects.toThrow(/not a result going back/);
    expect(ports.manifests.manifests.size).toBe(0);
    await expect(readManifest(ports, 'BB000000000000', anyone)).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('trackDossier', () => {
  it('shows the timeline only with the last four digits of the phone, and says nothing otherwise', async () => {
    const { items, dossiers } = await memoryWorld();
    const ports = { dossiers, items, guard: new MemoryTrackingGuard() };
    const code = `${AGENCY}-261120-0042`;
    const tracked = await trackDossier(ports, { ref: code, phoneLast4: '5678' });
    expect(tracked?.status).toBe('registered');
    expect(tracked?.timeline.map((entry) => entry.type)).toContain('dossier.registered');
    expect(JSON.stringify(tracked)).not.toContain('0912345678');
    expect(await trackDossier(ports, { ref: code, phoneLast4: '0000' })).toBeNull();
    expect(await trackDossier(ports, { ref: code, phoneLast4: undefined })).toBeNull();
    expect(await trackDossier(ports, { ref: `${AGENCY}-261120-9999`, phoneLast4: '5678' })).toBeNull();
  });

  it('locks a reference for an hour after ten wrong guesses, the right digits included', async () => {
    const { items, dossiers } = await memoryWorld();
    const ports = { dossiers, items, guard: new MemoryTrackingGuard() };
    const code = `${AGENCY}-261120-0042`;
    const start = Date.UTC(2026, 11, 3, 2);
    for (let guess = 0; guess < MAX_WRONG_GUESSES; guess++) {
      expect(await trackDossier(ports, { ref: code, phoneLast4: '0000' }, start + guess)).toBeNull();
    }
    expect(await trackDossier(ports, { ref: code, phoneLast4: '5678' }, start + 60_000)).toBeNull();
    const anHourLater = start + MAX_WRONG_GUESSES + TRACKING_LOCK_MS + 1;
    expect(await trackDossier(ports, { ref: code, phoneLast4: '5678' }, anHourLater)).not.toBeNull();
  });
});
