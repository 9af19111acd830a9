/**
 * Reference data routes (admin writes, everyone reads): post offices and agencies; and the
 * register of agency systems' machine clients (admins only).
 */
import {
  getAgencyClientRoute,
  getAgencyRoute,
  getPostOfficeRoute,
  listAgenciesRoute,
  listPostOfficesRoute,
  putAgencyClientRoute,
  putAgencyRoute,
  putPostOfficeRoute,
} from '../../schemas/routes.ts';
import { agencyClientStore, referenceStore } from '../adapters/index.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { defaultReceiptLetters } from '../domain/money/receipts.ts';

export const handler = routeTable(
  httpRoute(putAgencyClientRoute, async ({ params, body }) => {
    if (!(await referenceStore().agency(body.agencyCode))) {
      throw new HttpProblem('unprocessable', `No agency ${body.agencyCode}: describe it first`);
    }
    const entry = {
      clientId: params.clientId,
      agencyCode: body.agencyCode,
      updatedAt: systemNow().toISOString(),
    };
    await agencyClientStore().put(entry);
    return { status: 200, body: entry };
  }),
  httpRoute(getAgencyClientRoute, async ({ params }) => {
    const entry = await agencyClientStore().get(params.clientId);
    if (!entry) throw new HttpProblem('not-found', `No machine client ${params.clientId} in the register`);
    return { status: 200, body: entry };
  }),
  httpRoute(putPostOfficeRoute, async ({ params, body }) => {
    const office = { ...body, postOfficeCode: params.postOfficeCode, updatedAt: systemNow().toISOString() };
    await referenceStore().putPostOffice(office);
    return { status: 200, body: office };
  }),
  httpRoute(getPostOfficeRoute, async ({ params }) => {
    const office = await referenceStore().postOffice(params.postOfficeCode);
    if (!office) throw new HttpProblem('not-found', `No post office ${params.postOfficeCode}`);
    return { status: 200, body: office };
  }),
  httpRoute(listPostOfficesRoute, async () => ({
    status: 200,
    body: { postOffices: await referenceStore().listPostOffices() },
  })),
  httpRoute(putAgencyRoute, async ({ params, body }) => {
    if (!(await referenceStore().postOffice(body.postOfficeCode))) {
      throw new HttpProblem('unprocessable', `No post office ${body.postOfficeCode}: describe it first`);
    }
    const letters = body.receiptSeriesLetters ?? defaultReceiptLetters(params.agencyCode);
    const holder = (await referenceStore().listAgencies()).find(
      (other) =>
        other.agencyCode !== params.agencyCode &&
        (other.receiptSeriesLetters ?? defaultReceiptLetters(other.agencyCode)) === letters,
    );
    if (holder)
      throw new HttpProblem(
        'conflict',
        `Receipt series letters ${letters} belong to agency ${holder.agencyCode}: give this agency its own`,
      );
    const agency = { ...body, agencyCode: params.agencyCode, updatedAt: systemNow().toISOString() };
    await referenceStore().putAgency(agency);
    return { status: 200, body: agency };
  }),
  httpRoute(getAgencyRoute, async ({ params }) => {
    const agency = await referenceStore().agency(params.agencyCode);
    if (!agency) throw new HttpProblem('not-found', `No agency ${params.agencyCode}`);
    return { status: 200, body: agency };
  }),
  httpRoute(listAgenciesRoute, async () => ({
    status: 200,
    body: { agencies: await referenceStore().listAgencies() },
  })),
);
