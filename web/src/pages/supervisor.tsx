/**
 * The office supervisor (trưởng bưu cục): the office's late items from today's worklist, and
 * staff cash hand-ins counted against the ledger. The anomalies queue and task assignment need
 * routes the API does not have yet.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime, formatVnd, todayInVietnam } from '../format.ts';
import { session } from '../session.ts';
import { Message, Table, useTitle } from '../ui.tsx';

type Entry = Schemas['Worklist']['entries'][number];

function LateItems() {
  const current = session.value!;
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void api
      .GET('/v1/worklist', {
        params: { query: { date: todayInVietnam(), postOfficeCode: current.postOfficeCode ?? '' } },
      })
      .then(({ data, error, response }) =>
        data ? setEntries(data.entries) : setProblem(problemText(error, response.status)),
      );
  }, [current.postOfficeCode]);
  const late = (entries ?? []).filter((entry) => entry.late);
  return (
    <section aria-labelledby="late-title">
      <h2 id="late-title">Bưu gửi trễ hạn</h2>
      {problem && <Message tone="error">{problem}</Message>}
      <Table
        caption={`Trễ hạn: ${late.length} / ${entries?.length ?? 0} việc hôm nay`}
        download={`tre-han-${todayInVietnam()}`}
        rows={late}
        empty="Không có bưu gửi trễ hạn"
        columns={[
          { label: 'Mã bưu gửi', value: (entry) => entry.itemCode },
          { label: 'Việc', value: (entry) => (entry.kind === 'pickup' ? 'Nhận hồ sơ' : 'Phát kết quả') },
          { label: 'Hạn', value: (entry) => formatDateTime(entry.dueAt) },
          { label: 'Người nhận/gửi', value: (entry) => entry.addressee.name },
          { label: 'Lần phát không thành công', value: (entry) => entry.failedAttempts, numeric: true },
        ]}
      />
    </section>
  );
}

function CashHandin() {
  const current = session.value!;
  const [staffId, setStaffId] = useState('');
  const [amount, setAmount] = useState('');
  const [made, setMade] = useState<Schemas['CashHandin'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const { data, error, response } = await api.POST('/v1/finance/cash-handins', {
      body: {
        staffId,
        postOfficeCode: current.postOfficeCode ?? '',
        amount: Number(amount.replace(/\D/g, '')),
        countedBy: current.subject,
      },
    });
    setMade((data as Schemas['CashHandin'] | undefined) ?? null);
    if (!data) setProblem(problemText(error, response.status));
  };
  return (
    <section aria-labelledby="handin-title">
      <h2 id="handin-title">Nộp tiền của nhân viên</h2>
      <form class="row" onSubmit={submit}>
        <label>
          Mã nhân viên
          <input value={staffId} required onInput={(event) => setStaffId(event.currentTarget.value)} />
        </label>
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
      {problem && <Message tone="error">{problem}</Message>}
      {made && (
        <Message tone={made.variance === 0 ? 'ok' : 'error'}>
          Theo sổ: {formatVnd(made.expected)} · Đếm được: {formatVnd(made.counted)} · Chênh lệch:{' '}
          {formatVnd(made.variance)}
        </Message>
      )}
    </section>
  );
}

export default function SupervisorPage() {
  useTitle('Trưởng bưu cục');
  return (
    <div class="page">
      <h1>Trưởng bưu cục</h1>
      <LateItems />
      <CashHandin />
    </div>
  );
}
