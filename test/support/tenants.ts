/**
 * A tenant's resources on a running embedded runtime, made over HTTP for the security
 * suite: a dossier of one agency (with its items), a consignment registered by post office
 * staff, a callback subscription and a reconciliation report. `values` names each by the
 * path or query parameter that addresses it, so that any route's request can be filled in.
 */
import { expect } from 'vitest';
import type { Role } from '../../infra/manifest.ts';
import { AGENCY, dossierRequest } from './http-event.ts';
import { callApi, eventually, type RunningRuntime } from './runtime.ts';

/** The owner: the agency of the test dossier and the two offices that carry it. */
export const OWNER = {
  agencyCode: AGENCY,
  agencyOffice: 'BC-HN-01',
  citizenOffice: 'BC-HCM-01',
  /** The applicant's province, whose observers read the dossier's indicators. */
  citizenProvince: '79',
} as const;

/** The ID number of the owner's applicant: never kept, and never shown whole to anyone. */
export const OWNER_ID_NUMBER = '001099012345';

/** Tenants with no part in the owner's dossiers: another agency, another office. */
export const STRANGERS = {
  agencyCode: '000.00.01.H40',
  postOfficeCode: 'BC-LD-01',
  provinceCode: '01',
} as const;

export interface OwnerResources {
  /** Parameter name → a value that addresses one of the owner's resources. */
  readonly values: Readonly<Record<string, string>>;
  /** Strings that only the owner's data contains: none may appear in a stranger's answer. */
  readonly secrets: readonly string[];
}

export const tokenOf = (
  runtime: RunningRuntime,
  role: Role,
  tenant: { agencyCode?: string; postOfficeCode?: string; provinceCode?: string } = {},
): Promise<string> => {
  if (role === 'agency') return runtime.token(role, { agencyCode: tenant.agencyCode ?? OWNER.agencyCode });
  if (role === 'postal-staff' || role === 'postal-supervisor') {
    return runtime.token(role, { postOfficeCode: tenant.postOfficeCode ?? OWNER.agencyOffice });
  }
  if (role === 'observer') {
    return runtime.token(role, { provinceCode: tenant.provinceCode ?? OWNER.citizenProvince });
  }
  return runtime.token(role);
};

/** Picks the item up, carries it to the agency's office and draws up the handover record: its id. */
async function carriedToAgency(runtime: RunningRuntime, itemCode: string): Promise<string> {
  const citizenOffice = await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.citizenOffice });
  const agencyOffice = await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.agencyOffice });
  // Just registered: a pickup may not be dated before the registration.
  const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
  const scan = (type: string, occurredAt: string, postOfficeCode: string) => ({
    scanId: `seed-${itemCode}-${type}`,
    itemCode,
    type,
    occurredAt,
    postOfficeCode,
  });
  const picked = await callApi(runtime.url, 'POST', '/v1/scans', citizenOffice, {
    scans: [
      scan('pickup', secondsAgo(60), OWNER.citizenOffice),
      scan('depart', secondsAgo(50), OWNER.citizenOffice),
    ],
  });
  expect(picked.json.results.map((result: { outcome: string }) => result.outcome)).toEqual([
    'accepted',
    'accepted',
  ]);
  const arrived = await callApi(runtime.url, 'POST', '/v1/scans', agencyOffice, {
    scans: [scan('arrive', secondsAgo(40), OWNER.agencyOffice)],
  });
  expect(arrived.json.results[0].outcome).toBe('accepted');
  const manifest = await callApi(runtime.url, 'POST', '/v1/manifests', agencyOffice, {
    kind: 'handover-to-agency',
    agencyCode: OWNER.agencyCode,
    postOfficeCode: OWNER.agencyOffice,
    itemCodes: [itemCode],
  });
  expect(manifest.status, JSON.stringify(manifest.json)).toBe(201);
  return manifest.json.manifestId as string;
}

