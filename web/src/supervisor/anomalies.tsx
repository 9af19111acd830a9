/**
 * The office's anomalies (bất thường): scans the item's journey did not allow where they fell,
 * each kept aside until a supervisor applies it (the scan counts) or dismisses it (it does not),
 * with a note; a resolved one says who, when and why.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime } from '../format.ts';
import { session } from '../session.ts';
import { Message } from '../ui.tsx';
import { ROLE, SCAN_TYPE } from '../words.ts';
import { ANOMALY_REASON } from './words.ts';

type Anomaly = Schemas['Anomaly'];
type Status = Anomaly['status'];
type Notice = { tone: 'ok' | 'error'; text: string } | null;

const STATUS_WORDS: Record<Status, string> = {
  open: 'Đang chờ xử lý',
  applied: 'Đã áp dụng',
  dismissed: 'Đã bỏ qua',
};

/** A refusal in words: who may do this, then what the API said. */
function refusalText(error: unknown, status: number): string {
  const text = problemText(error, status);
  return status === 403 ? `Chỉ trưởng bưu cục của bưu cục này mới xử lý được bất thường. ${text}` : text;
}

function Resolution({ anomaly }: { anomaly: Anomaly }) {
  const done = anomaly.resolution;
  if (!done) return null;
  const who = `${done.resolvedBy.subject} (${ROLE[done.resolvedBy.role] ?? done.resolvedBy.role})`;
  return (
    <p class="resolution">
      {done.action === 'apply' ? 'Đã áp dụng' : 'Đã bỏ qua'} bởi {who} lúc {formatDateTime(done.resolvedAt)}.
      Lý do: {done.note}
    </p>
  );
}

function AnomalyCard({ anomaly, onResolved }: { anomaly: Anomaly; onResolved: (next: Anomaly) => void }) {
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const resolve = async (action: 'apply' | 'dismiss') => {
    setNotice(null);
    const { data, error, response } = await api.POST('/v1/anomalies/{anomalyId}/resolve', {
      params: { path: { anomalyId: anomaly.anomalyId } },
      body: { action, note: note.trim() },
    });
    if (data) onResolved(data.anomaly);
    else setNotice({ tone: 'error', text: refusalText(error, response.status) });
  };
  return (
    <li class="card stack" aria-label={`Bất thường của bưu gửi ${anomaly.itemCode}`}>
      <p>
        <span class="code">{anomaly.itemCode}</span> · Hồ sơ {anomaly.dossierCode ?? anomaly.consignmentRef}
      </p>
      <p>
        <strong>{ANOMALY_REASON[anomaly.reason] ?? anomaly.reason}</strong>
      </p>
      <p>
        Lần quét: {SCAN_TYPE[anomaly.factType] ?? anomaly.factType} lúc {formatDateTime(anomaly.occurredAt)}{' '}
        tại {anomaly.scannedAt} · {STATUS_WORDS[anomaly.status]}
      </p>
      <Resolution anomaly={anomaly} />
      {anomaly.status === 'open' && (
        <form class="row" onSubmit={(event) => event.preventDefault()}>
          <label>
            Ghi chú xử lý
            <input
              value={note}
              maxLength={500}
              required
              aria-label={`Ghi chú xử lý bưu gửi ${anomaly.itemCode}`}
              onInput={(event) => setNote(event.currentTarget.value)}
            />
          </label>
          <button type="button" disabled={note.trim() === ''} onClick={() => void resolve('apply')}>
            Áp dụng
          </button>
          <button
            type="button"
            class="secondary"
            disabled={note.trim() === ''}
            onClick={() => void resolve('dismiss')}
          >
            Bỏ qua
          </button>
        </form>
      )}
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
    </li>
  );
}

export function Anomalies() {
  const office = session.value?.postOfficeCode ?? '';
  const [status, setStatus] = useState<Status>('open');
  const [anomalies, setAnomalies] = useState<Anomaly[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [shownAt, setShownAt] = useState(0);
  useEffect(() => {
    setProblem(null);
    void api
      .GET('/v1/anomalies', { params: { query: { postOfficeCode: office, status, limit: 100 } } })
      .then(({ data, error, response }) => {
        setAnomalies(data?.anomalies ?? null);
        if (!data) setProblem(refusalText(error, response.status));
      });
  }, [office, status, shownAt]);
  const resolved = (next: Anomaly) =>
    setAnomalies((current) => (current ?? []).map((row) => (row.anomalyId === next.anomalyId ? next : row)));
  return (
    <section aria-labelledby="anomalies-title">
      <h2 id="anomalies-title">Bất thường cần xử lý</h2>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          setShownAt(Date.now());
        }}
      >
        <label>
          Trạng thái
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value as Status)}>
            {Object.entries(STATUS_WORDS).map(([code, words]) => (
              <option key={code} value={code}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">
          Tải lại
        </button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {anomalies && anomalies.length === 0 && (
        <p>Không có bất thường nào {STATUS_WORDS[status].toLowerCase()}.</p>
      )}
      {anomalies && anomalies.length > 0 && (
        <ul class="cards wide" aria-label="Danh sách bất thường">
          {anomalies.map((anomaly) => (
            <AnomalyCard key={anomaly.anomalyId} anomaly={anomaly} onResolved={resolved} />
          ))}
        </ul>
      )}
    </section>
  );
}
