/** The citizen's rating: the link's token, the score and comment rules, and when a dossier may be rated. */
import { describe, expect, it } from 'vitest';
import type { Dossier } from '../../functions/domain/dossiers.ts';
import {
  type JourneyEnd,
  rateDossier,
  ratingComment,
  ratingToken,
  ratingTokenMatches,
} from '../../functions/domain/satisfaction.ts';

const dossier = {
  consignmentRef: 'PG0000000000AA',
  dossierCode: null,
  services: { pickup: false, return: true },
  agency: { code: '000.00.06.H26', name: 'Cơ quan' },
  applicant: {
    fullName: 'Nguyễn Thị Hoa',
    phone: '0912345678',
    address: { line: '1 Trần Phú', communeCode: '26743', provinceCode: '79' },
  },
} as unknown as Dossier;
const delivered: JourneyEnd = {
  outcome: 'delivered',
  endedAt: '2026-11-30T17:30:00.000Z',
  postOfficeCode: 'BC-HCM-01',
  staffId: 'staff-7',
};
const now = new Date('2026-12-01T03:00:00.000Z');

describe('rating tokens', () => {
  it("match only the dossier's own token, under the same secret", () => {
    const token = ratingToken('secret-1', 'PG0000000000AA');
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ratingTokenMatches('secret-1', 'PG0000000000AA', token)).toBe(true);
    expect(ratingTokenMatches('secret-1', 'PG0000000000AB', token)).toBe(false);
    expect(ratingTokenMatches('secret-2', 'PG0000000000AA', token)).toBe(false);
    expect(ratingTokenMatches('secret-1', 'PG0000000000AA', token.slice(1))).toBe(false);
  });
});

describe('rateDossier', () => {
  it('keeps the office, staff member, agency, commune, province and the months that count', () => {
    expect(rateDossier(dossier, delivered, { score: 5, comment: '  Tốt\nnhanh  ' }, now)).toEqual({
      consignmentRef: 'PG0000000000AA',
      dossierCode: null,
      score: 5,
      comment: 'Tốt\nnhanh',
      ratedAt: now.toISOString(),
      month: '2026-12',
      journeyEndedOn: '2026-12-01',
      provinceCode: '79',
      communeCode: '26743',
      agencyCode: '000.00.06.H26',
      postOfficeCode: 'BC-HCM-01',
      staffId: 'staff-7',
    });
  });

  it('refuses a journey not ended, one ended back at the agency, and a score out of range', () => {
    expect(() => rateDossier(dossier, null, { score: 4 }, now)).toThrow(/journey has ended/);
    expect(() =>
      rateDossier(dossier, { ...delivered, outcome: 'returned-to-agency' }, { score: 4 }, now),
    ).toThrow(/journey has ended/);
    for (const score of [0, 6, 3.5, Number.NaN]) {
      expect(() => rateDossier(dossier, delivered, { score }, now)).toThrow(/whole number from 1 to 5/);
    }
  });

  it('takes a bounded comment without control characters; an empty one is none', () => {
    expect(ratingComment('   ')).toBeNull();
    expect(ratingComment(undefined)).toBeNull();
    expect(ratingComment('x'.repeat(500))).toHaveLength(500);
    expect(() => ratingComment('x'.repeat(501))).toThrow(/longer than 500/);
    expect(() => ratingComment('tốt\u0007')).toThrow(/control characters/);
    expect(() => ratingComment('tốt\u202e')).toThrow(/control characters/);
  });
});
