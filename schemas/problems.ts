/**
 * RFC 9457 problem types. The `type` URI of each is stable: integrators match on it.
 * Every failure the API can answer is listed here, with its HTTP status.
 */
import * as z from 'zod';

export const PROBLEM_BASE = 'https://bcci-bridge.vn/problems/';

export const PROBLEMS = {
  'validation-failed': { status: 400, title: 'The request does not match the contract' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'invalid-cursor': { status: 400, title: 'The cursor is not valid for this request' },
  'json-too-deep': { status: 400, title: 'The request body nests too deep' },
  'malformed-request': { status: 400, title: 'The HTTP request is malformed' },
  'request-too-large': { status: 431, title: 'The request line or headers are too large' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'route-not-found': { status: 404, title: 'No such route' },
  'unknown-account': { status: 404, title: 'No such ledger account' },
  conflict: { status: 409, title: 'Conflicts with what is already recorded' },
  'idempotency-key-reused': { status: 409, title: 'Idempotency-Key reused with a different request' },
  'idempotency-in-progress': {
    status: 409,
    title: 'A request with this Idempotency-Key is still in progress',
  },
  'receipt-already-voided': { status: 409, title: 'The receipt was already voided' },
  'already-remitted': { status: 409, title: 'Fees of these days were already remitted' },
  'already-rated': { status: 409, title: 'This dossier has already been rated' },
  'item-already-resent': { status: 409, title: 'The item was already sent again' },
  'item-not-resendable': { status: 422, title: 'The item cannot be sent again in its state' },
  'dossier-cancelled': { status: 409, title: 'The dossier was cancelled' },
  'document-not-on-slip': { status: 422, title: 'The consignment slip lists no such document' },
  'too-many-digitised-documents': { status: 409, title: 'The dossier carries as many scans as it may' },
  'digitised-document-not-uploaded': { status: 409, title: 'Nothing was uploaded for this scan' },
  'digitised-document-too-large': { status: 413, title: 'The scan is larger than a scan may be' },
  'digitised-document-wrong-type': { status: 415, title: 'A scan is a PDF or a JPEG' },
  'digitised-document-hash-mismatch': {
    status: 422,
    title: 'The stored scan does not have the SHA-256 given',
  },
  'malformed-bank-statement': { status: 400, title: 'The bank statement cannot be read' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  unprocessable: { status: 422, title: 'The request cannot be carried out' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'gateway-timeout': { status: 504, title: 'The function did not answer in time' },
  'already-chosen': { status: 409, title: 'The citizen has already chosen how the result comes' },
  'too-late-to-choose': { status: 409, title: 'The result has already gone out for delivery' },
  'no-return-by-post': { status: 422, title: 'The dossier has no result to return by post' },
  'window-in-the-past': { status: 422, title: 'The delivery window has already begun or passed' },
  'not-a-working-day': { status: 422, title: 'The delivery window is not on a working day' },
  'window-too-far-ahead': { status: 422, title: 'The delivery window is too far ahead' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof PROBLEMS;

export const problemType = (slug: ProblemSlug): string => `${PROBLEM_BASE}${slug}`;

export const ProblemSchema = /* @__PURE__ */ z
  .object({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .max(100)
      .optional()
      .describe('Each field that failed validation'),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
