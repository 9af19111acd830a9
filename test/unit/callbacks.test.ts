import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  callbackUrlProblem,
  DEFAULT_BACKOFF_SECONDS,
  type Delivery,
  failingVerdict,
  isNonPublicAddress,
  matchesEvent,
  parseBackoff,
} from '../../functions/domain/callbacks.ts';
import { itemStatusEvent } from '../../functions/domain/events.ts';

describe('callback URLs outside local mode', () => {
  it.each([
    ['http://example.vn/hook', 'must be https'],
    ['https://127.0.0.1/hook', 'points to a private'],
    ['https://10.1.2.3/hook', 'points to a private'],
    ['https://172.20.0.1/hook', 'points to a private'],
    ['https://192.168.1.10/hook', 'points to a private'],
    ['https://169.254.169.254/latest/meta-data', 'points to a private'],
    ['https://[::1]/hook', 'points to a private'],
    ['https://[fe80::1]/hook', 'points to a private'],
    ['https://[::ffff:10.0.0.1]/hook', 'points to a private'],
    ['https://localhost/hook', 'must be a public host'],
    ['https://user:pass@example.vn/hook', 'credentials'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (url, problem) => {
    expect(callbackUrlProblem(url, false)).toContain(problem);
  });

  it('accepts a public https URL, and loopback http only in local mode', () => {
    expect(callbackUrlProblem('https://motcua.lamdong.gov.vn/bcci/callbacks', false)).toBeNull();
    expect(callbackUrlProblem('https://203.162.4.191/hook', false)).toBeNull();
    expect(callbackUrlProblem('http://127.0.0.1:4000/hook', true)).toBeNull();
    expect(isNonPublicAddress('8.8.8.8')).toBe(false);
    expect(isNonPublicAddress('100.64.0.1')).toBe(true);
  });
});

describe('event filters', () => {
  it('match exact types, prefixes and everything', () => {
    expect(matchesEvent(['item.delivered'], 'item.delivered')).toBe(true);
    expect(matchesEvent(['item.*'], 'item.delivered')).toBe(true);
    expect(matchesEvent(['item.*'], 'dossier.registered')).toBe(false);
    expect(matchesEvent(['*'], 'dossier.registered')).toBe(true);
  });
});

describe('the backoff schedule', () => {
  const delivery: Delivery = {
    webhookId: 'wh_0000000000000000',
    eventId: 'e1',
    agencyCode: 'A',
    consignmentRef: 'PG0000000000AA',
    sequence: 1,
    messageId: 'msg_e1',
    eventType: 'dossier.registered',
    occurredAt: '2026-11-23T00:00:00.000Z',
    payload: '{}',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: '2026-11-23T00:00:00.000Z',
  };
  const now = new Date('2026-11-23T00:00:00Z');

  it('waits about 1 min, 5 min, 30 min, 2 h, 6 h and 24 h, then gives up', () => {
    let current = delivery;
    const waits: number[] = [];
    for (;;) {
      const verdict = afterAttempt(current, { ok: false, detail: 'HTTP 500' }, now);
      if (verdict.kind !== 'retry') {
        expect(verdict.kind).toBe('dead');
        expect(verdict.delivery.attempts).toBe(7);
        break;
      }
      waits.push(verdict.waitSeconds);
      current = verdict.delivery;
    }
    expect(waits).toEqual(DEFAULT_BACKOFF_SECONDS);
  });

  it('records a success with its attempt count', () => {
    const verdict = afterAttempt({ ...delivery, attempts: 2 }, { ok: true, detail: 'HTTP 204' }, now);
    expect(verdict).toMatchObject({ kind: 'delivered', delivery: { status: 'delivered', attempts: 3 } });
  });

  it('takes a schedule from the environment, within limits', () => {
    expect(parseBackoff('1, 2,3')).toEqual([1, 2, 3]);
    expect(() => parseBackoff('1,-2')).toThrow();
    expect(parseBackoff(undefined)).toBe(DEFAULT_BACKOFF_SECONDS);
  });
});

describe('an endpoint that fails', () => {
  const since = '2026-11-20T00:00:00.000Z';
  const hoursAfter = (hours: number) => new Date(Date.parse(since) + hours * 3_600_000);
  it('is only failing in its first day, warned once after it, disabled after five days', () => {
    expect(failingVerdict({}, hoursAfter(200))).toBe('failing');
    expect(failingVerdict({ failingSince: since }, hoursAfter(23))).toBe('failing');
    expect(failingVerdict({ failingSince: since }, hoursAfter(24))).toBe('warn');
    expect(
      failingVerdict({ failingSince: since, warnedAt: hoursAfter(24).toISOString() }, hoursAfter(30)),
    ).toBe('failing');
    // A warning of an earlier spell does not count for this one.
    expect(
      failingVerdict({ failingSince: since, warnedAt: '2026-11-01T00:00:00.000Z' }, hoursAfter(30)),
    ).toBe('warn');
    expect(
      failingVerdict({ failingSince: since, warnedAt: hoursAfter(24).toISOString() }, hoursAfter(120)),
    ).toBe('disable');
    expect(
      failingVerdict({ failingSince: since }, hoursAfter(2), {
        warnAfterSeconds: 60,
        disableAfterSeconds: 7200,
      }),
    ).toBe('disable');
  });
});

describe("an item's status event", () => {
  it('carries the time of the fact that made the status, not the time it was recorded', () => {
    const item = {
      itemCode: 'RR123456785VN',
      direction: 'outbound',
      consignmentRef: 'PG0000000000AA',
      dossierCode: null,
      agencyCode: 'A',
      closedAt: null,
    };
    const event = itemStatusEvent(
      { status: 'in-transit', version: 3 },
      { ...item, status: 'out-for-delivery', version: 4, statusAt: '2026-11-20T01:00:00.000Z' },
      '2026-11-21T09:00:00.000Z',
    );
    expect(event?.occurredAt).toBe('2026-11-20T01:00:00.000Z');
  });
});
