/**
 * Cash hand-ins (nộp tiền): a staff member's cash counted by the supervisor against what the
 * ledger says they hold, and the office's hand-ins of the month with each variance.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime, formatVnd, thisMonthInVietnam } from '../format.ts';
import { session } from '../session.ts';
import { Message, Table } from '../ui.tsx';

type Handin = Schemas['CashHandin'];

/** The office's hand-ins of the month from the API, a page at a time, newest first. */
function useMonthHandins(office: string, month: string, setProblem: (problem: string) => void) {
  const [rows, setRows] = useState<Handin[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const read = async (cursor: string | undefined, before: Handin[]) => {
    const { data, error, response } = await api.GET('/v1/finance/cash-handins', {
      params: { query: { postOfficeCode: office, month, ...(cursor ? { cursor } : {}) } },
    });
    if (!data) return setProblem(problemText(error, response.status));
    const known = new Set(before.map((row) => row.handinId));
    setRows([...before, ...data.handins.filter((row) => !known.has(row.handinId))]);
    setNext(data.next);
  };
  useEffect(() => void read(undefined, []), [office, month]);
  return {
    rows,
    hasMore: next !== undefined,
    more: () => read(next, rows),
    /** One just recorded goes first (the month's index may show it a moment later). */
    recorded: (handin: Handin) =>
      setRows((now) => [handin, ...now.filter((row) => row.handinId !== handin.handinId)]),
  };
}

function HandinTable(props: { office: string; month: string; handins: ReturnType<typeof useMonthHandins> }) {
  const { office, month, handins } = props;
  return (
    <>
      <Table
        caption={`Các lần nộp tiền tháng ${month.slice(5)}/${month.slice(0, 4)}`}
        download={`nop-tien-${office}-${month}`}
        rows={handins.rows}
        empty="Chưa có lần nộp tiền nào trong tháng"
        columns={[
          { label: 'Nhân viên', value: (row) => row.staffId },
          { label: 'Lúc', value: (row) => formatDateTime(row.at) },
          { label: 'Theo sổ', value: (row) => formatVnd(row.expected), numeric: true },
          { label: 'Đếm được', value: (row) => formatVnd(row.counted), numeric: true },
          { label: 'Chênh lệch', value: (row) => formatVnd(row.variance), numeric: true },
          { label: 'Người đếm', value: (row) => row.countedBy },
        ]}
      />
      {handins.hasMore && (
        <button type="button" class="secondary" onClick={() => void handins.more()}>
          Xem thêm
        </button>
      )}
    </>
  );
}

/** Cash a staff member hands in, counted by the supervisor: the ledger says what they held. */
export function CashHandin() {
  const office = session.value?.postOfficeCode ?? '';
  const [staffId, setStaffId] = useState('');
  const [amount, setAmount] = useState('');
  const [held, setHeld] = useState<{ staffId: string; balance: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const month = thisMonthInVietnam();
  const handins = useMonthHandins(office, month, setProblem);
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
    handins.recorded(data as Handin);
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
      <HandinTable office={office} month={month} handins={handins} />
    </section>
  );
}
