/**
 * The monthly e-mail of a province's indicators: one per subscribed address and month, its id
 * naming both so that a run made again sends nothing twice. The text is Vietnamese, with the
 * month's totals and the link to the full report (PDF, behind the reader's sign-in).
 */
import type { IndicatorReport } from './indicators.ts';
import type { Notification } from './notifications.ts';
import { provinceText } from './provinces.ts';

/** Addresses a province may subscribe: enough for its administrators and observers. */
export const MAX_SUBSCRIPTIONS_PER_PROVINCE = 100;

export interface ReportSubscription {
  readonly provinceCode: string;
  /** Lower-cased. */
  readonly email: string;
  readonly subscribedBy: string;
  readonly subscribedAt: string;
}

/** The month before the one this instant falls in, in Vietnam: `YYYY-MM`. */
export function previousMonth(vietnamDay: string): string {
  const [year, month] = vietnamDay.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

const percent = (rate: number | null): string =>
  rate === null
    ? 'chưa có số liệu'
    : `${(rate * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

/** The e-mail one address receives for a month's report. */
export function indicatorMail(
  subscription: Pick<ReportSubscription, 'provinceCode' | 'email'>,
  report: IndicatorReport,
  reportLink: string,
): Notification {
  const [year, month] = report.period.split('-');
  const { total } = report;
  const satisfaction =
    total.satisfaction.meanScore === null
      ? 'chưa có đánh giá'
      : `${total.satisfaction.meanScore.toLocaleString('vi-VN')}/5 (${total.satisfaction.ratings.toLocaleString('vi-VN')} đánh giá)`;
  const lines = [
    `Báo cáo chỉ số dịch vụ bưu chính công ích tháng ${month}/${year}, ${provinceText(report.provinceCode)}.`,
    '',
    `Số hồ sơ: ${total.dossiers.toLocaleString('vi-VN')} (chỉ nhận hồ sơ: ${total.byChannel.pickupOnly.toLocaleString('vi-VN')}, chỉ trả kết quả: ${total.byChannel.returnOnly.toLocaleString('vi-VN')}, cả hai chiều: ${total.byChannel.pickupAndReturn.toLocaleString('vi-VN')})`,
    `Đúng thời hạn vận chuyển: ${percent(total.onTime.transit.rate)}`,
    `Đúng ngày hẹn trả kết quả: ${percent(total.onTime.promisedDate.rate)}`,
    `Phát thành công lần đầu: ${percent(total.firstAttemptDeliveryRate)}`,
    `Mức độ hài lòng: ${satisfaction}`,
    `Phí, lệ phí đã thu: ${total.feesCollectedVnd.toLocaleString('vi-VN')} đ`,
    '',
    `Báo cáo đầy đủ (PDF, theo bưu cục): ${reportLink}`,
  ];
  return {
    notificationId: `indicators:${subscription.provinceCode}:${report.period}:${subscription.email}`,
    channel: 'email',
    to: subscription.email,
    subject: `Báo cáo chỉ số tháng ${month}/${year} - ${provinceText(report.provinceCode)}`,
    text: lines.join('\n'),
  };
}
