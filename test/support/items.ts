/** Items as the domain tests start them. */
import { newItem } from '../../functions/domain/items/items.ts';
import type { Direction } from '../../functions/domain/items/lifecycle.ts';

/** A new item for a citizen, with one office at both ends: RH… inbound, RK… outbound. */
export const citizenItem = (direction: Direction, officeCode: string) =>
  newItem({
    itemCode: direction === 'inbound' ? 'RH000000014VN' : 'RK000000014VN',
    direction,
    consignmentRef: 'PG0000000000AA',
    dossierCode: null,
    agencyCode: '000.00.06.H56',
    originOfficeCode: officeCode,
    destinationOfficeCode: officeCode,
    routeClass: 'within-commune',
    addressee: {
      name: 'Nguyễn Thị Hoa',
      phone: '0912345678',
      addressLine: '12 Trần Phú',
      communeCode: '00004',
      provinceCode: '01',
    },
    collectAmountVnd: 0,
    feesAmountVnd: 0,
    createdAt: '2026-01-05T01:00:00.000Z',
  });
