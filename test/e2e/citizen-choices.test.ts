/**
 * The citizen's choices end to end, over HTTP only, on the embedded runtime: the result-ready
 * notice carries the choice link; with its token the citizen has one result held at the office
 * (collected at the counter with the ID digits) and another delivered in a chosen window, which
 * the worklist shows; a choice once out for delivery, a second choice, a past or non-working
 * day and a forged token are refused with nothing changed; a citizen who opted out with the
 * link's token gets delivery codes only.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  isWorkingDay,
  localDate,
  nextWorkingDayFrom,
} from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const HANOI = 'BC-HN-01';
const SAIGON = 'BC-HCM-01';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-choices-'));
let runtime: RunningRuntime;
let agency: string;
let staffHanoi: string;
let staffSaigon: string;
let scanNumber = 0;

const TODAY = localDate(new Date());
const DAY_CODE = TODAY.slice(2).replaceAll('-', '');
const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);
const publicPost = (path: string, body: unknown) =>
  fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const outboxLines = (): Json[] => {
  try {
    return readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json);
  } catch {
    return [];
  }
};
const scan = (itemCode: string, type: string, postOfficeCode: string, extra: Json = {}) => ({
  scanId: `choice-${Date.now().toString(36)}-${++scanNumber}`,
  itemCode,
  type,
  occurredAt: new Date().toISOString(),
  postOfficeCode,
  ...extra,
});

async function expectProblem(answer: Response, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(await answer.json()).toMatchObject({ type: `https://bcci-bridge.vn/problems/${type}`, status });
}

/** A return-only dossier, its result ready at the agency; answers its code, its item and the choice link's token. */
async function readyDossier(sequence: string, phone: string) {
  const code = `${AGENCY}-${DAY_CODE}-${sequence}`;
  const request = dossierRequest({ dossierCode: code, exemption: 'full', fees: [] });
  const registered = await call('POST', '/v1/dossiers', agency, {
    ...request,
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
    applicant: { ...(request.applicant as Json), phone, idNumber: '079123456789' },
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  const itemCode = registered.json.items[0].itemCode as string;
  const readyAt = new Date(Date.now() - 60_000).toISOString();
  expect((await call('POST', `/v1/dossiers/${code}/result-ready`, agency, { readyAt })).status).toBe(200);
  const token = await eventually(async () => {
    const line = outboxLines().find((sent) => sent.text.includes(`${code}?choice=`));
    return line ? (/\?choice=([A-Za-z0-9_-]{22})/.exec(line.text)?.[1] as string) : undefined;
  }, 30_000);
  return { code, itemCode, token };
}

async function collect(itemCode: string) {
  const manifest = await call('POST', '/v1/manifests', staffHanoi, {
    kind: 'collect-from-agency',
    agencyCode: AGENCY,
    postOfficeCode: HANOI,
    itemCodes: [itemCode],
  });
  expect(manifest.status).toBe(201);
  const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staffHanoi, {
    itemCodesReceived: [itemCode],
    signedBy: 'Trần Văn Bình',
  });
  expect(confirmed.status).toBe(200);
}

const choose = (code: string, body: Json) => publicPost(`/v1/track/${code}/choice`, body);
/** The tracking page's answer for the citizen whose phone ends in the dossier code's last four digits. */
const track = async (code: string) =>
  (await fetch(`${runtime.url}/v1/track/${code}?phoneLast4=1${code.slice(-3)}`)).json() as Promise<Json>;
const worklist = (date: string) =>
  call('GET', `/v1/worklist?postOfficeCode=${SAIGON}&date=${date}&limit=100`, staffSaigon);

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, env: { NOTIFICATION_QUIET_HOURS: 'off' } });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  staffHanoi = await runtime.token('postal-staff', { postOfficeCode: HANOI });
  staffSaigon = await runtime.token('postal-staff', { postOfficeCode: SAIGON });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the citizen's choice for the result", () => {
  it('holds a result at the office and hands it over at the counter, refusing bad choices', async () => {
    const { code, itemCode, token } = await readyDossier('0201', '0912341201');
    const before = await track(code);
    expect(before).toMatchObject({ status: 'result-ready', choice: null, mayChoose: true });

    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    await expectProblem(await choose(code, { token: forged, kind: 'held-at-office' }), 403, 'forbidden');
    await expectProblem(
      await choose(code, { token, kind: 'window', window: { day: addDays(TODAY, -1), part: 'morning' } }),
      422,
      'window-in-the-past',
    );
    let weekend = addDays(TODAY, 1);
    while (isWorkingDay(weekend)) weekend = addDays(weekend, 1);
    await expectProblem(
      await choose(code, { token, kind: 'window', window: { day: weekend, part: 'morning' } }),
      422,
      'not-a-working-day',
    );
    await expectProblem(await choose(code, { token, kind: 'at-home' }), 400, 'validation-failed');
    expect(await track(code)).toMatchObject({ choice: null, mayChoose: true });

    const held = await choose(code, { token, kind: 'held-at-office' });
    expect(held.status).toBe(200);
    expect(await held.json()).toMatchObject({
      itemCode,
      status: 'result-ready',
      choice: { kind: 'held-at-office' },
    });
    await expectProblem(
      await choose(code, {
        token,
        kind: 'window',
        window: { day: nextWorkingDayFrom(addDays(TODAY, 1)), part: 'afternoon' },
      }),
      409,
      'already-chosen',
    );

    await collect(itemCode);
    const item = await call('GET', `/v1/items/${itemCode}`, staffSaigon);
    expect(item.json.status).toBe('held-at-office');
    const tracked = await track(code);
    expect(tracked).toMatchObject({
      status: 'in-return',
      choice: { kind: 'held-at-office' },
      mayChoose: false,
    });
    const heldUntil = tracked.choice.heldUntil as string;
    expect(Date.parse(heldUntil)).toBeGreaterThan(Date.now());
    expect(tracked.timeline.map((line: Json) => line.type)).toEqual(
      expect.arrayContaining(['item.hold-chosen', 'item.collected']),
    );

    const entry = await eventually(async () => {
      const page = await worklist(localDate(new Date(heldUntil)));
      return page.json.entries?.find((row: Json) => row.itemCode === itemCode);
    }, 30_000);
    expect(entry).toMatchObject({ kind: 'held-at-office', dueAt: heldUntil });

    // A trip out for delivery is not for a held result; the counter checks the ID digits as the door does.
    const out = await call('POST', '/v1/scans', staffSaigon, {
      scans: [scan(itemCode, 'out-for-delivery', SAIGON)],
    });
    expect(out.json.results[0]).toMatchObject({ outcome: 'flagged', reason: 'held-at-office' });
    const wrong = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'delivered', SAIGON, {
          proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self', idLast4: '0000' },
        }),
      ],
    });
    expect(wrong.json.results[0]).toMatchObject({ outcome: 'rejected', reason: 'wrong-id-digits' });
    const counter = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'delivered', SAIGON, {
          proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self', idLast4: '6789' },
        }),
      ],
    });
    expect(counter.json.results[0]).toMatchObject({ outcome: 'accepted', itemStatus: 'delivered' });
    expect(await track(code)).toMatchObject({ status: 'delivered' });
  });

  it('puts a chosen window on the worklist, refuses a choice once out for delivery, and honours an opt-out', async () => {
    const { code, itemCode, token } = await readyDossier('0202', '0912341202');
    await collect(itemCode);
    const day = nextWorkingDayFrom(addDays(TODAY, 1));
    const window = { day, part: 'afternoon' };
    const chosen = await choose(code, { token, kind: 'window', window });
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toMatchObject({ status: 'collected', choice: { kind: 'window', window } });
    const entry = await eventually(async () => {
      const page = await worklist(day);
      return page.json.entries?.find((row: Json) => row.itemCode === itemCode && row.deliveryWindow);
    }, 30_000);
    expect(entry).toMatchObject({ kind: 'delivery', deliveryWindow: window });
    expect(await track(code)).toMatchObject({ status: 'in-return', choice: { kind: 'window', window } });

    // Opted out with the link's token (the phone digits are no token): only the delivery code still comes.
    await expectProblem(
      await publicPost(`/v1/track/${code}/opt-out`, { token: '1202' }),
      400,
      'validation-failed',
    );
    const toPhone = () => outboxLines().filter((sent) => sent.to === '+84912341202');
    const sentBefore = toPhone().length;
    const optedOut = await publicPost(`/v1/track/${code}/opt-out`, { token });
    expect(optedOut.status).toBe(200);
    expect(await optedOut.json()).toEqual({ optedOut: true });
    await call('POST', '/v1/scans', staffSaigon, { scans: [scan(itemCode, 'out-for-delivery', SAIGON)] });
    await expectProblem(await choose(code, { token, kind: 'held-at-office' }), 409, 'already-chosen');
    await eventually(
      async () => (toPhone().some((sent) => /Ma nhan: \d{6}/.test(sent.text)) ? true : undefined),
      30_000,
    );
    await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'delivery-failed', SAIGON, {
          failure: { reason: 'addressee-absent', action: 'next-attempt' },
        }),
      ],
    });
    await call('POST', '/v1/scans', staffSaigon, { scans: [scan(itemCode, 'out-for-delivery', SAIGON)] });
    const codes = await eventually(async () => {
      const sent = toPhone().filter((notice) => /Ma nhan: \d{6}/.test(notice.text));
      return sent.length === 2 ? sent : undefined;
    }, 30_000);
    expect(codes).toHaveLength(2);
    // Two delivery codes and nothing else since the opt-out: the failed attempt's notice was not sent.
    const sinceOptOut = toPhone().slice(sentBefore);
    expect(sinceOptOut.map((notice) => notice.template?.templateId)).toEqual([
      'out-for-delivery',
      'out-for-delivery',
    ]);
  });

  it('refuses a first choice once the result is out for delivery, changing nothing', async () => {
    const { code, itemCode, token } = await readyDossier('0203', '0912341203');
    await collect(itemCode);
    await call('POST', '/v1/scans', staffSaigon, { scans: [scan(itemCode, 'out-for-delivery', SAIGON)] });
    await expectProblem(await choose(code, { token, kind: 'held-at-office' }), 409, 'too-late-to-choose');
    const item = await call('GET', `/v1/items/${itemCode}`, staffSaigon);
    expect(item.json.status).toBe('out-for-delivery');
    expect(item.json.timeline.map((line: Json) => line.type)).not.toContain('hold-chosen');
  });
});
