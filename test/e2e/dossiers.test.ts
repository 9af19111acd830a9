/**
 * The dossier path end to end, over HTTP only, on the embedded runtime: registration,
 * reading back after a restart, the problem answers, and the event that reaches the
 * citizen's notification outbox through the stream and the queue.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY, dossierRequest } from '../support/http-event.ts';
import { eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-dossiers-'));
let runtime: RunningRuntime;
let agencyToken: string;

const post = (path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string, token?: string) =>
  fetch(`${runtime.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function expectProblem(answer: Response, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await answer.json()) as { type: string; status: number; detail?: string };
  expect(problem.type).toBe(`https://bcci-bridge.vn/problems/${type}`);
  expect(problem.status).toBe(status);
  expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.ts:\d+/);
  return problem;
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, env: { NOTIFICATION_QUIET_HOURS: 'off' } });
  agencyToken = await runtime.token('agency', { agencyCode: AGENCY });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dossiers over HTTP', () => {
  const code = `${AGENCY}-261120-0042`;

  it('registers a dossier with an agency token and reads it back after a restart', async () => {
    const created = await post('/v1/dossiers', dossierRequest({ dossierCode: code }), agencyToken);
    expect(created.status).toBe(201);
    const { dossier } = (await created.json()) as {
      dossier: { consignmentRef: string; dossierCode: string };
    };
    expect(dossier.dossierCode).toBe(code);

    expect(await runtime.stop()).toBe(0);
    runtime = await startRuntime({ dataDir, env: { NOTIFICATION_QUIET_HOURS: 'off' } });

    const read = await get(`/v1/dossiers/${code}`, agencyToken);
    expect(read.status).toBe(200);
    const view = (await read.json()) as { dossier: { consignmentRef: string }; timeline: { type: string }[] };
    expect(view.dossier.consignmentRef).toBe(dossier.consignmentRef);
    expect(view.timeline.map((entry) => entry.type)).toEqual(['dossier.registered']);
    const byRef = await get(`/v1/dossiers/${dossier.consignmentRef}`, agencyToken);
    expect(byRef.status).toBe(200);
  });

  it('tells the citizen by SMS through the stream, the queue and the outbox', async () => {
    const line = await eventually(async () => {
      try {
        const text = readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8');
        return text.split('\n').find((entry) => entry.includes(code));
      } catch {
        return undefined;
      }
    }, 30_000);
    expect(JSON.parse(line)).toMatchObject({ channel: 'sms', to: '+84912345678' });
  });

  it('answers 401 without a token and 403 for postal staff on an agency route', async () => {
    await expectProblem(await get(`/v1/dossiers/${code}`), 401, 'unauthorized');
    const staff = await runtime.token('postal-staff', { postOfficeCode: 'BC-HN-01' });
    await expectProblem(await post(`/v1/dossiers/${code}/result-ready`, {}, staff), 403, 'forbidden');
    const otherAgency = await runtime.token('agency', { agencyCode: '000.00.07.H57' });
    await expectProblem(await get(`/v1/dossiers/${code}`, otherAgency), 403, 'forbidden');
  });

  it('answers problem+json for a malformed body, a wrong content type, a 2 MB body and an unknown route', async () => {
    await expectProblem(await post('/v1/dossiers', '{"dossierCode":', agencyToken), 400, 'malformed-json');
    await expectProblem(
      await post('/v1/dossiers', 'dossierCode=1', agencyToken, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported-media-type',
    );
    const twoMegabytes = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) });
    await expectProblem(await post('/v1/dossiers', twoMegabytes, agencyToken), 413, 'payload-too-large');
    await expectProblem(await get('/v1/no-such-thing', agencyToken), 404, 'route-not-found');
    await expectProblem(
      await post('/v1/dossiers', { dossierCode: 'nope' }, agencyToken),
      400,
      'validation-failed',
    );
  });

  it('replays an Idempotency-Key and refuses it with another body', async () => {
    const body = dossierRequest({ dossierCode: `${AGENCY}-261121-0001` });
    const headers = { 'idempotency-key': 'e2e-key-0001' };
    const first = await post('/v1/dossiers', body, agencyToken, headers);
    const again = await post('/v1/dossiers', body, agencyToken, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    const other = dossierRequest({ dossierCode: `${AGENCY}-261121-0002` });
    await expectProblem(
      await post('/v1/dossiers', other, agencyToken, headers),
      409,
      'idempotency-key-reused',
    );
  });

  it('marks a result ready once, and refuses a second registration of the code with other content', async () => {
    const ready = await post(`/v1/dossiers/${code}/result-ready`, {}, agencyToken);
    expect(ready.status).toBe(200);
    const twice = await post(`/v1/dossiers/${code}/result-ready`, {}, agencyToken);
    const view = (await twice.json()) as {
      dossier: { status: string };
      timeline: { sequence?: number; type: string; itemCode?: string }[];
    };
    expect(view.dossier.status).toBe('result-ready');
    // The dossier's own events once each, and its outbound item's fact merged in.
    expect(view.timeline.filter((entry) => entry.sequence).map((entry) => entry.sequence)).toEqual([1, 2]);
    expect(view.timeline.map((entry) => entry.type)).toEqual([
      'dossier.registered',
      'dossier.result-ready',
      'item.result-ready',
    ]);
    const changed = dossierRequest({ dossierCode: code, exemption: 'full' });
    await expectProblem(await post('/v1/dossiers', changed, agencyToken), 409, 'conflict');
  });

  it('lets the citizen track the dossier with the last 4 digits of the phone, and reveals nothing without them', async () => {
    const tracked = await get(`/v1/track/${code}?phoneLast4=5678`);
    expect(tracked.status).toBe(200);
    const view = (await tracked.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ dossierCode: code });
    const text = JSON.stringify(view);
    for (const personal of ['Nguyễn Thị Hoa', '0912345678', 'Trần Phú']) expect(text).not.toContain(personal);
    const wrong = await get(`/v1/track/${code}?phoneLast4=0000`);
    const missing = await get(`/v1/track/${code}`);
    const unknown = await get(`/v1/track/${AGENCY}-261120-9999?phoneLast4=5678`);
    const problems = (await Promise.all(
      [wrong, missing, unknown].map((answer) => answer.json()),
    )) as object[];
    expect([wrong.status, missing.status, unknown.status]).toEqual([404, 404, 404]);
    // The same answer whether the dossier exists or not.
    expect(new Set(problems.map((problem) => JSON.stringify({ ...problem, instance: undefined }))).size).toBe(
      1,
    );
  });

  it('serves the health check and a valid OpenAPI document without a token', async () => {
    expect((await get('/health')).status).toBe(200);
    const document = (await (await get('/v1/openapi.json')).json()) as { openapi: string; paths: object };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/v1/dossiers/{dossierRef}');
  });
});
