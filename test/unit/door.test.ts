/** Proof at the door: the ID digits against the registered number, the code, the lock, the letter, the money. */
import { describe, expect, it } from 'vitest';
import { ID_DIGITS_CHECKED, maskIdNumber } from '../../functions/domain/id-number.ts';
import {
  checkDoor,
  type DoorCheck,
  idDigitsDigest,
  idDigitsMatch,
  lockOnTrip,
  MAX_WRONG_PROOF_TRIES,
  unlockProof,
} from '../../functions/domain/items/door.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { planScans } from '../../functions/domain/items/scans.ts';
import type { ScanInput } from '../../schemas/items.ts';
import { citizenItem } from '../support/items.ts';
import { MemoryItems } from '../support/memory-items.ts';

const KEY = 'test-id-digits-key';
const REF = 'PG0000000000AB';
const REGISTERED = '001203004567';
const digest = idDigitsDigest(KEY, REF, REGISTERED);

const check = (overrides: Partial<DoorCheck> = {}): DoorCheck => ({
  proof: { recipientName: 'Nguyễn Văn An', relation: 'self', idLast4: '4567' },
  collectedVnd: 30_000,
  dueVnd: 30_000,
  lock: lockOnTrip(null, 'trip-1'),
  at: '2026-11-24T03:00:00.000Z',
  codeMatches: (otp) => otp === '123456',
  idMatches: (digits) => idDigitsMatch(KEY, REF, digest, digits),
  ...overrides,
});

describe('the registered ID digits', () => {
  it('are kept as a keyed digest of the last four digits, bound to the dossier', () => {
    expect(digest).not.toContain('4567');
    expect(idDigitsMatch(KEY, REF, digest, '4567')).toBe(true);
    expect(idDigitsMatch(KEY, REF, digest, '4568')).toBe(false);
    expect(idDigitsMatch(KEY, 'PG0000000000AC', digest, '4567')).toBe(false);
    expect(idDigitsMatch('another-key', REF, digest, '4567')).toBe(false);
  });
});

