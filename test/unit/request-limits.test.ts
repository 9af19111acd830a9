/**
 * Bounds that keep hostile input away from anything recursive or stateful: the JSON depth
 * check on raw text, the Idempotency-Key fingerprint over raw bytes and its scope, and the
 * sealed pagination cursors.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCursor, sealCursor } from '../../functions/commons/http/cursor.ts';
import { requestFingerprint, scopedIdempotencyKey } from '../../functions/commons/http/idempotency.ts';
import { jsonDepth, MAX_JSON_DEPTH } from '../../functions/commons/http/json-limits.ts';
import { HttpProblem } from '../../functions/commons/http/problem.ts';
import { ENV } from '../../infra/manifest.ts';

const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object'
    ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf))
    : 0;

describe('jsonDepth', () => {
  it('is the nesting depth of any JSON value, strings with brackets included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonDepth(JSON.stringify(value), 100)).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
    expect(jsonDepth('{"a":"[[[{{\\"]]"}')).toBe(1);
  });

  it('stops counting past the limit, however deep the text goes', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('Idempotency-Key', () => {
  it('fingerprints the raw bytes: another spelling of the same JSON is another request', () => {
    const a = requestFingerprint('POST /v1/scans', '/v1/scans', '{"a":1,"b":2}');
    expect(requestFingerprint('POST /v1/scans', '/v1/scans', '{"a":1,"b":2}')).toBe(a);
    expect(requestFingerprint('POST /v1/scans', '/v1/scans', '{"b":2,"a":1}')).not.toBe(a);
    expect(requestFingerprint('POST /v1/scans', '/v1/other', '{"a":1,"b":2}')).not.toBe(a);
  });

  it('scopes a key by tenant and subject: the same subject in two tenants holds two keys', () => {
    const route = 'POST /v1/dossiers';
    const agencyA = scopedIdempotencyKey(
      { subject: 'client-1', agencyCode: '000.00.06.H56' },
      route,
      'key-0001',
    );
    const agencyB = scopedIdempotencyKey(
      { subject: 'client-1', agencyCode: '000.00.01.H40' },
      route,
      'key-0001',
    );
    const office = scopedIdempotencyKey(
      { subject: 'client-1', postOfficeCode: 'BC-HN-01' },
      route,
      'key-0001',
    );
    expect(new Set([agencyA, agencyB, office]).size).toBe(3);
    expect(
      scopedIdempotencyKey({ subject: 'client-1', agencyCode: '000.00.06.H56' }, route, 'key-0001'),
    ).toBe(agencyA);
  });
});

describe('pagination cursors', () => {
  beforeEach(() => {
    process.env[ENV.cursorSecret] = 'a-test-key-of-at-least-thirty-two-characters';
  });
  afterEach(() => {
    delete process.env[ENV.cursorSecret];
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(400);
    expect((error as HttpProblem).slug).toBe('invalid-cursor');
  };

  it('gives back the position it sealed, for the same scope only', async () => {
    const cursor = await sealCursor('worklist|BC-HN-01|2026-12-03', '{"pk":"W#BC-HN-01","sk":"x"}');
    expect(await openCursor('worklist|BC-HN-01|2026-12-03', cursor)).toBe('{"pk":"W#BC-HN-01","sk":"x"}');
    await refusal(openCursor('worklist|BC-LD-01|2026-12-03', cursor));
    expect(await openCursor('worklist|BC-HN-01|2026-12-03', undefined)).toBeUndefined();
  });

  it('refuses any cursor it did not seal', async () => {
    const genuine = await sealCursor('scope', 'position');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (forged) => {
        fc.pre(forged !== genuine && forged !== '');
        await refusal(openCursor('scope', forged));
      }),
      { numRuns: 200 },
    );
    const [payload, tag] = genuine.split('.');
    const altered = `${Buffer.from('other').toString('base64url')}.${tag}`;
    await refusal(openCursor('scope', altered));
    await refusal(openCursor('scope', `${payload}.${'A'.repeat(tag!.length)}`));
  });
});

describe('free text', () => {
  it('refuses control characters and bidirectional overrides; line breaks only where text is multi-line', async () => {
    const { multilineText, text } = await import('../../schemas/common.ts');
    const name = text(50);
    const reason = multilineText(50);
    for (const bad of ['a\u0000b', 'tab\there', 'evil\u202etxt', 'x\u2066y', 'bell\u0007', 'c1\u0085']) {
      expect(name.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(reason.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(name.safeParse('Nguyễn Thị Hoa').success).toBe(true);
    expect(name.safeParse('hai\ndòng').success).toBe(false);
    expect(reason.safeParse('Thiếu giấy tờ:\n- tờ khai\r\n- ảnh').success).toBe(true);
    expect(name.safeParse('x'.repeat(51)).success).toBe(false);
  });
});
