/**
 * Finance (kế toán): the month's statement of an agency with its charts (collections by day and
 * method, the on-time rate, the fees still to remit: finance-charts.tsx), downloadable as CSV,
 * XLSX or PDF; remittances; a bank statement upload with each line's match; the receipts search
 * (by number, dossier or an agency's days) and a receipt's void with a reason. Every table
 * downloads as CSV.
 */
import { useState } from 'preact/hooks';
import { AMOUNT_TEXT, DISCREPANCY_KIND_TEXT } from '../../../functions/documents/finance-text.ts';
import { AgencySelect, useAgencies } from '../agencies.tsx';
import { api, downloadFile, problemText, type Schemas } from '../api/client.ts';
import { BarChart } from '../chart.tsx';
import { StatementCharts } from '../finance-charts.tsx';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatVnd,
  thisMonthInVietnam,
  todayInVietnam,
} from '../format.ts';
import { MoreButton, usePagedList } from '../paged-list.tsx';
import { Message, Table, useTitle } from '../ui.tsx';
import { DOSSIER_STATUS } from '../words.ts';

type Notice = { tone: 'ok' | 'error'; text: string } | null;
type Statement = Schemas['MonthlyStatement'];

function StatementView({ statement }: { statement: Statement }) {
  const amounts = statement.amounts;
  const bars = [
    { label: 'Phải thu', value: amounts.expected ?? 0 },
    { label: 'Tiền mặt', value: amounts.collectedCash ?? 0 },
    { label: 'VietQR', value: amounts.collectedVietqr ?? 0 },
    { label: 'Đã chuyển', value: amounts.remitted ?? 0 },
    { label: 'NH xác nhận', value: amounts.bankConfirmed ?? 0 },
  ];
  return (
    <div data-testid="statement">
      <p>
        {statement.agencyName} · kỳ {statement.period} · lập lúc {formatDateTime(statement.generatedAt)} ·
        đúng hạn: <strong>{formatPercent(statement.onTimeRate)}</strong>
      </p>
      <StatementCharts statement={statement} />
      <BarChart title="Số tiền trong kỳ" bars={bars} />
      <Table
        caption="Hồ sơ theo trạng thái"
        download={`ho-so-${statement.agencyCode}-${statement.period}`}
        rows={Object.entries(statement.dossiers)}
        columns={[
          { label: 'Trạng thái', value: ([status]) => DOSSIER_STATUS[status] ?? status },
          {
            label: 'Số hồ sơ',
            value: ([, count]) => count,
            render: ([, count]) => formatNumber(count),
            numeric: true,
          },
        ]}
      />
      <Table
        caption="Số tiền"
        download={`so-tien-${statement.agencyCode}-${statement.period}`}
        rows={Object.entries(amounts)}
        columns={[
          { label: 'Khoản', value: ([name]) => AMOUNT_NAMES[name] ?? name },
          {
            label: 'Số tiền (đồng)',
            value: ([, amount]) => amount,
            render: ([, amount]) => formatVnd(amount),
            numeric: true,
          },
        ]}
      />
      <Table
        caption="Chuyển tiền cho cơ quan"
        download={`chuyen-tien-${statement.agencyCode}-${statement.period}`}
        rows={statement.remittances}
        columns={REMITTANCE_COLUMNS}
      />
      <Table
        caption="Chênh lệch"
        download={`chenh-lech-${statement.agencyCode}-${statement.period}`}
        rows={statement.discrepancies}
        empty="Không có chênh lệch"
        columns={[
          { label: 'Loại', value: (row) => DISCREPANCY_NAMES[row.kind] ?? row.kind },
          { label: 'Đối tượng', value: (row) => row.subject },
          {
            label: 'Chênh lệch',
            value: (row) => row.difference,
            render: (row) => formatVnd(row.difference),
            numeric: true,
          },
          { label: 'Nguyên nhân', value: (row) => row.cause },
        ]}
      />
    </div>
  );
}

/** The printed statement's own words, so that the page and the documents name things alike. */
const AMOUNT_NAMES: Readonly<Record<string, string>> = AMOUNT_TEXT;
const DISCREPANCY_NAMES: Readonly<Record<string, string>> = DISCREPANCY_KIND_TEXT;

