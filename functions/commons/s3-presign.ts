/**
 * Presigned S3 uploads, signed with SigV4 as S3's own presigner signs them (unsigned
 * payload, the content type left to the uploader, no checksum of a body not yet known) but
 * without the S3 client, whose import
 * would add some 40 ms to the cold start of a function that only signs one URL. Virtual-host
 * addressing in AWS; path-style at `AWS_ENDPOINT_URL_S3` locally, where the emulator has no
 * per-bucket host names.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import { requiredEnv } from './clients.ts';
import { defaultProvider, SignatureV4 } from './sdk/signing.ts';

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

export class S3UploadSigner {
  private readonly signer: SignatureV4;

  constructor(
    private readonly region: string,
    credentials: AwsCredentialIdentityProvider,
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

  /** A URL that lets its holder PUT one object until it expires. */
  presignPut(input: PresignedPut): Promise<string> {
    return this.presign('PUT', 'PutObject', input);
  }

  /** A URL that lets its holder GET one object until it expires. */
  presignGet(input: PresignedPut): Promise<string> {
    return this.presign('GET', 'GetObject', input);
  }

  private async presign(method: 'GET' | 'PUT', operation: string, input: PresignedPut): Promise<string> {
    if (!Number.isInteger(input.expiresInSeconds) || input.expiresInSeconds < 1) {
      throw new Error('A presigned URL must last a whole number of seconds, at least one');
    }
    if (input.expiresInSeconds > MAX_PRESIGN_SECONDS) {
      throw new Error(`A presigned URL lasts at most ${MAX_PRESIGN_SECONDS} seconds`);
    }
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
