/** The receiving side of a handover record (biên bản giao nhận): the agency for dossiers, the post for results. */
import { useRef, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from './api/client.ts';
import { Message } from './ui.tsx';

type Notice = { tone: 'ok' | 'error'; text: string } | null;

const S10 = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

/** Opens a handover record and confirms it item by item, each code scanned into "Mã bưu gửi". */
export function ManifestConfirmation({ title }: { title: string }) {
  const [manifestId, setManifestId] = useState('');
  const [manifest, setManifest] = useState<Schemas['Manifest'] | null>(null);
  const [received, setReceived] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [signedBy, setSignedBy] = useState('');
  const [result, setResult] = useState<Schemas['ManifestConfirmation'] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const scanInput = useRef<HTMLInputElement>(null);

  const load = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    setResult(null);
    const { data, error, response } = await api.GET('/v1/manifests/{manifestId}', {
      params: { path: { manifestId: manifestId.trim() } },
    });
    setManifest(data ?? null);
    setReceived([]);
    if (!data) setNotice({ tone: 'error', text: problemText(error, response.status) });
    else setTimeout(() => scanInput.current?.focus(), 0);
  };
  const scan = (event: Event) => {
    event.preventDefault();
    const scanned = code.trim().toUpperCase();
    setCode('');
    if (!S10.test(scanned)) setNotice({ tone: 'error', text: `"${scanned}" không phải mã bưu gửi` });
    else if (!received.includes(scanned)) setReceived([...received, scanned]);
  };
  const confirm = async () => {
    if (!manifest) return;
    const { data, error, response } = await api.POST('/v1/manifests/{manifestId}/confirm', {
      params: { path: { manifestId: manifest.manifestId } },
      body: { itemCodesReceived: received, signedBy },
    });
    setResult(data ?? null);
    setNotice(
      data
        ? { tone: 'ok', text: 'Đã ký biên bản giao nhận' }
        : { tone: 'error', text: problemText(error, response.status) },
    );
  };

  return (
    <section aria-labelledby="handover-title">
      <h2 id="handover-title">{title}</h2>
      <form class="row" onSubmit={load}>
        <label>
          Số biên bản
          <input value={manifestId} required onInput={(event) => setManifestId(event.currentTarget.value)} />
        </label>
        <button type="submit">Mở biên bản</button>
      </form>
      {manifest && (
        <div class="card stack">
          <p>
            {manifest.kind === 'handover-to-agency' ? 'Bưu điện giao hồ sơ' : 'Bưu điện nhận kết quả'} ·{' '}
            {manifest.postOfficeCode} · {manifest.itemCodes.length} bưu gửi ·{' '}
            {manifest.status === 'confirmed' ? 'đã ký' : 'chưa ký'}
          </p>
          <form class="row" onSubmit={scan}>
            <label class="big">
              Mã bưu gửi
              <input
                ref={scanInput}
                value={code}
                autoComplete="off"
                onInput={(event) => setCode(event.currentTarget.value)}
              />
            </label>
            <button type="submit">Thêm</button>
          </form>
          <ul aria-label="Danh sách bưu gửi">
            {manifest.itemCodes.map((item) => (
              <li key={item}>
                <span class="code">{item}</span>: {received.includes(item) ? 'Đã nhận' : 'Chưa quét'}
              </li>
            ))}
            {received
              .filter((item) => !manifest.itemCodes.includes(item))
              .map((item) => (
                <li key={item}>
                  <span class="code">{item}</span>: Không có trong biên bản
                </li>
              ))}
          </ul>
          <div class="row">
            <label>
              Người ký nhận
              <input value={signedBy} required onInput={(event) => setSignedBy(event.currentTarget.value)} />
            </label>
            <button
              type="button"
              onClick={confirm}
              disabled={signedBy.trim() === '' || manifest.status === 'confirmed'}
            >
              Ký biên bản
            </button>
          </div>
        </div>
      )}
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
      {result && (
        <p data-testid="handover-result">
          Đã nhận {result.received.length} · Thiếu {result.missing.length}
          {result.missing.length > 0 && ` (${result.missing.join(', ')})`} · Ngoài biên bản{' '}
          {result.unexpected.length}
        </p>
      )}
    </section>
  );
}
