/** The Vietnamese words for the API's codes: statuses, scan types, outcomes, roles. */
export const DOSSIER_STATUS: Record<string, string> = {
  registered: 'Đã đăng ký',
  'in-pickup': 'Đang nhận hồ sơ',
  'handed-over': 'Đã giao cho cơ quan',
  accepted: 'Cơ quan đã tiếp nhận',
  refused: 'Cơ quan từ chối',
  'result-ready': 'Đã có kết quả',
  'in-return': 'Đang chuyển trả kết quả',
  delivered: 'Đã trả kết quả',
  'returned-to-agency': 'Đã hoàn về cơ quan',
  cancelled: 'Đã hủy',
};

export const ITEM_STATUS: Record<string, string> = {
  requested: 'Chờ nhận',
  'picked-up': 'Đã nhận',
  'pickup-failed': 'Nhận không thành công',
  'in-transit': 'Đang vận chuyển',
  'handed-over': 'Đã giao cho cơ quan',
  accepted: 'Cơ quan đã tiếp nhận',
  refused: 'Cơ quan từ chối',
  registered: 'Đã đăng ký',
  'result-ready': 'Kết quả chờ nhận',
  collected: 'Đã nhận kết quả từ cơ quan',
  'out-for-delivery': 'Đang phát',
  delivered: 'Đã phát',
  'delivery-failed': 'Phát không thành công',
  'held-at-office': 'Giữ tại bưu cục chờ nhận',
  'returned-to-agency': 'Đã hoàn về cơ quan',
  cancelled: 'Đã hủy',
};

export const SCAN_TYPE: Record<string, string> = {
  pickup: 'Nhận hồ sơ',
  'pickup-failed': 'Nhận không thành công',
  depart: 'Đi',
  arrive: 'Đến',
  'out-for-delivery': 'Đang phát',
  delivered: 'Đã phát',
  'delivery-failed': 'Phát không thành công',
  'returned-to-agency': 'Hoàn về cơ quan',
};

/** The citizen's choices, as a timeline names them. */
const CHOICE_STEP: Record<string, string> = {
  'window-chosen': 'Người nhận chọn thời gian phát',
  'hold-chosen': 'Người nhận chọn nhận tại bưu cục',
};

/** A worklist entry's task, with the half-day the citizen chose for a delivery. */
export function workWords(entry: {
  kind: string;
  deliveryWindow?: { day: string; part: string } | null;
}): string {
  if (entry.kind === 'pickup') return 'Nhận hồ sơ';
  if (entry.kind === 'collection') return 'Nhận kết quả từ cơ quan';
  if (entry.kind === 'held-at-office') return 'Giữ tại bưu cục chờ nhận';
  const window = entry.deliveryWindow;
  if (!window) return 'Phát kết quả';
  const [year, month, day] = window.day.split('-');
  return `Phát kết quả, buổi ${window.part === 'morning' ? 'sáng' : 'chiều'} ${day}/${month}/${year}`;
}

/** A scan's outcome, as the scan page shows it. */
export const SCAN_OUTCOME: Record<string, string> = {
  waiting: 'Chờ gửi',
  accepted: 'Đã nhận',
  duplicate: 'Trùng',
  rejected: 'Bị từ chối',
  flagged: 'Cần kiểm tra',
};

/** Timeline entries: `dossier.registered`, `item.pickup`, … */
export function timelineWords(type: string): string {
  const [subject, verb = ''] = type.split('.');
  if (subject === 'dossier') return DOSSIER_STATUS[verb] ?? verb;
  return SCAN_TYPE[verb] ?? ITEM_STATUS[verb] ?? CHOICE_STEP[verb] ?? verb;
}

export const ROLE: Record<string, string> = {
  'postal-staff': 'Nhân viên bưu chính',
  'postal-supervisor': 'Trưởng bưu cục',
  agency: 'Cơ quan (một cửa)',
  finance: 'Kế toán',
  observer: 'Quan sát (tỉnh)',
  admin: 'Quản trị',
};
