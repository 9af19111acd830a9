/**
 * A supervisor gives tasks of the office's worklist to staff, or takes them back: each item
 * records its assignee (the worklist follows from the table stream), each answered on its own.
 */
import type { ItemRepository } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import { assignWork, MAX_ASSIGNMENTS_PER_CALL } from '../../domain/items/worklist.ts';

export interface AssignPorts {
  readonly items: Pick<ItemRepository, 'commit'> & {
    getItems(itemCodes: readonly string[]): Promise<ItemRecord[]>;
  };
}

/** Tries when the item changed between the read and the write. */
const MAX_ASSIGN_ATTEMPTS = 3;

export type AssignmentResult =
  | { readonly itemCode: string; readonly outcome: 'assigned'; readonly staffId: string | null }
  | { readonly itemCode: string; readonly outcome: 'refused'; readonly reason: string };

async function assignOne(
  ports: AssignPorts,
  itemCode: string,
  staffId: string | null,
  officeCode: string | null,
): Promise<AssignmentResult> {
  for (let attempt = 1; attempt <= MAX_ASSIGN_ATTEMPTS; attempt += 1) {
    const [current] = await ports.items.getItems([itemCode]);
    const decided = assignWork(current ?? null, staffId, officeCode);
    if ('refusal' in decided) return { itemCode, outcome: 'refused', reason: decided.refusal };
    if (current && (await ports.items.commit(decided.item, current.version, [])))
      return { itemCode, outcome: 'assigned', staffId };
  }
  return { itemCode, outcome: 'refused', reason: 'item-busy' };
}

/** `officeCode`: the supervisor's office; null for an admin, who may assign anywhere. */
export async function assignTasks(
  ports: AssignPorts,
  assignments: readonly { readonly itemCode: string; readonly staffId: string | null }[],
  officeCode: string | null,
): Promise<AssignmentResult[]> {
  if (assignments.length > MAX_ASSIGNMENTS_PER_CALL)
    throw new RangeError(`At most ${MAX_ASSIGNMENTS_PER_CALL} assignments a call`);
  const results: AssignmentResult[] = [];
  for (const { itemCode, staffId } of assignments)
    results.push(await assignOne(ports, itemCode, staffId, officeCode));
  return results;
}
