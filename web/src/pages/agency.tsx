/**
 * The agency's page (cơ quan, bộ phận một cửa): a dossier's decisions (accept with the code the
 * agency assigns, refuse with a reason, result ready), handover records confirmed item by item
 * by scanning each code into the same "Mã bưu gửi" input, and the callback subscriptions with
 * their replay.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime } from '../format.ts';
import { Message, Table, useTitle } from '../ui.tsx';
import { DOSSIER_STATUS, ITEM_STATUS } from '../words.ts';

type Notice = { tone: 'ok' | 'error'; text: string } | null;

function DossierDecisions() {
  const [ref, setRef] = useState('');
  const [found, setFound] = useState<Schemas['DossierView'] | null>(null);
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const path = { dossierRef: found?.dossier.dossierCode ?? found?.dossier.consignmentRef ?? ref.trim() };

  const load = async (dossierRef = ref.trim()) => {
    const { data, error, response } = await api.GET('/v1/dossiers/{dossierRef}', {
      params: { path: { dossierRef } },
    });
    setFound(data ?? null);
    if (!data)
      setNotice({
        tone: 'error',
        text: response.status === 404 ? 'Không tìm thấy hồ sơ' : problemText(error, response.status),
      });
  };
  const act = async (call: () => Promise<{ error?: unknown; response: Response }>, done: string) => {
    const { error, response } = await call();
    setNotice(
      response.ok ? { tone: 'ok', text: done } : { tone: 'error', text: problemText(error, response.status) },
    );
    if (response.ok) await load(code.trim() || path.dossierRef);
  };
  const accept = () =>
    act(
      () =>
        api.POST('/v1/dossiers/{dossierRef}/agency-decision', {
          params: { path },
          body: { decision: 'accepted', ...(code.trim() ? { dossierCode: code.trim() } : {}) },
        }),
      'Đã tiếp nhận hồ sơ',
    );
  const refuse = () =>
    act(
      () =>
        api.POST('/v1/dossiers/{dossierRef}/agency-decision', {
          params: { path },
          body: { decision: 'refused', reason },
        }),
      'Đã từ chối hồ sơ',
    );
  const ready = () =>
    act(
      () => api.POST('/v1/dossiers/{dossierRef}/result-ready', { params: { path }, body: {} }),
      'Đã báo có kết quả',
    );

  return (
    <section aria-labelledby="dossier-title">
      <h2 id="dossier-title">Hồ sơ</h2>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          setNotice(null);
          void load();
        }}
      >
        <label>
          Mã hồ sơ hoặc mã phiếu gửi (PG…)
          <input value={ref} required onInput={(event) => setRef(event.currentTarget.value)} />
        </label>
        <button type="submit">Mở</button>
      </form>
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
      {found && (
        <div class="card stack">
          <h3>
            {found.dossier.dossierCode ?? found.dossier.consignmentRef}:{' '}
            <span data-testid="dossier-status">{DOSSIER_STATUS[found.dossier.status]}</span>
          </h3>
          <p>
            {found.dossier.procedure.name} · {found.dossier.applicant.fullName} · nộp lúc{' '}
            {formatDateTime(found.dossier.submittedAt)}
          </p>
          <ul>
            {found.items.map((item) => (
              <li key={item.itemCode}>
                {item.itemCode}: {ITEM_STATUS[item.status] ?? item.status}
              </li>
            ))}
          </ul>
          <div class="row">
            <label>
              Mã hồ sơ cơ quan cấp
              <input
                value={code}
                onInput={(event) => setCode(event.currentTarget.value)}
                placeholder="000.00.06.H26-261120-0001"
              />
            </label>
            <button type="button" onClick={accept}>
              Tiếp nhận
            </button>
          </div>
          <div class="row">
            <label>
              Lý do từ chối
              <input value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
            </label>
            <button type="button" class="secondary" onClick={refuse} disabled={reason.trim() === ''}>
              Từ chối
            </button>
          </div>
          <button type="button" onClick={ready}>
            Đã có kết quả
          </button>
        </div>
      )}
    </section>
  );
}

const S10 = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

function HandoverConfirmation() {
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
      <h2 id="handover-title">Xác nhận biên bản giao nhận</h2>
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

function Webhooks() {
  const [hooks, setHooks] = useState<Schemas['Webhook'][]>([]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('dossier.*, item.*');
  const [since, setSince] = useState(() => new Date(Date.now() - 86_400_000).toISOString().slice(0, 16));
  const [notice, setNotice] = useState<Notice>(null);
  const reload = async () => {
    const { data } = await api.GET('/v1/webhooks');
    if (data) setHooks(data.webhooks);
  };
  useEffect(() => void reload(), []);

  const subscribe = async (event: Event) => {
    event.preventDefault();
    const list = events.split(/[\s,]+/).filter((entry) => entry !== '');
    const { data, error, response } = await api.POST('/v1/webhooks', { body: { url, events: list } });
    setNotice(
      data
        ? { tone: 'ok', text: `Đã đăng ký. Khóa ký (chỉ hiện một lần): ${data.secret}` }
        : { tone: 'error', text: problemText(error, response.status) },
    );
    await reload();
  };
  const replay = async (webhookId: string) => {
    const { data, error, response } = await api.POST('/v1/webhooks/{webhookId}/replay', {
      params: { path: { webhookId } },
      body: { since: new Date(since).toISOString() },
    });
    setNotice(
      data
        ? { tone: 'ok', text: `Đã gửi lại ${data.replayed} sự kiện` }
        : { tone: 'error', text: problemText(error, response.status) },
    );
  };
  const remove = async (webhookId: string) => {
    await api.DELETE('/v1/webhooks/{webhookId}', { params: { path: { webhookId } } });
    await reload();
  };

  return (
    <section aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Gọi lại (webhook)</h2>
      <Table
        caption="Các địa chỉ nhận sự kiện"
        download="webhooks"
        rows={hooks}
        columns={[
          { label: 'Địa chỉ', value: (hook) => hook.url },
          { label: 'Sự kiện', value: (hook) => hook.events.join(', ') },
          { label: 'Trạng thái', value: (hook) => (hook.status === 'active' ? 'Đang hoạt động' : 'Đã tắt') },
          { label: 'Lỗi liên tiếp', value: (hook) => hook.consecutiveFailures, numeric: true },
          {
            label: 'Thao tác',
            value: () => '',
            render: (hook) => (
              <>
                <button type="button" class="link" onClick={() => void replay(hook.id)}>
                  Gửi lại
                </button>
                <button type="button" class="link" onClick={() => void remove(hook.id)}>
                  Xóa
                </button>
              </>
            ),
          },
        ]}
      />
      <label>
        Gửi lại các sự kiện từ
        <input type="datetime-local" value={since} onInput={(event) => setSince(event.currentTarget.value)} />
      </label>
      <form class="row" onSubmit={subscribe}>
        <label>
          Địa chỉ (URL)
          <input type="url" value={url} required onInput={(event) => setUrl(event.currentTarget.value)} />
        </label>
        <label>
          Sự kiện
          <input value={events} onInput={(event) => setEvents(event.currentTarget.value)} />
        </label>
        <button type="submit">Đăng ký</button>
      </form>
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
    </section>
  );
}

export default function AgencyPage() {
  useTitle('Cơ quan');
  return (
    <div class="page">
      <h1>Cơ quan giải quyết</h1>
      <DossierDecisions />
      <HandoverConfirmation />
      <Webhooks />
    </div>
  );
}
