import { describe, expect, it } from 'vitest';
import { claimList, hasAnyRole, readCaller } from '../../functions/commons/auth/caller.ts';
import { assertActsForAgency, assertActsForOffice, canAccess } from '../../functions/commons/auth/scope.ts';

describe('claims reader', () => {
  it('reads the list forms API Gateway and Cognito produce', () => {
    expect(claimList('[agency]')).toEqual(['agency']);
    expect(claimList('[postal-staff postal-supervisor]')).toEqual(['postal-staff', 'postal-supervisor']);
    expect(claimList('["finance","admin"]')).toEqual(['finance', 'admin']);
    expect(claimList(['agency'])).toEqual(['agency']);
    expect(claimList('bcci-bridge/agency openid')).toEqual(['bcci-bridge/agency', 'openid']);
    expect(claimList(42)).toEqual([]);
  });

  it('reads a user token: groups and tenant attributes', () => {
    const caller = readCaller({
      sub: 'u1',
      'cognito:groups': '[postal-staff]',
      'custom:postOfficeCode': 'BC-HN-01',
    });
    expect(caller).toEqual({
      subject: 'u1',
      roles: ['postal-staff'],
      postOfficeCode: 'BC-HN-01',
      agencyCode: undefined,
    });
  });

  it('reads a machine client token: role from its scope', () => {
    const caller = readCaller({
      client_id: 'c1',
      scope: 'bcci-bridge/agency',
      'custom:agencyCode': '000.00.06.H56',
    });
    expect(caller?.roles).toEqual(['agency']);
    expect(caller?.subject).toBe('c1');
    expect(caller?.agencyCode).toBe('000.00.06.H56');
  });

  it('ignores groups that are not roles and refuses tokens without a subject', () => {
    expect(readCaller({ sub: 'u1', 'cognito:groups': '[superuser]' })?.roles).toEqual([]);
    expect(readCaller({ 'cognito:groups': '[admin]' })).toBeNull();
    expect(readCaller(undefined)).toBeNull();
  });

  it('checks roles', () => {
    const caller = readCaller({ sub: 'u', 'cognito:groups': '[finance]' })!;
    expect(hasAnyRole(caller, ['finance', 'admin'])).toBe(true);
    expect(hasAnyRole(caller, ['agency'])).toBe(false);
  });
});

describe('tenant scoping', () => {
  const agency = readCaller({
    sub: 'a',
    'cognito:groups': '[agency]',
    'custom:agencyCode': '000.00.06.H56',
  })!;
  const staff = readCaller({
    sub: 's',
    'cognito:groups': '[postal-staff]',
    'custom:postOfficeCode': 'BC-HN-01',
  })!;
  const finance = readCaller({ sub: 'f', 'cognito:groups': '[finance]' })!;
  const record = { agencyCode: '000.00.06.H56', postOfficeCodes: ['BC-HN-01'] };

  it('lets each caller see only its own tenant, and finance every tenant', () => {
    expect(canAccess(agency, record)).toBe(true);
    expect(canAccess(agency, { ...record, agencyCode: '000.00.07.H57' })).toBe(false);
    expect(canAccess(staff, record)).toBe(true);
    expect(canAccess(staff, { ...record, postOfficeCodes: ['BC-HCM-02'] })).toBe(false);
    expect(canAccess(finance, { agencyCode: 'X', postOfficeCodes: [] })).toBe(true);
  });

  it('refuses to act for another agency or office', () => {
    expect(() => assertActsForAgency(agency, '000.00.07.H57')).toThrow(/cannot act for agency/);
    expect(() => assertActsForAgency(agency, '000.00.06.H56')).not.toThrow();
    expect(() => assertActsForAgency(staff, '000.00.07.H57')).not.toThrow();
    expect(() => assertActsForOffice(staff, 'BC-HCM-02')).toThrow(/cannot act for office/);
    expect(() => assertActsForOffice(staff, 'BC-HN-01')).not.toThrow();
  });
});