/** An arrival scanned before the pickup is flagged: the supervisors' anomaly it raises. */
async function flaggedArrival(runtime: RunningRuntime, itemCode: string): Promise<string> {
  const staff = await tokenOf(runtime, 'postal-staff');
  const supervisor = await tokenOf(runtime, 'postal-supervisor');
  const flagged = await callApi(runtime.url, 'POST', '/v1/scans', staff, {
    scans: [
      {
        scanId: `seed-${itemCode}-arrive`,
        itemCode,
        type: 'arrive',
        occurredAt: new Date().toISOString(),
        postOfficeCode: OWNER.agencyOffice,
      },
    ],
  });
  expect(flagged.json.results[0].outcome, JSON.stringify(flagged.json)).toBe('flagged');
  return eventually(async () => {
    const listed = await callApi(runtime.url, 'GET', '/v1/anomalies', supervisor);
    return (listed.json.anomalies as { anomalyId: string; itemCode: string }[] | undefined)?.find(
      (anomaly) => anomaly.itemCode === itemCode,
    )?.anomalyId;
  }, 30_000);
}

/** Registers the owner's resources; `dayCode` (YYMMDD) keeps dossier codes apart between files. */
export async function seedOwner(runtime: RunningRuntime, dayCode: string): Promise<OwnerResources> {
  const agency = await tokenOf(runtime, 'agency');
  const staff = await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.citizenOffice });
  const call = (method: string, path: string, token: string, body?: unknown) =>
    callApi(runtime.url, method, path, token, body);

  const dossierCode = `${OWNER.agencyCode}-${dayCode}-0001`;
  const both = dossierRequest({ dossierCode, services: { pickup: true, return: true } });
  both.applicant = { ...(both.applicant as object), idNumber: OWNER_ID_NUMBER };
  const registered = await call('POST', '/v1/dossiers', agency, both);
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  const items = registered.json.items as { itemCode: string; direction: string }[];

  const paper = dossierRequest({ services: { pickup: true, return: false }, fees: [] });
  delete paper.dossierCode;
  const consignment = await call('POST', '/v1/dossiers', staff, paper);
  expect(consignment.status, JSON.stringify(consignment.json)).toBe(201);

  const manifestId = await carriedToAgency(runtime, consignment.json.items[0].itemCode as string);

  const webhook = await call('POST', '/v1/webhooks', agency, {
    url: 'https://one-stop.example.vn/callbacks',
    events: ['*'],
  });
  expect(webhook.status, JSON.stringify(webhook.json)).toBe(201);

  const report = await call('POST', '/v1/reconciliation/one-stop-shop', agency, {
    agencyCode: OWNER.agencyCode,
    records: [{ dossierCode, status: 'received', statusAt: new Date().toISOString() }],
  });
  expect(report.status, JSON.stringify(report.json)).toBeLessThan(300);

  const outboundItemCode =
    items.find((item) => item.direction === 'outbound')?.itemCode ?? items[0]!.itemCode;
  const inboundItemCode = items.find((item) => item.direction === 'inbound')?.itemCode ?? items[0]!.itemCode;
  const anomalyId = await flaggedArrival(runtime, inboundItemCode);

  const applicant = both.applicant as { fullName: string; phone: string };
  return {
    values: {
      dossierRef: dossierCode,
      dossierCode,
      consignmentRef: consignment.json.dossier.consignmentRef,
      itemCode: outboundItemCode,
      anomalyId,
      inboundItemCode,
      webhookId: webhook.json.id,
      manifestId,
      reportId: report.json.reportId,
      account: `agency-fees:${OWNER.agencyCode}`,
      officeAccount: `office-cash:${OWNER.agencyOffice}`,
      agencyCode: OWNER.agencyCode,
      postOfficeCode: OWNER.agencyOffice,
      phone: applicant.phone,
    },
    secrets: [
      applicant.fullName,
      applicant.phone,
      webhook.json.id,
      webhook.json.secret,
      report.json.reportId,
    ],
  };
}
