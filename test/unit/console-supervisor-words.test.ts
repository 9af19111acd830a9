import { describe, expect, it } from 'vitest';
import { ANOMALY_REASONS } from '../../functions/domain/items/lifecycle.ts';
import { assignWork } from '../../functions/domain/items/worklist.ts';
import { WorklistAssignmentResultSchema, WorklistEntrySchema } from '../../schemas/items.ts';
import { ANOMALY_REASON, ASSIGNMENT_REFUSAL, TASK_KIND } from '../../web/src/supervisor/words.ts';

describe("the supervisor's pages' words", () => {
  it('name every reason a scan is flagged for, in Vietnamese', () => {
    expect(Object.keys(ANOMALY_REASON).sort()).toEqual([...ANOMALY_REASONS].sort());
    for (const words of Object.values(ANOMALY_REASON)) expect(words).toMatch(/[ạ-ỹđ]/u);
  });

  it('name every task kind of the worklist', () => {
    expect(Object.keys(TASK_KIND).sort()).toEqual([...WorklistEntrySchema.shape.kind.options].sort());
  });

  it('name every refusal of an assignment', () => {
    const described = WorklistAssignmentResultSchema.shape.results.element.shape.reason.description ?? '';
    const reasons = described.split(',').map((reason) => reason.trim());
    expect(Object.keys(ASSIGNMENT_REFUSAL).sort()).toEqual(reasons.sort());
    expect(assignWork(null, 'nv-an', 'BC-HN-01')).toEqual({ refusal: 'unknown-item' });
    expect(ASSIGNMENT_REFUSAL['unknown-item']).toBeDefined();
  });
});
