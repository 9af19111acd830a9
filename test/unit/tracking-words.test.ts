/** The citizen's view names every status and step in Vietnamese and leaves flagged facts out. */
import { describe, expect, it } from 'vitest';
import { DOSSIER_STATUSES } from '../../functions/domain/dossier-status.ts';
import { RECORDED_FACT_TYPES, SCAN_TYPES } from '../../functions/domain/items/lifecycle.ts';
import { DOSSIER_STATUS_VI, publicTimeline, stepNameVi } from '../../functions/domain/tracking-words.ts';

describe('steps in Vietnamese', () => {
  it('names every dossier status and every item step', () => {
    for (const status of DOSSIER_STATUSES)
      expect(stepNameVi(`dossier.${status}`)).toBe(DOSSIER_STATUS_VI[status]);
    for (const type of [...SCAN_TYPES, ...RECORDED_FACT_TYPES]) {
      const name = stepNameVi(`item.${type}`);
      expect(name).not.toBe('Cập nhật hành trình');
      expect(name).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i);
    }
    expect(stepNameVi('dossier.at-risk')).toMatch(/ngày hẹn/);
  });

  it('leaves flagged facts out of the public timeline', () => {
    const timeline = publicTimeline([
      { type: 'dossier.registered', occurredAt: '2026-11-23T01:00:00Z' },
      {
        type: 'item.pickup',
        occurredAt: '2026-11-23T02:00:00Z',
        itemCode: 'RH000000014VN',
        postOfficeCode: 'BC-HN-01',
      },
      {
        type: 'item.delivered',
        occurredAt: '2026-11-23T03:00:00Z',
        itemCode: 'RH000000014VN',
        anomaly: 'before-collection',
      },
    ]);
    expect(timeline.map((entry) => entry.type)).toEqual(['dossier.registered', 'item.pickup']);
    expect(timeline[1]).toEqual({
      type: 'item.pickup',
      step: 'Bưu điện đã nhận hồ sơ',
      occurredAt: '2026-11-23T02:00:00Z',
      itemCode: 'RH000000014VN',
      postOfficeCode: 'BC-HN-01',
    });
  });
});
