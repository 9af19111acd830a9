/**
 * The agency's page (cơ quan, bộ phận một cửa): a dossier's decisions (accept with the code the
 * agency assigns, refuse with a reason, result ready), handover records confirmed item by item
 * by scanning each code into the same "Mã bưu gửi" input, the agency's dossiers by status and
 * registration date, and the callback subscriptions with their recent deliveries and replay.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime, todayInVietnam } from '../format.ts';
import { ManifestConfirmation } from '../manifest-confirmation.tsx';
import { MoreButton, usePagedList } from '../paged-list.tsx';
import { session } from '../session.ts';
import { Message, Table, useTitle } from '../ui.tsx';
import { DOSSIER_STATUS, ITEM_STATUS } from '../words.ts';

type Notice = { tone: 'ok' | 'error'; text: string } | null;
type Summary = Schemas['DossierSummary'];
type DeliveryRow = Schemas['DeliverySummary'];

const daysBefore = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

const DELIVERY_STATUS: Record<DeliveryRow['status'], string> = {
  pending: 'Đang chờ gửi',
  delivered: 'Đã gửi được',
  dead: 'Gửi thất bại',
};

function AgencyDossiers() {
  const agencyCode = session.value?.agencyCode ?? '';
  const [status, setStatus] = useState('');
  const [to, setTo] = useState(todayInVietnam);
  const [from, setFrom] = useState(() => daysBefore(todayInVietnam(), 6));
  const list = usePagedList<Summary>(async (cursor) => {
    const answer = await api.GET('/v1/agencies/{agencyCode}/dossiers', {
      params: {
        path: { agencyCode },
        query: {
          from,
          to,
          ...(status ? { status: status as Schemas['Dossier']['status'] } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    });
    return { ...answer, rows: answer.data?.dossiers };
  });
  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">Hồ sơ theo trạng thái và ngày</h2>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          void list.start();
        }}
      >
        <label>
          Trạng thái
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
            <option value="">Tất cả</option>
            {Object.entries(DOSSIER_STATUS).map(([code, words]) => (
              <option key={code} value={code}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <label>
          Từ ngày
          <input type="date" value={from} required onInput={(event) => setFrom(event.currentTarget.value)} />
        </label>
        <label>
          Đến ngày
          <input type="date" value={to} required onInput={(event) => setTo(event.currentTarget.value)} />
        </label>
        <button type="submit">Xem</button>
      </form>
      {list.problem && <Message tone="error">{list.problem}</Message>}
      {list.loaded && (
        <Table
          caption="Hồ sơ đăng ký trong khoảng ngày"
          download={`ho-so-${agencyCode}-${from}-${to}`}
          rows={list.rows}
          columns={[
            { label: 'Mã hồ sơ', value: (row) => row.dossierCode ?? row.consignmentRef },
            { label: 'Thủ tục', value: (row) => row.procedureName },
            { label: 'Người nộp', value: (row) => row.applicantName },
            { label: 'Trạng thái', value: (row) => DOSSIER_STATUS[row.status] ?? row.status },
            { label: 'Đăng ký lúc', value: (row) => formatDateTime(row.registeredAt) },
            { label: 'Nộp lúc', value: (row) => formatDateTime(row.submittedAt) },
          ]}
        />
      )}
      <MoreButton list={list} />
    </section>
  );
}

/**
 * A subscription's deliveries of the last 7 days, newest first. Each press of "Các lần gửi"
 * (`readAt`) reads them again while the rows already shown stay until the answer replaces them.
 */
function Deliveries({ webhookId, readAt }: { webhookId: string; readAt: number }) {
  const [notice, setNotice] = useState<Notice>(null);
  const list = usePagedList<DeliveryRow>(async (cursor) => {
    const answer = await api.GET('/v1/webhooks/{webhookId}/deliveries', {
      params: { path: { webhookId }, query: { days: 7, ...(cursor ? { cursor } : {}) } },
    });
    return { ...answer, rows: answer.data?.deliveries };
  });
  useEffect(() => void list.start(), [webhookId, readAt]);
  const replay = async (eventId: string) => {
    const { data, error, response } = await api.POST('/v1/webhooks/{webhookId}/deliveries/{eventId}/replay', {
      params: { path: { webhookId, eventId } },
    });
    setNotice(
      data
        ? { tone: 'ok', text: `Đã xếp gửi lại sự kiện ${data.eventId}` }
        : { tone: 'error', text: problemText(error, response.status) },
    );
    if (data) await list.start();
  };
  return (
    <div class="stack">
      {list.problem && <Message tone="error">{list.problem}</Message>}
      <Table
        caption="Các lần gửi trong 7 ngày"
        download={`lan-gui-${webhookId}`}
        rows={list.rows}
        columns={[
          { label: 'Sự kiện', value: (row) => row.eventType },
          { label: 'Mã sự kiện', value: (row) => row.eventId },
          { label: 'Lúc xảy ra', value: (row) => formatDateTime(row.occurredAt) },
          { label: 'Kết quả', value: (row) => DELIVERY_STATUS[row.status] },
          { label: 'Số lần thử', value: (row) => row.attempts, numeric: true },
          { label: 'Lần cuối', value: (row) => row.lastResult ?? '' },
          {
            label: 'Thao tác',
            value: () => '',
            render: (row) => (
              <button type="button" class="link" onClick={() => void replay(row.eventId)}>
                Gửi lại sự kiện này
              </button>
            ),
          },
        ]}
      />
      <MoreButton list={list} />
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
    </div>
  );
}

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
    // Read back by the post's reference, which never changes (the dossier code may have just been given).
    if (response.ok) await load(found?.dossier.consignmentRef ?? path.dossierRef);
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

function Webhooks() {
  const [hooks, setHooks] = useState<Schemas['Webhook'][]>([]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('dossier.*, item.*');
  const [since, setSince] = useState(() => new Date(Date.now() - 86_400_000).toISOString().slice(0, 16));
  const [notice, setNotice] = useState<Notice>(null);
  // Each press reads the deliveries afresh.
  const [shown, setShown] = useState<{ webhookId: string; readAt: number } | null>(null);
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
                <button
                  type="button"
                  class="link"
                  onClick={() => setShown({ webhookId: hook.id, readAt: Date.now() })}
                >
                  Các lần gửi
                </button>
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
      {shown && <Deliveries key={shown.webhookId} webhookId={shown.webhookId} readAt={shown.readAt} />}
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
      <AgencyDossiers />
      <ManifestConfirmation title="Xác nhận biên bản giao nhận hồ sơ" />
      <Webhooks />
    </div>
  );
}
