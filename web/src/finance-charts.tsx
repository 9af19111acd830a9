/**
 * The month statement's charts: collections by day and method, the on-time rate by day, and
 * the fees still owed to the agency by day (not remitted, remitted but not yet seen by the bank,
 * confirmed). Each chart says its figures in words, and the table below it lists them day by
 * day (downloadable like every table).
 */
import type { Schemas } from './api/client.ts';
import { DayChart, type DaySeries } from './chart.tsx';
import { formatDate, formatNumber, formatPercent, formatVnd } from './format.ts';
import { Table } from './ui.tsx';

type Statement = Schemas['MonthlyStatement'];
type StatementDay = NonNullable<Statement['days']>[number];

export const COLORS = {
  cash: '#0b5394',
  vietqr: '#b45f06',
  onTime: '#38761d',
  due: '#a61c00',
  sent: '#b45f06',
  confirmed: '#38761d',
};

/** Where a day's fees stand with the agency. */
export type RemittanceState = 'none' | 'due' | 'sent' | 'confirmed';

export const REMITTANCE_STATE: Record<RemittanceState, string> = {
  none: '',
  due: 'Chưa chuyển',
  sent: 'Đã chuyển, chờ ngân hàng xác nhận',
  confirmed: 'Ngân hàng đã xác nhận',
};

export function remittanceState(day: StatementDay, remittances: Statement['remittances']): RemittanceState {
  if (day.feesCollectedVnd === 0) return 'none';
  const remittance = remittances.find((one) => one.periodStart <= day.day && day.day <= one.periodEnd);
  if (!remittance) return 'due';
  return remittance.bankConfirmed >= remittance.amount && remittance.amount > 0 ? 'confirmed' : 'sent';
}

const onTimeRate = (day: StatementDay): number | null =>
  day.arrived > 0 ? day.arrivedOnTime / day.arrived : null;
const sum = (days: readonly StatementDay[], pick: (day: StatementDay) => number) =>
  days.reduce((total, day) => total + pick(day), 0);
const percentAxis = (value: number) => formatPercent(value);

function collectionSeries(days: readonly StatementDay[]): DaySeries[] {
  return [
    { label: 'Tiền mặt', color: COLORS.cash, kind: 'bars', values: days.map((day) => day.collectedCashVnd) },
    {
      label: 'VietQR',
      color: COLORS.vietqr,
      kind: 'bars',
      values: days.map((day) => day.collectedVietqrVnd),
    },
  ];
}

function remittanceSeries(days: readonly StatementDay[], states: readonly RemittanceState[]): DaySeries[] {
  const of = (state: RemittanceState) =>
    days.map((day, index) => (states[index] === state ? day.feesCollectedVnd : null));
  // A day is in one state only: its bar takes the whole slot.
  return [
    { label: REMITTANCE_STATE.due, color: COLORS.due, kind: 'bars', values: of('due') },
    { label: REMITTANCE_STATE.sent, color: COLORS.sent, kind: 'bars', values: of('sent') },
    { label: REMITTANCE_STATE.confirmed, color: COLORS.confirmed, kind: 'bars', values: of('confirmed') },
  ];
}

export function StatementCharts({ statement }: { statement: Statement }) {
  const days = statement.days ?? [];
  if (days.length === 0) return null;
  const labels = days.map((day) => day.day);
  const states = days.map((day) => remittanceState(day, statement.remittances));
  const owed = (state: RemittanceState) =>
    sum(
      days.filter((_day, index) => states[index] === state),
      (day) => day.feesCollectedVnd,
    );
  const arrived = sum(days, (day) => day.arrived);
  const collections = collectionSeries(days);
  const onTime: DaySeries[] = [
    { label: 'Tỷ lệ đúng hạn', color: COLORS.onTime, kind: 'line', values: days.map(onTimeRate) },
  ];
  const remittances = remittanceSeries(days, states);
  return (
    <div data-testid="statement-charts">
      <div class="charts">
        <DayChart
          title="Thu tiền theo ngày và hình thức"
          summary={`Tiền mặt ${formatVnd(sum(days, (day) => day.collectedCashVnd))}, VietQR ${formatVnd(sum(days, (day) => day.collectedVietqrVnd))} trong kỳ.`}
          days={labels}
          series={collections}
          format={formatVnd}
        />
        <DayChart
          title="Tỷ lệ đúng hạn theo ngày"
          summary={`${formatNumber(sum(days, (day) => day.arrivedOnTime))} trên ${formatNumber(arrived)} bưu gửi đến nơi đúng hạn (${formatPercent(statement.onTimeRate)}).`}
          days={labels}
          series={onTime}
          format={percentAxis}
          max={1}
        />
        <DayChart
          title="Phí thu hộ còn phải chuyển cho cơ quan"
          summary={`Chưa chuyển ${formatVnd(owed('due'))}; đã chuyển chờ ngân hàng xác nhận ${formatVnd(owed('sent'))}; ngân hàng đã xác nhận ${formatVnd(owed('confirmed'))}.`}
          days={labels}
          series={remittances}
          format={formatVnd}
          overlaid
        />
      </div>
      <Table
        caption="Số liệu theo ngày"
        download={`theo-ngay-${statement.agencyCode}-${statement.period}`}
        rows={days.map((day, index) => ({ day, state: states[index] as RemittanceState }))}
        columns={[
          { label: 'Ngày', value: (row) => formatDate(`${row.day.day}T12:00:00+07:00`) },
          {
            label: 'Tiền mặt',
            value: (row) => row.day.collectedCashVnd,
            render: (row) => formatVnd(row.day.collectedCashVnd),
            numeric: true,
          },
          {
            label: 'VietQR',
            value: (row) => row.day.collectedVietqrVnd,
            render: (row) => formatVnd(row.day.collectedVietqrVnd),
            numeric: true,
          },
          {
            label: 'Phí thu hộ',
            value: (row) => row.day.feesCollectedVnd,
            render: (row) => formatVnd(row.day.feesCollectedVnd),
            numeric: true,
          },
          {
            label: 'Đến nơi',
            value: (row) => row.day.arrived,
            render: (row) => formatNumber(row.day.arrived),
            numeric: true,
          },
          {
            label: 'Đúng hạn',
            value: (row) => row.day.arrivedOnTime,
            render: (row) => formatNumber(row.day.arrivedOnTime),
            numeric: true,
          },
          { label: 'Tỷ lệ đúng hạn', value: (row) => formatPercent(onTimeRate(row.day)), numeric: true },
          { label: 'Chuyển cho cơ quan', value: (row) => REMITTANCE_STATE[row.state] },
        ]}
      />
    </div>
  );
}
