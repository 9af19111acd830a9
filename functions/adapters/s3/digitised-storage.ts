/**
 * The scans of dossiers in the documents bucket, through presigned requests only: an upload
 * form, a download link, and the system's own read of a stored object, made with a presigned
 * GET so that no S3 client is loaded. The read hashes the object as it streams and stops past
 * the size a scan may have.
 */
import { createHash } from 'node:crypto';
import type { DigitisedStorage } from '../../app/dossiers/digitised-documents.ts';
import type { S3UploadSigner } from '../../commons/s3-presign.ts';
import type { StoredObject } from '../../domain/digitised-documents.ts';

export const DIGITISED_UPLOAD_EXPIRY_SECONDS = 15 * 60;
export const DIGITISED_DOWNLOAD_EXPIRY_SECONDS = 5 * 60;
/** The system's own read of a stored scan: a few seconds for 10 MB within the region. */
const READ_TIMEOUT_MS = 20_000;
const HEAD_BYTES = 8;

const expiresIn = (seconds: number): string => new Date(Date.now() + seconds * 1000).toISOString();

export class S3DigitisedStorage implements DigitisedStorage {
  constructor(
    private readonly signer: S3UploadSigner,
    private readonly bucket: string,
  ) {}

  async presignUpload(input: { key: string; contentType: string; maxBytes: number }) {
    const form = await this.signer.presignPost({
      bucket: this.bucket,
      key: input.key,
      contentType: input.contentType,
      maxBytes: input.maxBytes,
      expiresInSeconds: DIGITISED_UPLOAD_EXPIRY_SECONDS,
    });
    // The presigned upload's own expiry: real time, as S3 checks it.
    return { url: form.url, fields: form.fields, expiresAt: expiresIn(DIGITISED_UPLOAD_EXPIRY_SECONDS) };
  }

  async presignDownload(key: string) {
    const url = await this.signer.presignGet({
      bucket: this.bucket,
      key,
      expiresInSeconds: DIGITISED_DOWNLOAD_EXPIRY_SECONDS,
    });
    return { url, expiresAt: expiresIn(DIGITISED_DOWNLOAD_EXPIRY_SECONDS) };
  }

  async read(key: string, maxBytes: number): Promise<StoredObject | null> {
    const url = await this.signer.presignGet({ bucket: this.bucket, key, expiresInSeconds: 60 });
    const response = await fetch(url, { signal: AbortSignal.timeout(READ_TIMEOUT_MS) });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`Reading ${key} from the documents bucket answered ${response.status}`);
    }
    return hashStream(response.body, maxBytes);
  }
}

/** Size, SHA-256 and first bytes of a stream; stops reading one byte past `maxBytes`. */
export async function hashStream(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StoredObject> {
  const hash = createHash('sha256');
  const head: number[] = [];
  let sizeBytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    sizeBytes += value.byteLength;
    for (let index = 0; head.length < HEAD_BYTES && index < value.byteLength; index += 1)
      head.push(value[index] as number);
    if (sizeBytes > maxBytes) {
      await reader.cancel();
      return { sizeBytes, sha256: '', head: Uint8Array.from(head) };
    }
    hash.update(value);
  }
  return { sizeBytes, sha256: hash.digest('hex'), head: Uint8Array.from(head) };
}
