/**
 * The office supervisor (trưởng bưu cục): the anomalies queue, today's tasks given to staff,
 * staff cash hand-ins counted against the ledger, and the office's late items. Each section
 * reads the API with the signed-in token; what a token may not do is refused by the API and
 * said on the page.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDate, formatDateTime, formatVnd, todayInVietnam } from '../format.ts';
import { session } from '../session.ts';
import { Anomalies } from '../supervisor/anomalies.tsx';
import { Assignments } from '../supervisor/assignments.tsx';
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

/** Cash a staff member hands in, counted by the supervisor: the ledger says what they held. */
function CashHandin() {
  const office = session.value?.postOfficeCode ?? '';
  const [staffId, setStaffId] = useState('');
  const [amount, setAmount] = useState('');
  const [held, setHeld] = useState<{ staffId: string; balance: number } | null>(null);
  const [made, setMade] = useState<Schemas['CashHandin'][]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const lookUp = async () => {
    setProblem(null);
    const who = staffId.trim();
    const { data, error, response } = await api.GET('/v1/finance/accounts/{account}', {
      params: { path: { account: `staff-cash:${office}:${who}` } },
    });
    if (data) setHeld({ staffId: who, balance: data.balance });
    else
      setProblem(
        response.status === 404
          ? `Nhân viên ${who} chưa thu tiền mặt nào tại ${office}`
          : problemText(error, response.status),
      );
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const { data, error, response } = await api.POST('/v1/finance/cash-handins', {
      body: {
        staffId: staffId.trim(),
        postOfficeCode: office,
        amount: Number(amount.replace(/\D/g, '')),
        countedBy: session.value?.subject ?? '',
      },
    });
    if (!data) return setProblem(problemText(error, response.status));
    setMade([data as Schemas['CashHandin'], ...made]);
    setHeld(null);
    setAmount('');
  };
  return (
    <section aria-labelledby="handin-title">
      <h2 id="handin-title">Nộp tiền của nhân viên</h2>
      <form class="row" onSubmit={submit}>
        <label>
          Mã nhân viên
          <input value={staffId} required onInput={(event) => setStaffId(event.currentTarget.value)} />
        </label>
        <button
          type="button"
          class="secondary"
          disabled={staffId.trim() === ''}
          onClick={() => void lookUp()}
        >
          Xem số tiền đang giữ
        </button>
        <label>
          Số tiền đếm được (đồng)
          <input
            inputMode="numeric"
            value={amount}
            required
            onInput={(event) => setAmount(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Ghi nhận</button>
      </form>
      {held && (
        <Message tone="info">
          Theo sổ, {held.staffId} đang giữ {formatVnd(held.balance)}
        </Message>
      )}
      {problem && <Message tone="error">{problem}</Message>}
      {made.length > 0 && (
        <Table
          caption="Các lần nộp tiền vừa ghi nhận"
          download={`nop-tien-${office}-${todayInVietnam()}`}
          rows={made}
          columns={[
            { label: 'Nhân viên', value: (row) => row.staffId },
            { label: 'Lúc', value: (row) => formatDateTime(row.at) },
            { label: 'Theo sổ', value: (row) => formatVnd(row.expected), numeric: true },
            { label: 'Đếm được', value: (row) => formatVnd(row.counted), numeric: true },
            { label: 'Chênh lệch', value: (row) => formatVnd(row.variance), numeric: true },
            { label: 'Người đếm', value: (row) => row.countedBy },
          ]}
        />
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
