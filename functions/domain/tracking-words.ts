/**
 * What a citizen reads when following a dossier: each status and each step named in
 * Vietnamese. The public timeline leaves out flagged facts (quarantined until a supervisor
 * resolves them) and anything that names a person.
 */
import type { DossierStatus } from './dossier-status.ts';
import type { FactType } from './items/lifecycle.ts';

export const DOSSIER_STATUS_VI: Readonly<Record<DossierStatus, string>> = {
  registered: 'Đã đăng ký gửi qua bưu chính',
  'in-pickup': 'Bưu điện đang chuyển hồ sơ đến cơ quan',
  'handed-over': 'Đã bàn giao hồ sơ cho bộ phận một cửa',
  accepted: 'Cơ quan đã tiếp nhận hồ sơ',
  refused: 'Cơ quan từ chối tiếp nhận hồ sơ',
  'result-ready': 'Đã có kết quả, chờ bưu điện nhận',
  'in-return': 'Bưu điện đang chuyển kết quả',
  delivered: 'Đã trả kết quả',
  'returned-to-agency': 'Đã chuyển hoàn kết quả về cơ quan',
  cancelled: 'Đã hủy yêu cầu',
};

export const ITEM_STEP_VI: Readonly<Record<FactType, string>> = {
  pickup: 'Bưu điện đã nhận hồ sơ',
  'pickup-failed': 'Chưa nhận được hồ sơ',
  depart: 'Đã rời bưu cục',
  arrive: 'Đã đến bưu cục',
  'handed-over': 'Đã bàn giao cho bộ phận một cửa',
  accepted: 'Cơ quan đã tiếp nhận hồ sơ',
  refused: 'Cơ quan từ chối tiếp nhận hồ sơ',
  'result-ready': 'Kết quả đã sẵn sàng tại cơ quan',
  collected: 'Bưu điện đã nhận kết quả từ cơ quan',
  'out-for-delivery': 'Nhân viên bưu điện đang đi phát',
  delivered: 'Đã phát thành công',
  'delivery-failed': 'Phát không thành công',
  'returned-to-agency': 'Đã chuyển hoàn về cơ quan',
  cancelled: 'Đã hủy',
  'window-chosen': 'Người nhận đã chọn thời gian phát',
  'hold-chosen': 'Người nhận chọn nhận kết quả tại bưu cục',
};

/** The dossier's own events by name: `dossier.<status>`, and the promised date at risk. */
export function stepNameVi(type: string): string {
  if (type === 'item.held-at-office') return 'Kết quả đang được giữ tại bưu cục, chờ người nhận đến nhận';
  if (type.startsWith('item.')) return ITEM_STEP_VI[type.slice(5) as FactType] ?? 'Cập nhật hành trình';
  if (type === 'dossier.at-risk') return 'Có nguy cơ trả kết quả sau ngày hẹn';
  if (type === 'dossier.promised-date') return 'Cơ quan cập nhật ngày hẹn trả kết quả';
  if (type === 'dossier.return-registered') return 'Đăng ký nhận kết quả qua bưu chính';
  if (type === 'dossier.return-withdrawn') return 'Rút đăng ký nhận kết quả qua bưu chính';
  if (type === 'dossier.resent') return 'Kết quả được gửi lại bằng bưu gửi mới';
  const status = type.startsWith('dossier.') ? (type.slice(8) as DossierStatus) : null;
  return (status && DOSSIER_STATUS_VI[status]) || 'Cập nhật hồ sơ';
}

export interface TimelineLine {
  readonly type: string;
  readonly occurredAt: string;
  readonly itemCode?: string;
  readonly postOfficeCode?: string;
  readonly anomaly?: string;
}

/** The timeline a citizen sees: flagged facts left out, each step named. */
export function publicTimeline(entries: readonly TimelineLine[]) {
  return entries
    .filter((entry) => !entry.anomaly)
    .map((entry) => ({
      type: entry.type,
      step: stepNameVi(entry.type),
      occurredAt: entry.occurredAt,
      ...(entry.itemCode ? { itemCode: entry.itemCode } : {}),
      ...(entry.postOfficeCode ? { postOfficeCode: entry.postOfficeCode } : {}),
    }));
}
