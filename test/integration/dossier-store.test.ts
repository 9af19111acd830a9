/** Dossiers and idempotency claims against the real DynamoDB Local. */
import { describe, expect, it } from 'vitest';
import { DynamoDossierStore } from '../../functions/adapters/dynamodb/dossier-store.ts';
import { DynamoIdempotencyStore } from '../../functions/adapters/dynamodb/idempotency-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { newConsignmentRef, registerDossier, registerOnce } from '../../functions/domain/dossiers.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { MAX_SERIAL, s10Code } from '../../schemas/s10.ts';
import { AGENCY, dossierRequest, PLACEMENT } from '../support/http-event.ts';

const store = () => new DynamoDossierStore(dynamoDocumentClient(), tableName());
const pad = (value: number, width: number) => String(value).padStart(width, '0');
const random = (below: number) => Math.floor(Math.random() * below);
/** A valid dossier code no other test uses: a random day of 2026 and a random daily sequence. */
const uniqueCode = () =>
  `${AGENCY}-26${pad(1 + random(12), 2)}${pad(1 + random(28), 2)}-${pad(random(10_000), 4)}`;

function registration(code: string | undefined, contentHash = 'hash-a') {
  return registerDossier({
    request: RegisterDossierSchema.parse(dossierRequest({ dossierCode: code })),
    registrant: code
      ? { role: 'agency', agencyCode: AGENCY }
      : { role: 'postal-staff', postOfficeCode: 'BC-HN-01' },
    consignmentRef: newConsignmentRef(),
    contentHash,
    now: new Date(),
    // Each registration brings items of its own.
    placement: { ...PLACEMENT, outboundItemCode: s10Code('RK', 1 + random(MAX_SERIAL)) },
  });
}

describe('dossier store', () => {
  it('finds a registered dossier by code and by consignment reference, with its first event', async () => {
    const code = uniqueCode();
    const created = registration(code);
    expect(await store().register(created)).toMatchObject({ created: true });
    const byCode = await store().find(code);
    const byRef = await store().find(created.dossier.consignmentRef);
    expect(byCode?.dossier).toEqual(created.dossier);
    expect(byRef?.dossier).toEqual(created.dossier);
    expect(byCode?.events).toEqual([created.event]);
  });

  it('keeps a paper dossier without a code under its consignment reference', async () => {
    const paper = registration(undefined);
    await store().register(paper);
    expect((await store().find(paper.dossier.consignmentRef))?.dossier.dossierCode).toBeNull();
    expect(await store().find('PG0000000000ZZ')).toBeNull();
  });

  it('recognises the same registration and refuses other content for the same code', async () => {
    const code = uniqueCode();
    const first = registration(code, 'same');
    await registerOnce(store(), first);
    const again = await registerOnce(store(), registration(code, 'same'));
    expect(again).toEqual({ created: false, dossier: first.dossier });
    await expect(registerOnce(store(), registration(code, 'different'))).rejects.toBeInstanceOf(
      DomainRefusal,
    );
    // Nothing of the refused attempts was written: one dossier, one event.
    expect((await store().find(code))?.events).toHaveLength(1);
  });

  it('lets exactly one of many concurrent registrations of one code win', async () => {
    const code = uniqueCode();
    const attempts = Array.from({ length: 8 }, () => registration(code, 'same'));
    const outcomes = await Promise.all(attempts.map((attempt) => store().register(attempt)));
    expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(1);
    const winner = outcomes.find((outcome) => outcome.created)!.dossier.consignmentRef;
    for (const outcome of outcomes) expect(outcome.dossier.consignmentRef).toBe(winner);
  });
});

describe('idempotency claims', () => {
  const claims = () => new DynamoIdempotencyStore(dynamoDocumentClient(), tableName());
  const answer = { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };

  it('claims once, reports in-progress, then replays the completed answer', async () => {
    const key = `it-${Math.random()}`;
    const now = Date.now();
    expect(await claims().claim(key, 'fp', now, now + 10_000)).toEqual({ kind: 'claimed' });
    expect(await claims().claim(key, 'fp', now, now + 10_000)).toEqual({
      kind: 'in-progress',
      fingerprint: 'fp',
    });
    await claims().complete(key, 'fp', answer, now);
    expect(await claims().claim(key, 'fp', now, now + 10_000)).toEqual({
      kind: 'completed',
      fingerprint: 'fp',
      answer,
    });
  });

  it('lets a claim whose request died be taken over, and a released claim be taken again', async () => {
    const key = `it-${Math.random()}`;
    const now = Date.now();
    await claims().claim(key, 'fp', now, now + 5);
    expect(await claims().claim(key, 'fp', now + 10, now + 10_000)).toEqual({ kind: 'claimed' });
    await claims().release(key);
    expect(await claims().claim(key, 'fp', now, now + 10_000)).toEqual({ kind: 'claimed' });
  });

  it('gives a key to exactly one of many concurrent claimants', async () => {
    const key = `it-${Math.random()}`;
    const now = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => claims().claim(key, 'fp', now, now + 10_000)),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'claimed')).toHaveLength(1);
  });
});
