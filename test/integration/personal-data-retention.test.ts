/**
 * The nightly erasure against the real DynamoDB Local: a dossier whose journey ended longer
 * ago than the retention period loses its applicant's personal data, on the dossier and on
 * its items; a recent one, and the financial records, stay as they are.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { dossierStore, itemStore, referenceStore } from '../../functions/adapters/index.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { UpdateCommand } from '../../functions/commons/sdk/lib-dynamodb.ts';
import { newConsignmentRef, registerDossier } from '../../functions/domain/dossiers.ts';
import { ERASED_TEXT } from '../../functions/domain/retention.ts';
import { erasePersonalData } from '../../functions/events/erase-personal-data.ts';
import { ENV } from '../../infra/manifest.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { MAX_SERIAL, s10Code } from '../../schemas/s10.ts';
import { dossierRequest, PLACEMENT } from '../support/http-event.ts';

const AGENCY = '000.00.09.H99';
const random = (below: number) => Math.floor(Math.random() * below);

async function registeredOn(registeredAt: Date, status: string) {
  const created = registerDossier({
    request: RegisterDossierSchema.parse(
      dossierRequest({
        dossierCode: undefined,
        agency: { code: AGENCY, name: 'Sở Tư pháp' },
        applicant: {
          fullName: 'Trần Văn Bình',
          phone: '0912345678',
          email: 'binh@example.vn',
          idNumber: '001099054321',
          address: { line: '5 Hai Bà Trưng', communeCode: '26743', provinceCode: '79' },
        },
        services: { pickup: false, return: true },
      }),
    ),
    registrant: { role: 'postal-staff', postOfficeCode: 'BC-HN-01' },
    consignmentRef: newConsignmentRef(),
    contentHash: randomUUID(),
    now: registeredAt,
    placement: { ...PLACEMENT, outboundItemCode: s10Code('RK', 1 + random(MAX_SERIAL)) },
    idDigitsDigest: 'keyed-digest-of-the-id-digits',
  });
  expect(await dossierStore().register(created)).toMatchObject({ created: true });
  await dynamoDocumentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: KEY.dossier(created.dossier.consignmentRef),
      UpdateExpression: 'SET #status = :status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status },
    }),
  );
  return created.dossier;
}

describe('personal data retention', () => {
  afterEach(() => {
    delete process.env[ENV.personalDataRetentionDays];
  });

  it('erases the personal data of dossiers past the retention period, once, and nothing else', async () => {
    process.env[ENV.personalDataRetentionDays] = '30';
    await referenceStore().putAgency({
      agencyCode: AGENCY,
      name: 'Sở Tư pháp',
      postOfficeCode: 'BC-HN-01',
      updatedAt: new Date().toISOString(),
    } as Parameters<ReturnType<typeof referenceStore>['putAgency']>[0]);
    const now = new Date();
    const old = await registeredOn(new Date(now.getTime() - 31 * 86_400_000), 'delivered');
    const oldButOpen = await registeredOn(new Date(now.getTime() - 31 * 86_400_000), 'in-return');
    const recent = await registeredOn(new Date(now.getTime() - 5 * 86_400_000), 'delivered');

    const first = await erasePersonalData(now);
    expect(first.erased).toBeGreaterThanOrEqual(1);
    const erased = await dossierStore().find(old.consignmentRef);
    expect(erased?.dossier.applicant).toEqual({
      fullName: ERASED_TEXT,
      phone: '*******678',
      address: { line: ERASED_TEXT, communeCode: '26743', provinceCode: '79' },
    });
    // The ID number was never kept; its digest and its masked form go with the rest.
    expect(old.applicant.idNumberMasked).toBe('001•••••••••');
    expect(old.idDigitsDigest).toBe('keyed-digest-of-the-id-digits');
    expect(erased?.dossier.idDigitsDigest).toBeUndefined();
    // What the books and the statistics need stays: status, fees, the agency, the items.
    expect(erased?.dossier).toMatchObject({
      status: 'delivered',
      fees: old.fees,
      agency: old.agency,
      items: old.items,
    });
    const item = await itemStore().load(old.items[0]!.itemCode);
    expect(item?.item.addressee).toMatchObject({
      name: ERASED_TEXT,
      phone: '*******678',
      addressLine: ERASED_TEXT,
    });
    expect(item?.item.addressee.communeCode).toBe('26743');
    expect(item?.item.idDigitsDigest).toBeUndefined();

    for (const kept of [oldButOpen, recent]) {
      expect((await dossierStore().find(kept.consignmentRef))?.dossier.applicant.fullName).toBe(
        'Trần Văn Bình',
      );
    }
    const again = await erasePersonalData(now);
    expect(again.erased).toBe(0);
  });
});