const REMITTANCE_COLUMNS = [
  { label: 'Mã chuyển tiền', value: (row: Schemas['Remittance']) => row.reference },
  {
    label: 'Kỳ',
    value: (row: Schemas['Remittance']) => `${formatDate(row.periodStart)} – ${formatDate(row.periodEnd)}`,
  },
  {
    label: 'Số tiền',
    value: (row: Schemas['Remittance']) => row.amount,
    render: (row: Schemas['Remittance']) => formatVnd(row.amount),
    numeric: true,
  },
  { label: 'Hạn chuyển', value: (row: Schemas['Remittance']) => formatDate(row.dueBy) },
  {
    label: 'NH xác nhận',
    value: (row: Schemas['Remittance']) => row.bankConfirmed,
    render: (row: Schemas['Remittance']) => formatVnd(row.bankConfirmed),
    numeric: true,
  },
];

function MonthlyStatement({ agencies }: { agencies: Schemas['Agency'][] }) {
  const [agencyCode, setAgencyCode] = useState('');
  const [period, setPeriod] = useState(thisMonthInVietnam());
  const [statement, setStatement] = useState<Statement | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const load = async (event: Event) => {
    event.preventDefault();
    setNotice(null);
    const { data, error, response } = await api.GET('/v1/finance/reconciliations', {
      params: { query: { agencyCode, period, format: 'json' } },
    });
    setStatement((data as Statement | undefined) ?? null);
    if (!data) setNotice({ tone: 'error', text: problemText(error, response.status) });
  };
  const file = (format: 'csv' | 'xlsx' | 'pdf') =>
    downloadFile(
      `/v1/finance/reconciliations?agencyCode=${encodeURIComponent(agencyCode)}&period=${period}&format=${format}`,
      `bang-doi-soat-${agencyCode}-${period}.${format}`,
    ).catch((error: Error) => setNotice({ tone: 'error', text: error.message }));
  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">Bảng đối soát tháng</h2>
      <form class="row" onSubmit={load}>
        <AgencySelect label="Cơ quan" value={agencyCode} change={setAgencyCode} agencies={agencies} />
        <label>
          Tháng
          <input
            type="month"
            value={period}
            required
            onInput={(event) => setPeriod(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Xem</button>
      </form>
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
      {statement && (
        <>
          <div class="row">
            {(['csv', 'xlsx', 'pdf'] as const).map((format) => (
              <button key={format} type="button" class="secondary" onClick={() => void file(format)}>
                Tải {format.toUpperCase()}
              </button>
            ))}
          </div>
          <StatementView statement={statement} />
        </>
      )}
    </section>
  );
}

function Remittances({ agencies }: { agencies: Schemas['Agency'][] }) {
  const [agencyCode, setAgencyCode] = useState('');
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [made, setMade] = useState<Schemas['Remittance'][]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const { data, error, response } = await api.POST('/v1/finance/remittances', {
      body: { agencyCode, periodStart, periodEnd },
    });
    if (data) {
      setMade([data as Schemas['Remittance'], ...made]);
      setNotice({ tone: 'ok', text: 'Đã lập lệnh chuyển tiền' });
    } else setNotice({ tone: 'error', text: problemText(error, response.status) });
  };
  return (
    <section aria-labelledby="remit-title">
      <h2 id="remit-title">Chuyển tiền thu hộ cho cơ quan</h2>
      <form class="row" onSubmit={submit}>
        <AgencySelect label="Cơ quan" value={agencyCode} change={setAgencyCode} agencies={agencies} />
        <label>
          Từ ngày
          <input
            type="date"
            value={periodStart}
            required
            onInput={(event) => setPeriodStart(event.currentTarget.value)}
          />
        </label>
        <label>
          Đến ngày
          <input
            type="date"
            value={periodEnd}
            required
            onInput={(event) => setPeriodEnd(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Lập lệnh chuyển</button>
      </form>
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
      {made.length > 0 && (
        <Table
          caption="Lệnh chuyển vừa lập"
          download="lenh-chuyen"
          rows={made}
          columns={REMITTANCE_COLUMNS}
        />
      )}
    </section>
  );
}

const OUTCOME: Record<string, string> = {
  matched: 'Khớp',
  partial: 'Thiếu',
  overpaid: 'Thừa',
  unmatched: 'Không khớp',
  duplicate: 'Trùng',
};

function BankStatement() {
  const [imported, setImported] = useState<Schemas['BankStatementImport'] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const upload = async (event: Event) => {
    event.preventDefault();
    const file = (event.currentTarget as HTMLFormElement).querySelector(
      'input[type=file]',
    ) as HTMLInputElement;
    const chosen = file.files?.[0];
    if (!chosen) return;
    const text = await chosen.text();
    const json = chosen.name.toLowerCase().endsWith('.json');
    const answer = await api.POST('/v1/finance/bank-statements', {
      body: (json ? JSON.parse(text) : text) as Schemas['BankStatementInput'],
      headers: { 'content-type': json ? 'application/json' : 'text/csv' },
      ...(json ? {} : { bodySerializer: (body: unknown) => body as string }),
    });
    setImported(answer.data ?? null);
    setNotice(
      answer.data
        ? { tone: 'ok', text: `Đã đối chiếu ${answer.data.lines} dòng` }
        : { tone: 'error', text: problemText(answer.error, answer.response.status) },
    );
  };
  return (
    <section aria-labelledby="bank-title">
      <h2 id="bank-title">Sao kê ngân hàng</h2>
      <form class="row" onSubmit={upload}>
        <label>
          Tệp sao kê (CSV hoặc JSON)
          <input type="file" accept=".csv,.json,text/csv,application/json" required />
        </label>
        <button type="submit">Tải lên và đối chiếu</button>
      </form>
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
      {imported && (
        <Table
          caption="Kết quả đối chiếu từng dòng"
          download={`doi-chieu-${imported.importId}`}
          rows={imported.results}
          columns={[
            { label: 'Dòng', value: (row) => row.lineNumber, numeric: true },
            { label: 'Ngày', value: (row) => formatDate(row.bookedAt) },
            { label: 'Nội dung', value: (row) => row.reference },
            {
              label: 'Số tiền',
              value: (row) => row.amount,
              render: (row) => formatVnd(row.amount),
              numeric: true,
            },
            { label: 'Kết quả', value: (row) => OUTCOME[row.outcome] ?? row.outcome },
            { label: 'Ghi chú', value: (row) => row.reason ?? row.target ?? '' },
          ]}
        />
      )}
    </section>
  );
}

type ReceiptSearch = 'number' | 'dossier' | 'days';
interface ReceiptForm {
  series: string;
  number: string;
  dossierRef: string;
  agencyCode: string;
  from: string;
  to: string;
}

function receiptQuery(by: ReceiptSearch, form: ReceiptForm) {
  if (by === 'number')
    return { series: form.series.trim().toUpperCase(), number: Number(form.number.trim()) };
  if (by === 'dossier') return { dossierRef: form.dossierRef.trim() };
  return { agencyCode: form.agencyCode, from: form.from, to: form.to };
}

function ReceiptCard({
  receipt,
  changed,
}: {
  receipt: Schemas['Receipt'];
  changed: (next: Schemas['Receipt']) => void;
}) {
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const voidIt = async () => {
    const { data, error, response } = await api.POST('/v1/receipts/{series}/{number}/void', {
      params: { path: { series: receipt.series, number: receipt.number } },
      body: { reason },
    });
    if (data) changed(data as Schemas['Receipt']);
    setNotice(
      data
        ? { tone: 'ok', text: 'Đã hủy biên lai' }
        : { tone: 'error', text: problemText(error, response.status) },
    );
  };
  return (
    <div class="card stack">
      <p>
        {receipt.series} số {receipt.number} · {receipt.payerName} · {formatVnd(receipt.amount)} (
        {receipt.amountInWords}) ·{' '}
        {receipt.status === 'voided'
          ? `Đã hủy: ${receipt.voidReason}`
          : `Lập lúc ${formatDateTime(receipt.issuedAt)}`}
      </p>
      {receipt.status === 'issued' && (
        <div class="row">
          <label>
            Lý do hủy
            <input value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
          </label>
          <button
            type="button"
            class="secondary"
            disabled={reason.trim() === ''}
            onClick={() => void voidIt()}
          >
            Hủy biên lai
          </button>
        </div>
      )}
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
    </div>
  );
}

function Receipts({ agencies }: { agencies: Schemas['Agency'][] }) {
  const [by, setBy] = useState<ReceiptSearch>('days');
  const [form, setForm] = useState<ReceiptForm>(() => ({
    series: '',
    number: '',
    dossierRef: '',
    agencyCode: '',
    from: todayInVietnam(),
    to: todayInVietnam(),
  }));
  const [chosen, setChosen] = useState<Schemas['Receipt'] | null>(null);
  const field = (name: keyof ReceiptForm) => ({
    value: form[name],
    required: true,
    onInput: (event: { currentTarget: HTMLInputElement }) =>
      setForm({ ...form, [name]: event.currentTarget.value }),
  });
  const list = usePagedList<Schemas['Receipt']>(async (cursor) => {
    const answer = await api.GET('/v1/receipts', {
      params: { query: { ...receiptQuery(by, form), ...(cursor ? { cursor } : {}) } },
    });
    return { ...answer, rows: answer.data?.receipts };
  });
  return (
    <section aria-labelledby="receipt-title">
      <h2 id="receipt-title">Biên lai</h2>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          setChosen(null);
          void list.start();
        }}
      >
        <label>
          Tìm theo
          <select value={by} onChange={(event) => setBy(event.currentTarget.value as ReceiptSearch)}>
            <option value="days">Cơ quan và ngày lập</option>
            <option value="dossier">Hồ sơ</option>
            <option value="number">Ký hiệu và số</option>
          </select>
        </label>
        {by === 'number' && (
          <>
            <label>
              Ký hiệu
              <input {...field('series')} />
            </label>
            <label>
              Số
              <input inputMode="numeric" {...field('number')} />
            </label>
          </>
        )}
        {by === 'dossier' && (
          <label>
            Mã hồ sơ hoặc mã phiếu gửi (PG…)
            <input {...field('dossierRef')} />
          </label>
        )}
        {by === 'days' && (
          <>
            <AgencySelect
              label="Cơ quan"
              value={form.agencyCode}
              change={(agencyCode) => setForm({ ...form, agencyCode })}
              agencies={agencies}
            />
            <label>
              Từ ngày
              <input type="date" {...field('from')} />
            </label>
            <label>
              Đến ngày
              <input type="date" {...field('to')} />
            </label>
          </>
        )}
        <button type="submit">Tìm</button>
      </form>
      {list.problem && <Message tone="error">{list.problem}</Message>}
      {list.loaded && (
        <Table
          caption="Biên lai tìm được"
          download="bien-lai"
          rows={list.rows}
          empty="Không tìm thấy biên lai"
          columns={[
            { label: 'Ký hiệu', value: (row) => row.series },
            { label: 'Số', value: (row) => row.number, numeric: true },
            { label: 'Hồ sơ', value: (row) => row.dossierRef },
            { label: 'Người nộp', value: (row) => row.payerName },
            { label: 'Số tiền', value: (row) => formatVnd(row.amount), numeric: true },
            { label: 'Lập lúc', value: (row) => formatDateTime(row.issuedAt) },
            { label: 'Trạng thái', value: (row) => (row.status === 'voided' ? 'Đã hủy' : 'Đã lập') },
            {
              label: 'Thao tác',
              value: () => '',
              render: (row) => (
                <button type="button" class="link" onClick={() => setChosen(row)}>
                  Xem
                </button>
              ),
            },
          ]}
        />
      )}
      <MoreButton list={list} />
      {chosen && (
        <ReceiptCard key={`${chosen.series}-${chosen.number}`} receipt={chosen} changed={setChosen} />
      )}
    </section>
  );
}

export default function FinancePage() {
  useTitle('Kế toán');
  const agencies = useAgencies();
  return (
    <div class="page">
      <h1>Kế toán</h1>
      <MonthlyStatement agencies={agencies} />
      <Remittances agencies={agencies} />
      <BankStatement />
      <Receipts agencies={agencies} />
    </div>
  );
}