describe('checkDoor', () => {
  it('accepts the citizen with matching digits who pays what is due', () => {
    expect(checkDoor(check())).toEqual({ refusal: null, lock: check().lock });
  });

  it('refuses wrong digits with their reason and counts the try', () => {
    const decision = checkDoor(check({ proof: { recipientName: 'A', relation: 'self', idLast4: '0000' } }));
    expect(decision.refusal).toBe('wrong-id-digits');
    expect(decision.lock.wrongTries).toBe(1);
    expect(decision.lock.lockedAt).toBeNull();
  });

  it('refuses a wrong delivery code with its reason and counts the try', () => {
    const decision = checkDoor(check({ proof: { recipientName: 'A', relation: 'family', otp: '654321' } }));
    expect(decision.refusal).toBe('wrong-delivery-code');
    expect(decision.lock.wrongTries).toBe(1);
  });

  it('accepts a family member with the right code', () => {
    expect(
      checkDoor(check({ proof: { recipientName: 'A', relation: 'family', otp: '123456' } })).refusal,
    ).toBeNull();
  });

  it('locks the item after five wrong tries on one trip, for the code and the digits alike', () => {
    let lock = lockOnTrip(null, 'trip-1');
    for (let attempt = 1; attempt <= MAX_WRONG_PROOF_TRIES; attempt += 1) {
      const proof =
        attempt % 2 === 0
          ? { recipientName: 'A', relation: 'self' as const, otp: '000000' }
          : { recipientName: 'A', relation: 'self' as const, idLast4: '1111' };
      lock = checkDoor(check({ proof, lock })).lock;
    }
    expect(lock.wrongTries).toBe(MAX_WRONG_PROOF_TRIES);
    expect(lock.lockedAt).toBe('2026-11-24T03:00:00.000Z');
    expect(checkDoor(check({ lock })).refusal).toBe('proof-locked');
    expect(
      checkDoor(check({ lock, proof: { recipientName: 'A', relation: 'self', otp: '123456' } })).refusal,
    ).toBe('proof-locked');
  });

  it('unlocks when a supervisor says so, or when the next trip starts', () => {
    const locked = { outForDeliveryFactId: 'trip-1', wrongTries: 5, lockedAt: '2026-11-24T03:00:00.000Z' };
    expect(checkDoor(check({ lock: unlockProof(locked) })).refusal).toBeNull();
    expect(lockOnTrip(locked, 'trip-1')).toBe(locked);
    expect(lockOnTrip(locked, 'trip-2')).toEqual({
      outForDeliveryFactId: 'trip-2',
      wrongTries: 0,
      lockedAt: null,
    });
  });

  it('needs the name, ID digits and letter photo of an authorised person', () => {
    const letter = 'proofs/RK000000014VN/letter.jpg';
    expect(
      checkDoor(check({ proof: { recipientName: 'B', relation: 'authorised', idLast4: '9999' } })).refusal,
    ).toBe('authorisation-letter-required');
    expect(
      checkDoor(
        check({ proof: { recipientName: 'B', relation: 'authorised', authorisationLetterPhotoKey: letter } }),
      ).refusal,
    ).toBe('authorised-person-id-required');
    expect(
      checkDoor(
        check({
          proof: {
            recipientName: 'B',
            relation: 'authorised',
            idLast4: '9999',
            authorisationLetterPhotoKey: letter,
          },
        }),
      ).refusal,
    ).toBeNull();
  });

  it('refuses someone else without the code or a letter', () => {
    expect(
      checkDoor(check({ proof: { recipientName: 'C', relation: 'other', idLast4: '4567' } })).refusal,
    ).toBe('authorisation-letter-required');
  });

  it('cannot check digits against a dossier that registered no ID number', () => {
    expect(checkDoor(check({ idMatches: null })).refusal).toBe('no-registered-id');
    expect(checkDoor(check({ proof: undefined })).refusal).toBe('proof-required');
  });

  it('refuses a delivery that leaves money due, without counting a wrong try', () => {
    const decision = checkDoor(check({ collectedVnd: 0 }));
    expect(decision).toEqual({ refusal: 'payment-due', lock: check().lock });
    expect(checkDoor(check({ collectedVnd: 29_999 })).refusal).toBe('payment-due');
    // A fully exempt citizen owes nothing: nothing to collect, nothing refused.
    expect(checkDoor(check({ collectedVnd: 0, dueVnd: 0 })).refusal).toBeNull();
  });
});

describe('a scan dated before the registration', () => {
  it('is rejected: the item did not exist yet', () => {
    const item = citizenItem('inbound', 'BC-HN-01');
    const scan = (occurredAt: string) => ({
      scanId: `scan-${occurredAt.slice(11, 13)}-0001`,
      itemCode: item.itemCode,
      type: 'pickup' as const,
      occurredAt,
      postOfficeCode: 'BC-HN-01',
    });
    const plan = planScans({
      item,
      storedFacts: [],
      scans: [scan('2026-01-05T00:30:00.000Z'), scan('2026-01-05T02:00:00.000Z')],
      receivedAt: new Date('2026-01-05T03:00:00.000Z'),
      callerOfficeCode: 'BC-HN-01',
      deliveryCodeSecret: null,
    });
    expect(plan.outcomes[0]).toEqual({ outcome: 'rejected', reason: 'before-registration' });
    expect(plan.outcomes[1]).toMatchObject({ outcome: 'accepted', itemStatus: 'picked-up' });
  });
});

