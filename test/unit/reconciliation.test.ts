/** Delivery-confirmation reconciliation on a hand-made set: every category found, nothing false. */
import { describe, expect, it } from 'vitest';
import {
  type OurRecord,
  reconcileDeliveryConfirmations,
  type TheirRecord,
} from '../../functions/domain/reconciliation.ts';

const A = '000.00.06.H56';
const code = (sequence: number) => `${A}-261120-${String(sequence).padStart(4, '0')}`;
const ours = (sequence: number, overrides: Partial<OurRecord> = {}): OurRecord => ({
  dossierCode: code(sequence),
  handedOverAt: null,
  deliveredAt: null,
  returnByPost: true,
  cancelled: false,
  ...overrides,
});
const theirs = (sequence: number, status: TheirRecord['status'], statusAt: string): TheirRecord => ({
  dossierCode: code(sequence),
  status,
  statusAt,
});

describe('reconciling delivery confirmations', () => {
  const post: OurRecord[] = [
    ours(1, { handedOverAt: '2026-11-20T09:00:00+07:00' }), // received on time there: fine
    ours(2, { deliveredAt: '2026-11-20T10:00:00+07:00' }), // returned there, delivered here: fine
    ours(3), // result returned there, not delivered here
    ours(4, { handedOverAt: '2026-11-20T09:00:00+07:00' }), // handed over here, still "withdrawn" there
    ours(5, { handedOverAt: '2026-11-20T09:00:00+07:00' }), // received there six hours later
    ours(6, { deliveredAt: '2026-11-18T10:00:00+07:00' }), // delivered two days before they say
    ours(7), // they sent nothing for it
    ours(8, { cancelled: true }), // cancelled: not expected there
    ours(9, { returnByPost: false }), // result handed at the counter: no postal delivery to expect
  ];
  const oneStopShop: TheirRecord[] = [
    theirs(1, 'received', '2026-11-20T09:30:00+07:00'),
    theirs(1, 'processing', '2026-11-20T08:00:00+07:00'), // older push of the same dossier: superseded
    theirs(2, 'result-returned', '2026-11-20T10:20:00+07:00'),
    theirs(3, 'result-returned', '2026-11-20T11:00:00+07:00'),
    theirs(4, 'withdrawn', '2026-11-20T12:00:00+07:00'),
    theirs(5, 'received', '2026-11-20T15:00:00+07:00'),
    theirs(6, 'result-returned', '2026-11-20T10:00:00+07:00'),
    theirs(9, 'result-returned', '2026-11-20T10:00:00+07:00'),
    theirs(20, 'received', '2026-11-20T10:00:00+07:00'), // unknown to the post
  ];

  it('hits every category and nothing else', () => {
    const report = reconcileDeliveryConfirmations(post, oneStopShop, 120);
    expect(report.missingHere.map((record) => record.dossierCode)).toEqual([code(20)]);
    expect(report.missingThere.map((record) => record.dossierCode)).toEqual([code(7)]);
    expect(report.statusMismatch.map(({ dossierCode, kind }) => [dossierCode, kind])).toEqual([
      [code(3), 'result-returned-not-delivered'],
      [code(4), 'handed-over-not-received'],
      [code(5), 'time-mismatch'],
      [code(6), 'time-mismatch'],
    ]);
    expect(report.matched).toBe(3); // 1, 2 and 9
  });

  it('takes a wider tolerance into account, and refuses an unbounded set', () => {
    const lenient = reconcileDeliveryConfirmations(post, oneStopShop, 3 * 24 * 60);
    expect(lenient.statusMismatch.map((mismatch) => mismatch.kind)).toEqual([
      'result-returned-not-delivered',
      'handed-over-not-received',
    ]);
    const tooMany = Array.from({ length: 5001 }, (_, index) =>
      theirs(index, 'received', '2026-11-20T10:00:00+07:00'),
    );
    expect(() => reconcileDeliveryConfirmations([], tooMany)).toThrow(RangeError);
  });
});
