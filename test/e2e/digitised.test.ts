/**
 * Digitised dossiers end to end, over HTTP only, on the embedded runtime with its local S3:
 * staff at the counter upload a scan through the presigned POST, attach it (the system reads
 * the stored object and checks its SHA-256), the agency downloads it, its callback links it,
 * and the province's indicator report counts the digitised dossier. Bad input — wrong type,
 * too large, a mismatched hash, a document the slip does not list, another office, a cancelled
 * dossier — is a problem+json with its own type, and the dossier stays as it was.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const SAIGON = 'BC-HCM-01';
const DALAT = 'BC-LD-01';
const SLIP_DOCUMENT = 'Tờ khai đề nghị';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-digitised-'));
let runtime: RunningRuntime;
let agency: string;
let otherAgency: string;
let staffSaigon: string;
let staffDalat: string;
let observer: string;
let receiver: Server;
const received: Json[] = [];
let secret = '';

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

function expectProblem(answer: { status: number; json: Json }, status: number, type: string) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.json).toMatchObject({ type: `https://bcci-bridge.vn/problems/${type}`, status });
}

async function startReceiver(): Promise<string> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // Only a delivery signed with the subscription's secret counts.
      new Webhook(secret).verify(body, request.headers as Record<string, string>);
      received.push(JSON.parse(body) as Json);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
}

let sequence = 0;
async function registered(): Promise<string> {
  sequence += 1;
  const day = localDate(new Date()).slice(2).replaceAll('-', '');
  const code = `${AGENCY}-${day}-${String(8000 + sequence)}`;
  const answer = await call('POST', '/v1/dossiers', agency, {
    ...dossierRequest({ dossierCode: code }),
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return code;
}

const askUpload = (code: string, token: string, overrides: Json = {}) =>
  call('POST', `/v1/dossiers/${code}/digitised-documents/uploads`, token, {
    documentName: SLIP_DOCUMENT,
    contentType: 'application/pdf',
    sizeBytes: PDF.byteLength,
    ...overrides,
  });

/** Sends the file to S3 as the presigned form says; answers S3's status. */
async function sendToS3(upload: Json, bytes: Uint8Array, contentType: string): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields as Record<string, string>))
    form.append(name, value);
  form.append('file', new Blob([bytes], { type: contentType }));
  const answer = await fetch(upload.url, { method: 'POST', body: form });
  await answer.arrayBuffer();
  return answer.status;
}

const attach = (code: string, token: string, documentId: string, digest: string, name = SLIP_DOCUMENT) =>
  call('POST', `/v1/dossiers/${code}/digitised-documents`, token, {
    documentId,
    documentName: name,
    sha256: digest,
    capturedAt: 'counter',
  });

const dossierOf = async (code: string) =>
  (await call('GET', `/v1/dossiers/${code}`, agency)).json.dossier as Json;

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, env: { CALLBACK_BACKOFF_SECONDS: '1,1,1,1,1,1' } });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  otherAgency = await runtime.token('agency', { agencyCode: '000.00.01.H29' });
  staffSaigon = await runtime.token('postal-staff', { postOfficeCode: SAIGON });
  staffDalat = await runtime.token('postal-staff', { postOfficeCode: DALAT });
  observer = await runtime.token('observer', { provinceCode: '79' });
  const url = await startReceiver();
  const subscribed = await call('POST', '/v1/webhooks', agency, {
    url,
    events: ['dossier.documents-attached'],
  });
  expect(subscribed.status, JSON.stringify(subscribed.json)).toBe(201);
  secret = subscribed.json.secret;
});