describe('deliveries through scan ingestion', () => {
  const SECRET = 'door-test-delivery-code-secret-0000000000';
  const OFFICE = 'BC-HN-01';
  const citizen = citizenItem('outbound', OFFICE);
  const start = {
    ...citizen,
    collectAmountVnd: 30_000,
    idDigitsDigest: idDigitsDigest(SECRET, citizen.consignmentRef, REGISTERED),
  };
  const system = (type: 'result-ready' | 'collected', hour: number) => ({
    factId: `system-${type}`,
    type,
    occurredAt: `2026-01-05T0${hour}:00:00.000Z`,
    postOfficeCode: OFFICE,
    source: 'system' as const,
    emsevt: 'X',
    receivedAt: `2026-01-05T0${hour}:00:00.000Z`,
    contentHash: type,
  });
  const scan = (scanId: string, type: ScanInput['type'], minute: number, extra: Partial<ScanInput> = {}) => ({
    scanId,
    itemCode: start.itemCode,
    type,
    occurredAt: new Date(Date.parse('2026-01-06T02:00:00Z') + minute * 60_000).toISOString(),
    postOfficeCode: OFFICE,
    ...extra,
  });
  const tryDelivery = (scanId: string, minute: number, idLast4: string, paid: number) =>
    scan(scanId, 'delivered', minute, {
      proof: { recipientName: 'Nguyễn Văn An', relation: 'self', idLast4 },
      ...(paid > 0 ? { collected: { amount: paid, method: 'cash' as const } } : {}),
    });

  async function setUp() {
    const items = new MemoryItems();
    items.add(start);
    items.facts.set(start.itemCode, [system('result-ready', 2), system('collected', 3)]);
    const send = async (scans: ScanInput[]) =>
      (
        await ingestScans(items, scans, {
          receivedAt: new Date('2026-01-06T06:00:00Z'),
          callerOfficeCode: OFFICE,
          deliveryCodeSecret: SECRET,
          pause: async () => undefined,
        })
      ).outcomes;
    await send([scan('trip-0001', 'out-for-delivery', 0)]);
    return { items, send };
  }

  it('refuses wrong digits, then money left due, then accepts the right digits with the money', async () => {
    const { items, send } = await setUp();
    expect(await send([tryDelivery('try-00001', 5, '0000', 30_000)])).toEqual([
      { outcome: 'rejected', reason: 'wrong-id-digits' },
    ]);
    expect(await send([tryDelivery('try-00002', 6, '4567', 0)])).toEqual([
      { outcome: 'rejected', reason: 'payment-due' },
    ]);
    expect(await send([tryDelivery('try-00003', 7, '4567', 30_000)])).toEqual([
      { outcome: 'accepted', itemStatus: 'delivered' },
    ]);
    expect(items.items.get(start.itemCode)?.proofLock).toMatchObject({ wrongTries: 1, lockedAt: null });
  });

  it('locks after five wrong tries on the trip, and the next trip starts afresh', async () => {
    const { items, send } = await setUp();
    for (let attempt = 1; attempt <= MAX_WRONG_PROOF_TRIES; attempt += 1)
      expect(await send([tryDelivery(`wrong-0000${attempt}`, attempt, '1111', 30_000)])).toEqual([
        { outcome: 'rejected', reason: 'wrong-id-digits' },
      ]);
    expect(items.items.get(start.itemCode)?.proofLock?.lockedAt).not.toBeNull();
    expect(await send([tryDelivery('right-00001', 10, '4567', 30_000)])).toEqual([
      { outcome: 'rejected', reason: 'proof-locked' },
    ]);
    const failed = scan('failed-0001', 'delivery-failed', 11, {
      failure: { reason: 'id-not-matching', action: 'next-attempt' },
    });
    await send([failed, scan('trip-0002', 'out-for-delivery', 12)]);
    expect(await send([tryDelivery('right-00002', 13, '4567', 30_000)])).toEqual([
      { outcome: 'accepted', itemStatus: 'delivered' },
    ]);
  });
});

describe('the masked ID number a slip may print', () => {
  it('shows at most the province code, never the digits the door asks for', () => {
    expect(maskIdNumber(REGISTERED)).toBe('001•••••••••');
    expect(maskIdNumber('123456789')).toBe('123••••••');
    expect(maskIdNumber('12345')).toBe('1••••');
    for (const idNumber of [REGISTERED, '123456789', '12345', '1234']) {
      const masked = maskIdNumber(idNumber);
      expect(masked).toHaveLength(idNumber.length);
      expect(masked.slice(-ID_DIGITS_CHECKED)).toBe('•'.repeat(ID_DIGITS_CHECKED));
    }
  });
});
