/** The stream's work over in-memory ports: events to their queues, facts to the ledger, items to the worklist. */
import { describe, expect, it } from 'vitest';
import { MemoryPublisher, MemoryWorklist } from '../../functions/app/events/memory.ts';
import { itemChangesOf, keepWorklist, publishChange } from '../../functions/app/events/publish-events.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { citizenItem } from '../support/items.ts';

const event = (type: string): DomainEvent => ({
  eventId: 'PG0000000000AA-1',
  type,
  sequence: 1,
  occurredAt: '2026-11-20T03:00:00.000Z',
  consignmentRef: 'PG0000000000AA',
  dossierCode: null,
  agencyCode: '000.00.06.H56',
  data: {},
});

describe('publishChange', () => {
  it('sends an event the citizen hears of to both queues, any other to the callbacks only', async () => {
    const publisher = new MemoryPublisher();
    expect(await publishChange(publisher, { kind: 'event', event: event('dossier.registered') })).toEqual([
      'notifications',
      'callbacks',
    ]);
    expect(await publishChange(publisher, { kind: 'event', event: event('dossier.cancelled') })).toEqual([
      'callbacks',
    ]);
    expect(publisher.sent.map(({ queue, attributes }) => `${queue} ${attributes.eventType}`)).toEqual([
      'notifications dossier.registered',
      'callbacks dossier.registered',
      'callbacks dossier.cancelled',
    ]);
  });

  it('sends a collection to the ledger under its fact id, and nothing for a change that announces nothing', async () => {
    const publisher = new MemoryPublisher();
    const message = {
      itemCode: 'RK000000014VN',
      fact: {
        factId: 'scan-9',
        type: 'delivered',
        occurredAt: '2026-11-22T02:00:00.000Z',
        postOfficeCode: 'BC-HN-01',
        collected: { amount: 135_000, method: 'cash' as const },
      },
    };
    expect(await publishChange(publisher, { kind: 'ledger-fact', message })).toEqual(['ledger']);
    expect(await publishChange(publisher, { kind: 'none' })).toEqual([]);
    expect(publisher.sent).toEqual([{ queue: 'ledger', body: message, attributes: { factId: 'scan-9' } }]);
  });
});

describe('keepWorklist', () => {
  it("writes the worklist entries of a batch's item changes in one pass, and nothing for none", async () => {
    const worklist = new MemoryWorklist();
    const item = citizenItem('inbound', 'BC-HN-01');
    const changes = itemChangesOf([
      { kind: 'item', item: { before: null, after: item } },
      { kind: 'event', event: event('item.requested'), item: { before: null, after: item } },
      { kind: 'none' },
    ]);
    expect(changes).toHaveLength(2);
    await keepWorklist(worklist, changes);
    await keepWorklist(worklist, []);
    expect(worklist.applied).toHaveLength(1);
    expect(worklist.applied[0]?.put.map((entry) => entry.itemCode)).toEqual([item.itemCode]);
    expect(worklist.applied[0]?.remove).toEqual([]);
  });
});
