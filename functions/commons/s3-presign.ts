/**
 * Presigned S3 uploads, signed with SigV4 as the SDK signs them but without the S3 client,
 * whose import would add some 40 ms to the cold start of a function that only signs one
 * upload. Two forms: a presigned POST, whose policy binds the key, the content type and a
 * length range into the signature (what proof uploads use: S3 refuses anything else), and a
 * presigned PUT (unsigned payload, no checksum of a body not yet known). Virtual-host
 * addressing in AWS; path-style at `AWS_ENDPOINT_URL_S3` locally, where the emulator has no
 * per-bucket host names.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import { requiredEnv } from './clients.ts';
import { defaultProvider, getSigningKey, SignatureV4 } from './sdk/signing.ts';

/** SigV4 presigned URLs last at most seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const bytesOf = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256, keyed (HMAC) when given a secret: the hash the signer asks for, on node:crypto. */
class Sha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }

  update(data: Uint8Array): void {
    this.hash.update(bytesOf(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

export interface PresignedPut {
  readonly bucket: string;
  readonly key: string;
  readonly expiresInSeconds: number;
  /** Defaults to the time of signing; for tests. */
  readonly signingDate?: Date;
}

export interface PresignedPost {
  readonly bucket: string;
  readonly key: string;
  /** The one content type S3 will take: bound into the policy. */
  readonly contentType: string;
  /** The largest body S3 will take, in bytes: bound into the policy (`content-length-range`). */
  readonly maxBytes: number;
  readonly expiresInSeconds: number;
  /** Defaults to the time of signing; for tests. */
  readonly signingDate?: Date;
}

export interface PostUpload {
  /** Where the form goes: `POST` as multipart/form-data, `fields` first, then the file as `file`. */
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

const iso8601 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const checkLifetime = (seconds: number): void => {
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new Error('A presigned URL must last a whole number of seconds, at least one');
  }
  if (seconds > MAX_PRESIGN_SECONDS)
    throw new Error(`A presigned URL lasts at most ${MAX_PRESIGN_SECONDS} seconds`);
};

export class S3UploadSigner {
  private readonly signer: SignatureV4;

  constructor(
    private readonly region: string,
    private readonly credentials: AwsCredentialIdentityProvider,
    private readonly endpoint?: string,
  ) {
    this.signer = new SignatureV4({
      service: 's3',
      region,
      credentials,
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
  }

  /**
   * A form that lets its holder POST one object, of that content type and at most that size,
   * under that key, until it expires: the fields and the policy as the SDK's presigned POST
   * makes them (the policy lists the conditions, then the fields, then the key).
   */
  async presignPost(input: PresignedPost): Promise<PostUpload> {
    checkLifetime(input.expiresInSeconds);
    if (!Number.isInteger(input.maxBytes) || input.maxBytes < 1)
      throw new Error('maxBytes must be a positive integer');
    const now = input.signingDate ?? new Date();
    const amzDate = iso8601(now).replace(/[-:]/g, '');
    const shortDate = amzDate.slice(0, 8);
    const credentials = await this.credentials();
    const fields: Record<string, string> = {
      'Content-Type': input.contentType,
      bucket: input.bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${credentials.accessKeyId}/${shortDate}/${this.region}/s3/aws4_request`,
      'X-Amz-Date': amzDate,
      ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
    };
    const conditions: unknown[] = [
      ['content-length-range', 1, input.maxBytes],
      ...Object.entries(fields).map(([name, value]) => ({ [name]: value })),
      { key: input.key },
    ];
    const expiration = iso8601(new Date(now.getTime() + input.expiresInSeconds * 1000));
    const policy = Buffer.from(JSON.stringify({ expiration, conditions }), 'utf8').toString('base64');
    const signingKey = await getSigningKey(Sha256, credentials, shortDate, this.region, 's3');
    const signature = createHmac('sha256', Buffer.from(signingKey)).update(policy).digest('hex');
    const url = this.endpoint
      ? `${this.endpoint.replace(/\/+$/, '')}/${input.bucket}`
      : `https://${input.bucket}.s3.${this.region}.amazonaws.com/`;
    return { url, fields: { ...fields, key: input.key, Policy: policy, 'X-Amz-Signature': signature } };
  }

  /** A URL that lets its holder PUT one object until it expires. */
  presignPut(input: PresignedPut): Promise<string> {
    return this.presign('PUT', 'PutObject', input);
  }

  /** A URL that lets its holder GET one object until it expires. */
  presignGet(input: PresignedPut): Promise<string> {
    return this.presign('GET', 'GetObject', input);
  }

  private async presign(method: 'GET' | 'PUT', operation: string, input: PresignedPut): Promise<string> {
    checkLifetime(input.expiresInSeconds);
    const key = input.key.split('/').map(encodeURIComponent).join('/');
    const url = this.endpoint
      ? new URL(`${this.endpoint.replace(/\/+$/, '')}/${input.bucket}/${key}`)
      : new URL(`https://${input.bucket}.s3.${this.region}.amazonaws.com/${key}`);
    const signed = await this.signer.presign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        // The operation, as S3's clients name it in every request.
        query: { 'x-id': operation },
        headers: { host: url.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      },
      {
        expiresIn: input.expiresInSeconds,
        // In the query, as S3's presigner puts it: the uploader sends only its content type.
        hoistableHeaders: new Set(['x-amz-content-sha256']),
        ...(input.signingDate ? { signingDate: input.signingDate } : {}),
      },
    );
    const query = Object.entries(signed.query ?? {})
      .flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map(
          (one) => `${encodeURIComponent(name)}=${encodeURIComponent(one ?? '')}`,
        ),
      )
      .join('&');
    return `${url.origin}${url.pathname}?${query}`;
  }
}

let uploadSigner: S3UploadSigner | undefined;

/** The signer of this container, with the function's own credentials. */
export function s3UploadSigner(): S3UploadSigner {
  uploadSigner ??= new S3UploadSigner(
    requiredEnv('AWS_REGION'),
    defaultProvider(),
    process.env.AWS_ENDPOINT_URL_S3,
  );
  return uploadSigner;
}
