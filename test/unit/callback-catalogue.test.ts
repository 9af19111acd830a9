/** Every event the system emits is in the OpenAPI document's `webhooks` catalogue. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callbackPayload } from '../../functions/domain/callbacks.ts';
import { DOSSIER_STATUSES, statusChangeEvent } from '../../functions/domain/dossier-status.ts';
import { itemStatusEvent } from '../../functions/domain/events.ts';
import { INBOUND_STATUSES, OUTBOUND_STATUSES } from '../../functions/domain/items/lifecycle.ts';
import { callbackEventCatalogue } from '../../schemas/callback-events.ts';
import { buildOpenApiDocument } from '../../schemas/openapi.ts';

/** Every `dossier.…` / `item.…` literal in the functions' source: the event types written by name. */
function eventTypesNamedInSource(): Set<string> {
  const root = join(import.meta.dirname, '../../functions');
  const found = new Set<string>();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    for (const match of readFileSync(join(root, file), 'utf8').matchAll(
      /['`]((?:dossier|item)\.[a-z-]+)['`]/g,
    ))
      found.add(match[1] as string);
  }
  return found;
}

const event = (type: string, data: Record<string, unknown>, itemCode?: string) => ({
  eventId: 'e-1',
  type,
  occurredAt: '2026-11-20T02:00:00.000Z',
  consignmentRef: 'PG26112000001',
  dossierCode: null,
  agencyCode: '000.00.06.H56',
  ...(itemCode ? { itemCode } : {}),
  data,
});

describe('the webhooks catalogue', () => {
  const catalogue = callbackEventCatalogue();
  const webhooks = (buildOpenApiDocument() as { webhooks: Record<string, unknown> }).webhooks;

  it('names every event type the source emits by name, in the OpenAPI webhooks section too', () => {
    const named = eventTypesNamedInSource();
    expect(named.size).toBeGreaterThan(5);
    for (const type of named) {
      const entry = type.startsWith('item.') ? 'item.*' : type;
      expect(catalogue[entry], type).toBeDefined();
      expect(webhooks[entry], type).toBeDefined();
    }
  });

  it('describes every status change a dossier announces', () => {
    for (const next of DOSSIER_STATUSES) {
      expect(catalogue[`dossier.${next}`], next).toBeDefined();
      const previous = next === 'registered' ? 'cancelled' : 'registered';
      const change = statusChangeEvent(previous, next);
      if (!change || ['registered', 'accepted', 'refused', 'result-ready', 'cancelled'].includes(next))
        continue; // announced with their own bodies, by the decisions that make them
      const body = JSON.parse(callbackPayload(event(change.type, change.data), 1));
      expect(catalogue[change.type]?.safeParse(body).success, change.type).toBe(true);
    }
  });

  it("describes every item status, stamped with the fact's own time", () => {
    const statuses = [...new Set([...INBOUND_STATUSES, ...OUTBOUND_STATUSES])];
    for (const status of statuses) {
      const item = {
        itemCode: 'RK000000014VN',
        status,
        version: 4,
        direction: OUTBOUND_STATUSES.includes(status as never) ? 'outbound' : 'inbound',
        consignmentRef: 'PG26112000001',
        dossierCode: null,
        agencyCode: '000.00.06.H56',
        closedAt: null,
        statusAt: '2026-11-20T01:15:00.000Z',
      };
      const announced = itemStatusEvent(null, item, '2026-11-20T09:00:00.000Z');
      expect(announced?.occurredAt).toBe('2026-11-20T01:15:00.000Z');
      const body = JSON.parse(callbackPayload(announced!, 7)) as { timestamp: string };
      expect(body.timestamp).toBe('2026-11-20T01:15:00.000Z');
      expect(catalogue['item.*']?.safeParse(body).success, status).toBe(true);
    }
  });

  it('describes a return registered after submission and its withdrawal', () => {
    const registered = event(
      'dossier.return-registered',
      { itemCode: 'RK000000014VN', dueAtDelivery: 26000 },
      'RK000000014VN',
    );
    const withdrawn = event('dossier.return-withdrawn', {
      itemCode: 'RK000000014VN',
      reason: 'Nhận tại quầy',
    });
    expect(
      catalogue['dossier.return-registered']?.safeParse(JSON.parse(callbackPayload(registered, 2))).success,
    ).toBe(true);
    expect(
      catalogue['dossier.return-withdrawn']?.safeParse(JSON.parse(callbackPayload(withdrawn, 3))).success,
    ).toBe(true);
    expect(
      catalogue['dossier.return-withdrawn']?.safeParse(JSON.parse(callbackPayload(registered, 2))).success,
    ).toBe(false);
  });
});
