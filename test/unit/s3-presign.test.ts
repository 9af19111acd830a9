/** Presigned uploads signed without the S3 client: the same URL as S3's own presigner, refused limits. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PRESIGN_SECONDS, S3UploadSigner } from '../../functions/commons/s3-presign.ts';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session/token+with=odd&characters',
};
const signingDate = new Date('2026-11-24T03:00:00.000Z');
const key = 'proofs/RK000000014VN/photo-6f1c2a4e.jpg';

/** The URL's parts that matter to S3, with the query as a sorted list (order does not). */
const parts = (url: string) => {
  const parsed = new URL(url);
  const query = [...parsed.searchParams.entries()].sort();
  return { origin: parsed.origin, path: parsed.pathname, query };
};

describe('S3UploadSigner', () => {
  // The SDK's client would take a local emulator's endpoint from the environment; these compare with AWS.
  beforeEach(() => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("signs a PUT exactly as S3's presigner does, virtual-host style in AWS", async () => {
    const ours = await new S3UploadSigner('ap-southeast-1', async () => credentials).presignPut({
      bucket: 'bcci-bridge-documents',
      key,
      expiresInSeconds: 900,
      signingDate,
    });
    const sdk = await getSignedUrl(
      new S3Client({ region: 'ap-southeast-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' }),
      new PutObjectCommand({ Bucket: 'bcci-bridge-documents', Key: key, ContentType: 'image/jpeg' }),
      { expiresIn: 900, signingDate },
    );
    expect(parts(ours)).toEqual(parts(sdk));
    expect(parts(ours).origin).toBe('https://bcci-bridge-documents.s3.ap-southeast-1.amazonaws.com');
    expect(new URL(ours).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // No checksum of an empty body: the photo uploaded later would not match it.
    expect(ours).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
  });

  it('signs path-style at a local endpoint, as the S3 client does with forcePathStyle', async () => {
    const endpoint = 'http://127.0.0.1:4566';
    const ours = await new S3UploadSigner('ap-southeast-1', async () => credentials, endpoint).presignPut({
      bucket: 'local-bucket',
      key,
      expiresInSeconds: 60,
      signingDate,
    });
    const sdk = await getSignedUrl(
      new S3Client({
        region: 'ap-southeast-1',
        credentials,
        endpoint,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      }),
      new PutObjectCommand({ Bucket: 'local-bucket', Key: key }),
      { expiresIn: 60, signingDate },
    );
    expect(parts(ours)).toEqual(parts(sdk));
    expect(parts(ours).path).toBe(`/local-bucket/${key}`);
  });

  it('refuses a URL that would last less than a second or more than seven days', async () => {
    const signer = new S3UploadSigner('ap-southeast-1', async () => credentials);
    for (const expiresInSeconds of [0, 1.5, MAX_PRESIGN_SECONDS + 1]) {
      await expect(signer.presignPut({ bucket: 'b', key, expiresInSeconds })).rejects.toThrow(/seconds/);
    }
    await expect(
      signer.presignPut({ bucket: 'b', key, expiresInSeconds: MAX_PRESIGN_SECONDS }),
    ).resolves.toMatch(/X-Amz-Expires=604800/);
  });

  it("signs a POST policy exactly as the SDK's presigned POST does, binding the content type and the size", async () => {
    const ours = await new S3UploadSigner('ap-southeast-1', async () => credentials).presignPost({
      bucket: 'bcci-bridge-documents',
      key,
      contentType: 'image/jpeg',
      maxBytes: 5 * 1024 * 1024,
      expiresInSeconds: 900,
      signingDate,
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(signingDate);
    const sdk = await createPresignedPost(new S3Client({ region: 'ap-southeast-1', credentials }), {
      Bucket: 'bcci-bridge-documents',
      Key: key,
      Conditions: [['content-length-range', 1, 5 * 1024 * 1024]],
      Fields: { 'Content-Type': 'image/jpeg' },
      Expires: 900,
    }).finally(() => vi.useRealTimers());
    expect(ours.fields).toEqual(sdk.fields);
    expect(new URL(ours.url).origin).toBe(new URL(sdk.url).origin);
    const policy = JSON.parse(Buffer.from(ours.fields.Policy!, 'base64').toString('utf8'));
    expect(policy).toEqual({
      expiration: '2026-11-24T03:15:00Z',
      conditions: expect.arrayContaining([
        ['content-length-range', 1, 5 * 1024 * 1024],
        { 'Content-Type': 'image/jpeg' },
        { key },
        { bucket: 'bcci-bridge-documents' },
      ]),
    });
  });

  it('posts path-style to a local endpoint', async () => {
    const ours = await new S3UploadSigner(
      'ap-southeast-1',
      async () => credentials,
      'http://127.0.0.1:4566/',
    ).presignPost({
      bucket: 'local-bucket',
      key,
      contentType: 'application/pdf',
      maxBytes: 10,
      expiresInSeconds: 60,
    });
    expect(ours.url).toBe('http://127.0.0.1:4566/local-bucket');
    expect(ours.fields.key).toBe(key);
  });
});
