/**
 * The demo reference data the embedded runtime seeds at every start (only what is missing): a few
 * post offices with real province and commune codes of the administrative units in force
 * since 1 July 2025, and the agencies they serve, so that `npm start` is usable at once.
 */

import { systemNow } from '../../functions/commons/clock.ts';
import type { Agency, PostOffice } from '../../schemas/reference.ts';
import { DEMO } from './demo.ts';

type OfficeSeed = Omit<PostOffice, 'updatedAt'>;
type AgencySeed = Omit<Agency, 'updatedAt'>;

export const DEMO_POST_OFFICES: readonly OfficeSeed[] = [
  {
    postOfficeCode: 'BC-HN-01',
    name: 'Bưu cục Ba Đình',
    provinceCode: '01',
    communeCodes: ['00004', '00008'],
    collectionAccount: {
      bankBin: '970436',
      accountNumber: '0011004455667',
      accountName: 'BUU DIEN TP HA NOI',
    },
  },
  {
    postOfficeCode: 'BC-HN-02',
    name: 'Bưu cục Hoàn Kiếm',
    provinceCode: '01',
    communeCodes: ['00070', '00091'],
    collectionAccount: {
      bankBin: '970436',
      accountNumber: '0011004455668',
      accountName: 'BUU DIEN TP HA NOI',
    },
  },
  {
    postOfficeCode: 'BC-HCM-01',
    name: 'Bưu cục Bến Thành',
    provinceCode: '79',
    communeCodes: ['26743', '26740'],
    collectionAccount: {
      bankBin: '970415',
      accountNumber: '113000223344',
      accountName: 'BUU DIEN TP HO CHI MINH',
    },
  },
  {
    postOfficeCode: 'BC-LD-01',
    name: 'Bưu cục Xuân Hương - Đà Lạt',
    provinceCode: '68',
    communeCodes: ['24778'],
    collectionAccount: {
      bankBin: '970418',
      accountNumber: '63110000778899',
      accountName: 'BUU DIEN TINH LAM DONG',
    },
  },
];

export const DEMO_AGENCIES: readonly AgencySeed[] = [
  {
    agencyCode: DEMO.agencyCode,
    name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội',
    postOfficeCode: 'BC-HN-01',
    receiptSeriesLetters: 'HNTP',
    receiptFormSymbol: '01BLP0-001',
    taxCode: '0109876543',
  },
  {
    agencyCode: '000.00.01.H29',
    name: 'Trung tâm Phục vụ hành chính công Thành phố Hồ Chí Minh',
    postOfficeCode: 'BC-HCM-01',
    receiptSeriesLetters: 'HCMC',
    receiptFormSymbol: '01BLP0-001',
    taxCode: '0319876542',
  },
  {
    agencyCode: '000.00.01.H40',
    name: 'Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng',
    postOfficeCode: 'BC-LD-01',
    receiptSeriesLetters: 'LDTP',
    receiptFormSymbol: '01BLP0-001',
    taxCode: '5809876541',
  },
  {
    // The agency of the end-to-end tests' dossiers (test/support/http-event.ts).
    agencyCode: '000.00.06.H56',
    name: 'Bộ phận một cửa (demo của các bài kiểm thử)',
    postOfficeCode: 'BC-HN-01',
    receiptSeriesLetters: 'MCDM',
    receiptFormSymbol: '01BLP0-001',
    taxCode: '0109876543-001',
  },
];

export interface ReferenceWriter {
  putPostOffice(office: PostOffice): Promise<void>;
  putAgency(agency: Agency): Promise<void>;
  /** When the writer can read, records that already exist are left as they are (an admin may have edited them). */
  postOffice?(postOfficeCode: string): Promise<PostOffice | null>;
  agency?(agencyCode: string): Promise<Agency | null>;
}

export interface SeedResult {
  readonly postOffices: number;
  readonly agencies: number;
}

/** Writes the demo post offices and agencies; with a reader, only those missing. Answers how many it wrote. */
export async function seedDemoReferenceData(writer: ReferenceWriter, now = systemNow()): Promise<SeedResult> {
  const updatedAt = now.toISOString();
  let postOffices = 0;
  let agencies = 0;
  for (const office of DEMO_POST_OFFICES) {
    if (await writer.postOffice?.(office.postOfficeCode)) continue;
    await writer.putPostOffice({ ...office, communeCodes: [...office.communeCodes], updatedAt });
    postOffices++;
  }
  for (const agency of DEMO_AGENCIES) {
    if (await writer.agency?.(agency.agencyCode)) continue;
    await writer.putAgency({ ...agency, updatedAt });
    agencies++;
  }
  return { postOffices, agencies };
}