afterAll(async () => {
  await runtime?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a scan attached at the counter', () => {
  it('is uploaded to S3, verified, downloaded by the agency, linked in its callback and counted', async () => {
    const code = await registered();
    const asked = await askUpload(code, staffSaigon);
    expect(asked.status, JSON.stringify(asked.json)).toBe(201);
    const policy = JSON.parse(Buffer.from(asked.json.upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 10 * 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'application/pdf' });
    expect(await sendToS3(asked.json.upload, PDF, 'application/pdf')).toBe(204);

    const { documentId } = asked.json as { documentId: string };
    expectProblem(
      await attach(code, staffSaigon, documentId, sha256(PNG)),
      422,
      'digitised-document-hash-mismatch',
    );
    expect((await dossierOf(code)).digitisedDocuments).toBeUndefined();

    const attached = await attach(code, staffSaigon, documentId, sha256(PDF));
    expect(attached.status, JSON.stringify(attached.json)).toBe(201);
    expect(attached.json.document).toMatchObject({
      documentId,
      documentName: SLIP_DOCUMENT,
      contentType: 'application/pdf',
      sizeBytes: PDF.byteLength,
      sha256: sha256(PDF),
      capturedAt: 'counter',
      attachedBy: { postOfficeCode: SAIGON },
    });
    const again = await attach(code, staffSaigon, documentId, sha256(PDF));
    expect(again.status).toBe(200);
    expect(again.json.attached).toBe(false);
    expect((await dossierOf(code)).digitisedDocuments).toHaveLength(1);

    for (const token of [agency, staffSaigon, await runtime.token('finance')]) {
      const link = await call('GET', `/v1/dossiers/${code}/digitised-documents/${documentId}`, token);
      expect(link.status, JSON.stringify(link.json)).toBe(200);
      const file = await fetch(link.json.url);
      expect(sha256(new Uint8Array(await file.arrayBuffer()))).toBe(sha256(PDF));
    }
    for (const stranger of [otherAgency, staffDalat]) {
      const refused = await call('GET', `/v1/dossiers/${code}/digitised-documents/${documentId}`, stranger);
      expect([403, 404]).toContain(refused.status);
      expect(JSON.stringify(refused.json)).not.toContain(sha256(PDF));
    }

    const callback = await eventually(
      async () => received.find((body) => body.data?.dossierCode === code),
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${runtime.output().slice(-3000)}`);
    });
    expect(callback.type).toBe('dossier.documents-attached');
    const href = `/v1/dossiers/${attached.json.consignmentRef}/digitised-documents/${documentId}`;
    expect(callback.data).toMatchObject({
      digitisedDocuments: 1,
      firstOfDossier: true,
      documents: [{ documentId, sha256: sha256(PDF), documentName: SLIP_DOCUMENT, href }],
    });
    // The link works with the agency's token.
    expect((await call('GET', href, agency)).status).toBe(200);

    const period = localDate(new Date()).slice(0, 7);
    const report = await eventually(async () => {
      const found = await call(
        'GET',
        `/v1/reports/indicators?provinceCode=79&period=${period}&groupBy=office`,
        observer,
      );
      return found.json.total?.digitised?.dossiers >= 1 ? found : undefined;
    }, 30_000);
    expect(report.json.groups.find((group: Json) => group.key === SAIGON)?.digitised).toEqual({
      dossiers: 1,
      documents: 1,
    });
    const csv = await fetch(
      `${runtime.url}/v1/reports/indicators?provinceCode=79&period=${period}&groupBy=office&format=csv`,
      { headers: { authorization: `Bearer ${observer}` } },
    );
    const text = await csv.text();
    expect(text).toContain('Hồ sơ được số hóa');
    expect(text).toContain('Phí, lệ phí đã nộp cơ quan (đồng)');
  });
});

describe('bad scans', () => {
  it('are refused with their own problem types, changing nothing', async () => {
    const code = await registered();
    expectProblem(
      await askUpload(code, staffSaigon, { contentType: 'image/png' }),
      415,
      'digitised-document-wrong-type',
    );
    expectProblem(
      await askUpload(code, staffSaigon, { sizeBytes: 10 * 1024 * 1024 + 1 }),
      413,
      'digitised-document-too-large',
    );
    expectProblem(
      await askUpload(code, staffSaigon, { documentName: 'Sổ hộ khẩu' }),
      422,
      'document-not-on-slip',
    );
    expect((await askUpload(code, staffDalat)).status).toBe(403);
    expect((await askUpload(code, agency)).status).toBe(403);

    // Past the policy (AWS's S3 refuses it; the local emulator takes it): the system reads the
    // stored object itself and refuses it all the same.
    const asked = await askUpload(code, staffSaigon);
    const oversized = new Uint8Array(10 * 1024 * 1024 + 1);
    oversized.set(PDF);
    expect(await sendToS3(asked.json.upload, oversized, 'application/pdf')).toBe(204);
    expectProblem(
      await attach(code, staffSaigon, asked.json.documentId, sha256(oversized)),
      413,
      'digitised-document-too-large',
    );
    const notSent = await askUpload(code, staffSaigon);
    expectProblem(
      await attach(code, staffSaigon, notSent.json.documentId, sha256(PDF)),
      409,
      'digitised-document-not-uploaded',
    );

    // A PNG sent as a PDF is found out by its first bytes.
    const disguised = await askUpload(code, staffSaigon);
    expect(await sendToS3(disguised.json.upload, PNG, 'application/pdf')).toBe(204);
    expectProblem(
      await attach(code, staffSaigon, disguised.json.documentId, sha256(PNG)),
      415,
      'digitised-document-wrong-type',
    );
    expect((await attach(code, staffDalat, disguised.json.documentId, sha256(PNG))).status).toBe(403);
    expect((await dossierOf(code)).digitisedDocuments).toBeUndefined();

    const good = await askUpload(code, staffSaigon);
    expect(await sendToS3(good.json.upload, PDF, 'application/pdf')).toBe(204);
    const cancelled = await call('POST', `/v1/dossiers/${code}/cancel`, agency, {
      reason: 'Công dân rút hồ sơ',
    });
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    expectProblem(
      await attach(code, staffSaigon, good.json.documentId, sha256(PDF)),
      409,
      'dossier-cancelled',
    );
    expectProblem(await askUpload(code, staffSaigon), 409, 'dossier-cancelled');
    expect((await dossierOf(code)).digitisedDocuments).toBeUndefined();
  });
});
