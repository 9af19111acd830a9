/**
 * The office supervisor (trưởng bưu cục): the anomalies queue, today's tasks given to staff,
 * staff cash hand-ins counted against the ledger, and the office's late items. Each section
 * reads the API with the signed-in token; what a token may not do is refused by the API and
 * said on the page.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDate, formatDateTime, todayInVietnam } from '../format.ts';
import { session } from '../session.ts';
import { Anomalies } from '../supervisor/anomalies.tsx';
import { Assignments } from '../supervisor/assignments.tsx';
import { CashHandin } from '../supervisor/handins.tsx';
import { TASK_KIND } from '../supervisor/words.ts';
import { Message, Table, useTitle } from '../ui.tsx';
import { ROLE } from '../words.ts';

type Entry = Schemas['Worklist']['entries'][number];

/** The tasks past their due time (pickup deadline or transit standard), whatever day they fell due. */
function LateItems() {
  const office = session.value?.postOfficeCode ?? '';
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const read = async (cursor: string | null, before: Entry[]) => {
    const { data, error, response } = await api.GET('/v1/worklist', {
      params: { query: { postOfficeCode: office, late: 'true', ...(cursor ? { cursor } : {}) } },
    });
    if (!data) return setProblem(problemText(error, response.status));
    setProblem(null);
    setEntries([...before, ...data.entries]);
    setNext(data.nextCursor);
  };
  useEffect(() => void read(null, []), [office]);
  const today = todayInVietnam();
  return (
    <section aria-labelledby="late-title">
      <h2 id="late-title">Bưu gửi trễ hạn</h2>
      {problem && <Message tone="error">{problem}</Message>}
      <Table
        caption={`Trễ hạn: ${entries.length}${next ? '+' : ''} việc`}
        download={`tre-han-${office}-${today}`}
        rows={entries}
        empty="Không có bưu gửi trễ hạn"
        columns={[
          { label: 'Mã bưu gửi', value: (entry) => entry.itemCode },
          { label: 'Hồ sơ', value: (entry) => entry.dossierRef },
          { label: 'Việc', value: (entry) => TASK_KIND[entry.kind] ?? entry.kind },
          { label: 'Hạn theo chỉ tiêu', value: (entry) => formatDateTime(entry.dueAt) },
          {
            label: 'Ngày hẹn trả',
            value: (entry) =>
              entry.promisedDate
                ? `${formatDate(`${entry.promisedDate}T12:00:00+07:00`)}${entry.promisedDate < today ? ' (đã quá hẹn)' : ''}`
                : '—',
          },
          { label: 'Người nhận/gửi', value: (entry) => entry.addressee.name },
          { label: 'Người làm', value: (entry) => entry.assignedStaffId ?? 'Chưa giao' },
          { label: 'Lần phát không thành công', value: (entry) => entry.failedAttempts, numeric: true },
        ]}
      />
      {next && (
        <button type="button" class="secondary" onClick={() => void read(next, entries)}>
          Xem thêm
        </button>
      )}
    </section>
  );
}

export default function SupervisorPage() {
  useTitle('Trưởng bưu cục');
  const current = session.value;
  const supervises = current?.role === 'postal-supervisor' || current?.role === 'admin';
  return (
    <div class="page">
      <h1>Trưởng bưu cục{current?.postOfficeCode ? ` · ${current.postOfficeCode}` : ''}</h1>
      {!supervises && (
        <Message tone="error">
          Trang này dành cho trưởng bưu cục. Bạn đăng nhập với vai trò{' '}
          {ROLE[current?.role ?? ''] ?? current?.role}: hệ thống sẽ từ chối các thao tác xử lý bất thường,
          giao việc và nhận tiền.
        </Message>
      )}
      <Anomalies />
      <Assignments />
      <CashHandin />
      <LateItems />
    </div>
  );
}
