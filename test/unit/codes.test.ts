import { describe, expect, it } from 'vitest';
import { newConsignmentRef } from '../../functions/domain/dossiers.ts';
import { CONSIGNMENT_REF_PATTERN, DossierCodeSchema, isValidDossierCode } from '../../schemas/common.ts';

describe('dossier codes', () => {
  it('accepts the documented form', () => {
    expect(isValidDossierCode('000.00.06.H56-231027-0361')).toBe(true);
    expect(DossierCodeSchema.safeParse('000.00.06.H56-231027-0361').success).toBe(true);
  });

  it.each([
    ['000.00.06.H56-231027-361', 'a 3-digit sequence'],
    ['000.00.06-231027-0361', 'a short agency identifier'],
    ['000.00.06.H56-231327-0361', 'month 13'],
    ['000.00.06.H56-230230-0361', '30 February'],
    ['000.00.06.h56-231027-0361', 'lower case'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (code) => {
    expect(isValidDossierCode(code)).toBe(false);
  });
});

describe('consignment references', () => {
  it('are PG plus 12 Crockford characters, and differ each time', () => {
    const refs = new Set(Array.from({ length: 1000 }, () => newConsignmentRef()));
    expect(refs.size).toBe(1000);
    for (const ref of refs) expect(ref).toMatch(CONSIGNMENT_REF_PATTERN);
  });
});
