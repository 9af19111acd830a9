/**
 * How Lambda reads a batch consumer's answer (`ReportBatchItemFailures`), for SQS and for
 * DynamoDB streams alike. Per Lambda's documentation: no answer, or an empty or null
 * `batchItemFailures`, is a complete success; an item identifier that is empty, null, missing
 * or not one of the batch's makes the whole batch a failure.
 */
import type { InvocationOutcome } from './functions.ts';

export type BatchVerdict =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'partial'; readonly failedIds: ReadonlySet<string> };

export function judgeBatchResponse(result: unknown, batchIds: readonly string[]): BatchVerdict {
  if (result === null || result === undefined || typeof result !== 'object') return { kind: 'succeeded' };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'succeeded' };
  if (!Array.isArray(failures)) return { kind: 'failed', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'succeeded' };
  const known = new Set(batchIds);
  const failedIds = new Set<string>();
  for (const failure of failures) {
    const id =
      failure !== null && typeof failure === 'object'
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || id === '')
      return { kind: 'failed', reason: 'an itemIdentifier is missing or empty' };
    if (!known.has(id)) return { kind: 'failed', reason: `itemIdentifier ${id} is not in the batch` };
    failedIds.add(id);
  }
  return { kind: 'partial', failedIds };
}

/** The verdict on an invocation: a thrown error or a timeout fails the whole batch. */
export function judgeInvocation(outcome: InvocationOutcome, batchIds: readonly string[]): BatchVerdict {
  if (outcome.status === 'timed-out')
    return { kind: 'failed', reason: `timed out after ${outcome.timeoutMs} ms` };
  if (outcome.status === 'failed') {
    const error = outcome.error;
    return {
      kind: 'failed',
      reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  return judgeBatchResponse(outcome.result, batchIds);
}
