/**
 * The delivery code secret is read only when a scan confirms a delivery with a one-time code,
 * and from Secrets Manager at most once in five minutes; a failed read is tried again.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET_MAX_AGE_MS, secretText } from '../../functions/commons/secrets.ts';
import { checksDeliveryCode, planScans } from '../../functions/domain/items/scans.ts';
import type { ScanInput } from '../../schemas/items.ts';
import { citizenItem } from '../support/items.ts';

const secretsManager = mockClient(SecretsManagerClient);

afterEach(() => {
  secretsManager.reset();
});

const SECRET = 'a-delivery-code-secret-of-at-least-32-chars';

describe('secretText', () => {
  it('reads a secret once and answers from memory for five minutes', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    const id = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:kept';
    const start = 1_000_000;
    expect(await secretText(id, start)).toBe(SECRET);
    expect(await secretText(id, start + SECRET_MAX_AGE_MS - 1)).toBe(SECRET);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: id });

    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: `${SECRET}-rotated` });
    expect(await secretText(id, start + SECRET_MAX_AGE_MS)).toBe(`${SECRET}-rotated`);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reads concurrent first requests once', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
    const id = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:concurrent';
    const texts = await Promise.all([secretText(id, 0), secretText(id, 1), secretText(id, 2)]);
    expect(texts).toEqual([SECRET, SECRET, SECRET]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('keeps no failed read: the next request reads again', async () => {
    const id = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:flaky';
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: SECRET });
    await expect(secretText(id, 0)).rejects.toThrow('throttled');
    expect(await secretText(id, 1)).toBe(SECRET);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a secret that holds no text', async () => {
    const id = 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:binary';
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
    await expect(secretText(id, 0)).rejects.toThrow(/holds no text/);
  });
});

const OFFICE = 'BC-HN-01';
const outboundItem = citizenItem('outbound', OFFICE);

const delivered = (proof: NonNullable<ScanInput['proof']>): ScanInput => ({
  scanId: 'scan-delivered',
  itemCode: outboundItem.itemCode,
  type: 'delivered',
  occurredAt: '2026-01-06T03:00:00.000Z',
  postOfficeCode: OFFICE,
  proof,
});

describe('checksDeliveryCode', () => {
  it('is true only for a delivery confirmed with a one-time code or ID digits', () => {
    const withCode = delivered({ recipientName: 'Nguyễn Thị Hoa', relation: 'self', otp: '123456' });
    const withId = delivered({ recipientName: 'Nguyễn Thị Hoa', relation: 'self', idLast4: '1234' });
    const arrive: ScanInput = { ...withId, scanId: 'scan-arrive', type: 'arrive' };
    delete (arrive as { proof?: unknown }).proof;
    expect(checksDeliveryCode([arrive, withCode])).toBe(true);
    expect(checksDeliveryCode([arrive, withId])).toBe(true);
    expect(checksDeliveryCode([arrive])).toBe(false);
    expect(checksDeliveryCode([])).toBe(false);
  });

  it('guards planScans: a code to check without the secret is a fault, not a refusal', () => {
    const input = {
      item: outboundItem,
      storedFacts: [],
      receivedAt: new Date('2026-01-06T04:00:00.000Z'),
      callerOfficeCode: OFFICE,
      deliveryCodeSecret: null,
    };
    const withCode = delivered({ recipientName: 'Nguyễn Thị Hoa', relation: 'self', otp: '123456' });
    expect(() => planScans({ ...input, scans: [withCode] })).toThrow(/no delivery code secret/);
    const withId = delivered({ recipientName: 'Nguyễn Thị Hoa', relation: 'self', idLast4: '1234' });
    expect(() => planScans({ ...input, scans: [withId] })).toThrow(/no delivery code secret/);
    const withLetter = delivered({ recipientName: 'Trần Văn Bình', relation: 'authorised' });
    expect(() => planScans({ ...input, scans: [withLetter] })).not.toThrow();
  });
});
