/**
 * A staff member's round for a day: the worklist entries of their office given to them, in
 * the worklist's order (the most overdue first), read page by page and bounded.
 */
import type { WorklistEntry } from '../../domain/items/worklist.ts';
import { DomainRefusal } from '../../domain/refusal.ts';

export interface RouteSheetPorts {
  readonly items: {
    worklist(
      postOfficeCode: string,
      dueBefore: string,
      limit: number,
      cursor: Record<string, unknown> | undefined,
    ): Promise<{ entries: WorklistEntry[]; next: Record<string, unknown> | undefined }>;
  };
}

/** Entries read a page; and pages read at most, so that an office's whole list is never walked unbounded. */
export const ROUND_PAGE_SIZE = 200;
export const ROUND_MAX_PAGES = 25;

/**
 * The entries due by `dueBefore` assigned to `staffId`, at most `maxStops` (more is refused:
 * a supervisor shares the work out before printing); also refused when the office's list runs
 * past what is read.
 */
export async function staffRound(
  ports: RouteSheetPorts,
  request: { postOfficeCode: string; dueBefore: string; staffId: string; maxStops: number },
): Promise<WorklistEntry[]> {
  const stops: WorklistEntry[] = [];
  let cursor: Record<string, unknown> | undefined;
  for (let page = 0; page < ROUND_MAX_PAGES; page += 1) {
    const read = await ports.items.worklist(
      request.postOfficeCode,
      request.dueBefore,
      ROUND_PAGE_SIZE,
      cursor,
    );
    // A result held at the office waits at the counter: it is no stop on a round.
    stops.push(
      ...read.entries.filter(
        (entry) => entry.assignedStaffId === request.staffId && entry.workKind !== 'held-at-office',
      ),
    );
    if (stops.length > request.maxStops)
      throw new DomainRefusal(
        'unprocessable',
        `More than ${request.maxStops} stops are given to ${request.staffId}: share the round before printing it`,
      );
    if (!read.next) return stops;
    cursor = read.next;
  }
  throw new DomainRefusal(
    'unprocessable',
    `The office's worklist runs past ${ROUND_PAGE_SIZE * ROUND_MAX_PAGES} entries: print an earlier day first`,
  );
}
