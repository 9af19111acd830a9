/** Fixed facts of the embedded runtime: the region and account it pretends to be, names and limits. */
import { SERVICE_NAME } from '../manifest.ts';

export const LOCAL_REGION = 'ap-southeast-1';
/** The account id both emulators use in ARNs and queue URLs. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_TABLE_NAME = `${SERVICE_NAME}-local`;
export const LOCAL_BUCKET_NAME = `${SERVICE_NAME}-local`;
/** Lambda's on-failure destination for the table stream, as a local queue. */
export const STREAM_FAILURES_QUEUE = 'stream-failures';
/** `npm start` and `npm run token` share this data folder unless told otherwise. */
export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_HTTP_PORT = 3000;
export const DEFAULT_DYNAMO_PORT = 8000;
export const DEFAULT_QUEUE_PORT = 4566;
/** API Gateway's payload limit for HTTP APIs. */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
/** Lambda's synchronous invocation payload limit, for the request event and the response alike. */
export const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** API Gateway's integration timeout for HTTP APIs. */
export const MAX_INTEGRATION_TIMEOUT_MS = 30_000;
export const MINIMUM_JAVA_MAJOR_VERSION = 17;
