import { describe, expect, it } from 'vitest';
import { judgeBatchResponse, judgeInvocation } from '../../infra/local/batch-response.ts';

const ids = ['m1', 'm2', 'm3'];

describe("Lambda's reading of a batch answer", () => {
  it('takes no answer, or no failures, as complete success', () => {
    for (const answer of [
      undefined,
      null,
      {},
      { batchItemFailures: [] },
      { batchItemFailures: null },
      'done',
    ]) {
      expect(judgeBatchResponse(answer, ids)).toEqual({ kind: 'succeeded' });
    }
  });

  it('lists the failed items of a partial failure', () => {
    const verdict = judgeBatchResponse(
      { batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }] },
      ids,
    );
    expect(verdict.kind).toBe('partial');
    expect(verdict.kind === 'partial' && [...verdict.failedIds]).toEqual(['m2', 'm3']);
  });

  it('fails the whole batch on an empty, missing or unknown identifier', () => {
    for (const failures of [
      [{ itemIdentifier: '' }],
      [{ itemIdentifier: null }],
      [{ id: 'm1' }],
      [{ itemIdentifier: 'zz' }],
      'm1',
    ]) {
      expect(judgeBatchResponse({ batchItemFailures: failures }, ids).kind).toBe('failed');
    }
  });

  it('fails the whole batch when the function throws or times out', () => {
    expect(judgeInvocation({ status: 'failed', error: new Error('x'), durationMs: 1 }, ids).kind).toBe(
      'failed',
    );
    expect(judgeInvocation({ status: 'timed-out', timeoutMs: 5, durationMs: 5 }, ids).kind).toBe('failed');
    expect(judgeInvocation({ status: 'succeeded', result: undefined, durationMs: 1 }, ids).kind).toBe(
      'succeeded',
    );
  });
});
