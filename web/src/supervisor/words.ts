/** The supervisor's pages' words for the API's codes: anomaly reasons, task kinds, refusals. */

/** Why a scan was flagged, as a supervisor reads it. */
export const ANOMALY_REASON: Record<string, string> = {
  'before-pickup': 'Quét khi hồ sơ chưa được nhận từ công dân',
  'before-handover': 'Quét khi hồ sơ chưa được giao cho cơ quan',
  'before-decision': 'Quét khi cơ quan chưa tiếp nhận hay từ chối hồ sơ',
  'before-result-ready': 'Quét khi cơ quan chưa báo có kết quả',
  'before-collection': 'Quét khi kết quả chưa được nhận từ cơ quan',
  'before-out-for-delivery': 'Báo phát khi bưu gửi chưa được đưa đi phát',
  'step-already-passed': 'Quét lại một bước bưu gửi đã qua',
  'after-final-state': 'Quét sau khi bưu gửi đã kết thúc hành trình',
  'too-few-attempts': 'Hoàn về cơ quan khi chưa phát đủ số lần',
  'not-this-office': 'Bưu cục quét không phụ trách bưu gửi này',
  'held-at-office': 'Đi phát kết quả mà người nhận đã chọn nhận tại bưu cục',
  'before-hold-deadline': 'Hoàn về cơ quan trước khi hết hạn giữ tại bưu cục',
};

/** A worklist task, as the supervisor's pages name it. */
export const TASK_KIND: Record<string, string> = {
  pickup: 'Nhận hồ sơ',
  collection: 'Nhận kết quả tại cơ quan',
  delivery: 'Phát kết quả',
  'held-at-office': 'Giữ tại bưu cục chờ nhận',
};

/** Why a task could not be given. */
export const ASSIGNMENT_REFUSAL: Record<string, string> = {
  'unknown-item': 'không có bưu gửi này',
  'nothing-to-do': 'bưu gửi không còn việc cần làm',
  'not-your-office': 'việc thuộc bưu cục khác',
  'item-busy': 'bưu gửi đang thay đổi, thử lại',
};
