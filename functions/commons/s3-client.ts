/** The S3 client, created once per container. Its endpoint comes from `AWS_ENDPOINT_URL_S3` locally. */
import { S3Client } from '@aws-sdk/client-s3';
import { isLocalRuntime } from './clients.ts';

let s3Client: S3Client | undefined;

export function s3(): S3Client {
  // Path-style addressing locally: the emulator has no per-bucket host names.
  s3Client ??= new S3Client({ forcePathStyle: isLocalRuntime() });
  return s3Client;
}
