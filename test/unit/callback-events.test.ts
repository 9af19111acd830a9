/** The callback catalogue in the OpenAPI document, and the bodies the system sends matching it. */
import { describe, expect, it } from 'vitest';
import { callbackPayload } from '../../functions/domain/callbacks.ts';
import {
  followItems,
  markResultReady,
  newConsignmentRef,
  registerDossier,
} from '../../functions/domain/dossiers.ts';
import { itemStatusEvent } from '../../functions/domain/events.ts';
import type { ItemRecord } from '../../functions/domain/items/items.ts';
import { callbackEventCatalogue } from '../../schemas/callback-events.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { buildOpenApiDocument } from '../../schemas/openapi.ts';
import { dossierRequest, PLACEMENT } from '../support/http-event.ts';

const NOW = new Date('2026-11-23T03:00:00Z');

describe('the callback catalogue', () => {
  it('is the OpenAPI webhooks section, each event with its body', () => {
    const document = buildOpenApiDocument() as {
      webhooks: Record<
        string,
        { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }
      >;
      components: { schemas: Record<string, unknown> };
    };
    for (const type of [
      'dossier.registered',
      'dossier.in-return',
      'dossier.delivered',
      'dossier.at-risk',
      'item.*',
    ]) {
      const ref = document.webhooks[type]?.post.requestBody.content['application/json']?.schema.$ref ?? '';
      expect(document.components.schemas[ref.split('/').at(-1) ?? '']).toBeDefined();
    }
  });

  it('describes the bodies the system sends: a registration, a new status, an item moving', () => {
    const catalogue = callbackEventCatalogue();
    const registration = registerDossier({
      request: RegisterDossierSchema.parse(dossierRequest()),
      registrant: { role: 'agency', agencyCode: '000.00.06.H56' },
      consignmentRef: newConsignmentRef(),
      contentHash: 'hash',
      now: NOW,
      placement: PLACEMENT,
    });
    const sent = (event: Parameters<typeof callbackPayload>[0], sequence: number) =>
      JSON.parse(callbackPayload(event, sequence)) as { type: string };
    const first = sent(registration.event, 1);
    expect(catalogue['dossier.registered']?.safeParse(first).success).toBe(true);
    const ready = markResultReady(registration.dossier, NOW);
    expect(catalogue['dossier.result-ready']?.safeParse(sent(ready!.event, 2)).success).toBe(true);
    const outbound = registration.items?.[0] as ItemRecord;
    const moving = followItems(ready!.dossier, [{ ...outbound, status: 'in-transit' }], NOW);
    const inReturn = sent(moving!.event, 3);
    expect(catalogue['dossier.in-return']?.safeParse(inReturn).success).toBe(true);
    const itemEvent = itemStatusEvent(
      outbound,
      { ...outbound, status: 'in-transit', version: 3 },
      NOW.toISOString(),
    );
    expect(catalogue['item.*']?.safeParse(sent(itemEvent!, 4)).success).toBe(true);
    expect(catalogue['dossier.in-return']?.safeParse(first).success).toBe(false);
  });
});
