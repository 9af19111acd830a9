/**
 * Scans of a dossier's documents over in-memory ports: an upload is planned only for a
 * document the slip lists, a scan is attached only once the stored object's own SHA-256, size
 * and kind check out, and every refusal leaves the dossier as it was.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashStream } from '../../functions/adapters/s3/digitised-storage.ts';
import {
  attachDigitisedDocument,
  digitisedDownload,
  requestDigitisedUpload,
} from '../../functions/app/dossiers/digitised-documents.ts';
import {
  MemoryDigitisedStorage,
  MemoryDossiers,
  MemoryItems,
  MemoryS10Series,
} from '../../functions/app/dossiers/memory.ts';
import { registerDossier } from '../../functions/app/dossiers/register-dossier.ts';
import {
  DigitisedRefusal,
  digitisedKey,
  MAX_DIGITISED_BYTES,
  MAX_DIGITISED_PER_DOSSIER,
} from '../../functions/domain/digitised-documents.ts';
import { documentsContribution } from '../../functions/domain/indicators.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest } from '../support/http-event.ts';
import { placedReference } from '../support/memory-reference.ts';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const SLIP_DOCUMENT = 'Tờ khai đề nghị';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const anyone = () => undefined;
const STAFF = { subject: 'staff-hcm-1', postOfficeCode: 'BC-HCM-01' };

function memoryPorts() {
  const items = new MemoryItems();
  const reference = placedReference(NOW, AGENCY);
  return {
    items,
    dossiers: new MemoryDossiers(items),
    reference,
    s10: new MemoryS10Series(),
    storage: new MemoryDigitisedStorage(),
    idDigitsKey: async () => 'unit-test-id-digits-key-000000000000',
  };
}
type Ports = ReturnType<typeof memoryPorts>;

async function registered(ports: Ports): Promise<string> {
  const request = RegisterDossierSchema.parse(dossierRequest());
  const { dossier } = await registerDossier(ports, {
    request,
    registrant: { role: 'agency', agencyCode: AGENCY },
    contentHash: JSON.stringify(request),
    now: NOW,
  });
  return dossier.consignmentRef;
}

let uuidCounter = 0;
const nextUuid = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`;

const upload = (ports: Ports, ref: string, overrides: Record<string, unknown> = {}) =>
  requestDigitisedUpload(ports, {
    dossierRef: ref,
    mayAccess: anyone,
    documentName: SLIP_DOCUMENT,
    contentType: 'application/pdf',
    sizeBytes: PDF.byteLength,
    uuid: nextUuid(),
    ...overrides,
  });

const attach = (ports: Ports, ref: string, documentId: string, digest: string) =>
  attachDigitisedDocument(ports, {
    dossierRef: ref,
    mayAccess: anyone,
    documentId,
    documentName: SLIP_DOCUMENT,
    sha256: digest,
    capturedAt: 'counter',
    attachedBy: STAFF,
    now: NOW,
  });

/** Plans an upload and puts the bytes where S3 would: the key the plan named. */
async function uploaded(
  ports: Ports,
  ref: string,
  bytes: Uint8Array,
  contentType = 'application/pdf',
  declaredBytes = bytes.byteLength,
) {
  const planned = await upload(ports, ref, { contentType, sizeBytes: declaredBytes });
  ports.storage.objects.set(digitisedKey(ref, planned.documentId), bytes);
  return planned.documentId;
}

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DigitisedRefusal || error instanceof DomainRefusal) return error.kind;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('digitised documents', () => {
  let ports: Ports;
  let ref: string;
  beforeEach(async () => {
    ports = memoryPorts();
    ref = await registered(ports);
  });

  it("plans an upload under the dossier's prefix, bound to its type and the largest size", async () => {
    const planned = await upload(ports, ref);
    expect(planned.documentId).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    expect(ports.storage.uploads).toEqual([
      {
        key: `dossier-scans/${ref}/${planned.documentId}`,
        contentType: 'application/pdf',
        maxBytes: MAX_DIGITISED_BYTES,
      },
    ]);
    const jpeg = await upload(ports, ref, { contentType: 'image/jpeg' });
    expect(jpeg.documentId).toMatch(/\.jpg$/);
  });

  it('refuses an upload of the wrong type, too large, or of a document the slip does not list', async () => {
    expect(await refusalOf(upload(ports, ref, { contentType: 'image/png' }))).toBe(
      'digitised-document-wrong-type',
    );
    expect(await refusalOf(upload(ports, ref, { sizeBytes: MAX_DIGITISED_BYTES + 1 }))).toBe(
      'digitised-document-too-large',
    );
    expect(await refusalOf(upload(ports, ref, { documentName: 'Sổ hộ khẩu' }))).toBe('document-not-on-slip');
    expect(ports.storage.uploads).toEqual([]);
  });

  it('refuses another tenant as the dossier access says, before anything is planned', async () => {
    const foreign = () => {
      throw new DomainRefusal('forbidden', 'another office');
    };
    expect(await refusalOf(upload(ports, ref, { mayAccess: foreign }))).toBe('forbidden');
    expect(await refusalOf(upload(ports, 'PG0000000000ZZ'))).toBe('not-found');
    expect(ports.storage.uploads).toEqual([]);
  });

  it("attaches a scan with the stored object's own hash, once, announcing it with a link", async () => {
    const documentId = await uploaded(ports, ref, PDF);
    const outcome = await attach(ports, ref, documentId, sha256(PDF).toUpperCase());
    expect(outcome.attached).toBe(true);
    expect(outcome.document).toEqual({
      documentId,
      documentName: SLIP_DOCUMENT,
      contentType: 'application/pdf',
      sizeBytes: PDF.byteLength,
      sha256: sha256(PDF),
      capturedAt: 'counter',
      attachedAt: NOW.toISOString(),
      attachedBy: STAFF,
    });
    const events = ports.dossiers.events.get(ref) ?? [];
    const event = events.at(-1);
    expect(event?.type).toBe('dossier.documents-attached');
    expect(event?.data).toEqual({
      documents: [{ ...outcome.document, href: `/v1/dossiers/${ref}/digitised-documents/${documentId}` }],
      digitisedDocuments: 1,
      firstOfDossier: true,
    });

    const again = await attach(ports, ref, documentId, sha256(PDF));
    expect(again.attached).toBe(false);
    expect(ports.dossiers.events.get(ref)).toHaveLength(events.length);

    const second = await uploaded(ports, ref, JPEG, 'image/jpeg');
    await attach(ports, ref, second, sha256(JPEG));
    const dossier = ports.dossiers.dossiers.get(ref);
    expect(dossier?.digitisedDocuments?.map((one) => one.documentId)).toEqual([documentId, second]);
    expect(ports.dossiers.events.get(ref)?.at(-1)?.data).toMatchObject({
      digitisedDocuments: 2,
      firstOfDossier: false,
    });
  });

  it('refuses a hash that does not match, a missing object, a file of another kind or too large, changing nothing', async () => {
    const before = structuredClone(ports.dossiers.dossiers.get(ref));
    const mismatched = await uploaded(ports, ref, PDF);
    expect(await refusalOf(attach(ports, ref, mismatched, sha256(JPEG)))).toBe(
      'digitised-document-hash-mismatch',
    );
    const missing = (await upload(ports, ref)).documentId;
    expect(await refusalOf(attach(ports, ref, missing, sha256(PDF)))).toBe('digitised-document-not-uploaded');
    const disguised = await uploaded(ports, ref, JPEG);
    expect(await refusalOf(attach(ports, ref, disguised, sha256(JPEG)))).toBe(
      'digitised-document-wrong-type',
    );
    const huge = new Uint8Array(MAX_DIGITISED_BYTES + 1);
    huge.set(PDF);
    // Declared small, stored large: the attachment reads what is there.
    const large = await uploaded(ports, ref, huge, 'application/pdf', PDF.byteLength);
    expect(await refusalOf(attach(ports, ref, large, sha256(huge)))).toBe('digitised-document-too-large');
    expect(ports.dossiers.dossiers.get(ref)).toEqual(before);
    expect(ports.dossiers.events.get(ref)).toHaveLength(1);
  });

  it(`takes ${MAX_DIGITISED_PER_DOSSIER} scans a dossier at most, then refuses the upload and the attachment`, async () => {
    const extra = await uploaded(ports, ref, PDF);
    for (let index = 0; index < MAX_DIGITISED_PER_DOSSIER; index += 1) {
      await attach(ports, ref, await uploaded(ports, ref, PDF), sha256(PDF));
    }
    expect(ports.dossiers.dossiers.get(ref)?.digitisedDocuments).toHaveLength(MAX_DIGITISED_PER_DOSSIER);
    expect(await refusalOf(upload(ports, ref))).toBe('too-many-digitised-documents');
    expect(await refusalOf(attach(ports, ref, extra, sha256(PDF)))).toBe('too-many-digitised-documents');
    expect(ports.dossiers.dossiers.get(ref)?.digitisedDocuments).toHaveLength(MAX_DIGITISED_PER_DOSSIER);
  });

  it('refuses scans of a cancelled dossier', async () => {
    const documentId = await uploaded(ports, ref, PDF);
    const dossier = ports.dossiers.dossiers.get(ref);
    if (!dossier) throw new Error('registered');
    ports.dossiers.dossiers.set(ref, { ...dossier, status: 'cancelled' });
    expect(await refusalOf(upload(ports, ref))).toBe('dossier-cancelled');
    expect(await refusalOf(attach(ports, ref, documentId, sha256(PDF)))).toBe('dossier-cancelled');
    expect(ports.dossiers.dossiers.get(ref)?.digitisedDocuments).toBeUndefined();
  });

  it('downloads an attached scan only', async () => {
    const documentId = await uploaded(ports, ref, PDF);
    expect(
      await refusalOf(digitisedDownload(ports, { dossierRef: ref, mayAccess: anyone, documentId })),
    ).toBe('not-found');
    await attach(ports, ref, documentId, sha256(PDF));
    const download = await digitisedDownload(ports, { dossierRef: ref, mayAccess: anyone, documentId });
    expect(download.url).toContain(`dossier-scans/${ref}/${documentId}`);
    expect(download.document.sha256).toBe(sha256(PDF));
  });

  it('counts an attachment in the indicators on its day, the dossier once', async () => {
    const first = await uploaded(ports, ref, PDF);
    await attach(ports, ref, first, sha256(PDF));
    await attach(ports, ref, await uploaded(ports, ref, PDF), sha256(PDF));
    const dossier = ports.dossiers.dossiers.get(ref);
    if (!dossier) throw new Error('registered');
    const [, firstEvent, secondEvent] = ports.dossiers.events.get(ref) ?? [];
    if (!firstEvent || !secondEvent) throw new Error('two attachments');
    expect(documentsContribution(dossier, firstEvent)).toEqual({
      contributionId: `documents#${firstEvent.eventId}`,
      provinceCode: '79',
      day: '2026-11-20',
      keys: { office: 'BC-HCM-01', agency: AGENCY, commune: '26743' },
      counters: { digitisedDocuments: 1, digitisedDossiers: 1 },
    });
    expect(documentsContribution(dossier, secondEvent).counters).toEqual({
      digitisedDocuments: 1,
      digitisedDossiers: 0,
    });
  });
});

describe('hashStream', () => {
  const streamOf = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });

  it('hashes a stream in chunks as one, keeping its first bytes', async () => {
    const stored = await hashStream(streamOf([PDF.subarray(0, 3), PDF.subarray(3)]), 1000);
    expect(stored).toEqual({
      sizeBytes: PDF.byteLength,
      sha256: sha256(PDF),
      head: Uint8Array.from(PDF.subarray(0, 8)),
    });
  });

  it('stops past the largest size and says how far it read', async () => {
    const stored = await hashStream(
      streamOf([new Uint8Array(600), new Uint8Array(600), new Uint8Array(600)]),
      1000,
    );
    expect(stored.sizeBytes).toBe(1200);
    expect(stored.sha256).toBe('');
  });
});
