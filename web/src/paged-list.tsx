/**
 * A list the API answers a page at a time (`next`): the first page on demand, then "Xem thêm"
 * appends the next one until there is none.
 */
import { useState } from 'preact/hooks';
import { problemText } from './api/client.ts';

export interface PageAnswer<Row> {
  readonly data?: { readonly next?: string } | undefined;
  readonly rows?: readonly Row[] | undefined;
  readonly error?: unknown;
  readonly response: Response;
}

export function usePagedList<Row>(load: (cursor: string | undefined) => Promise<PageAnswer<Row>>) {
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const read = async (cursor: string | undefined, before: Row[]) => {
    setProblem(null);
    const answer = await load(cursor);
    if (!answer.rows) {
      setProblem(problemText(answer.error, answer.response.status));
      return;
    }
    setRows([...before, ...answer.rows]);
    setNext(answer.data?.next);
    setLoaded(true);
  };
  return {
    rows,
    problem,
    loaded,
    hasMore: next !== undefined,
    start: () => read(undefined, []),
    more: () => read(next, rows),
  };
}

export function MoreButton({ list }: { list: { hasMore: boolean; more: () => Promise<void> } }) {
  if (!list.hasMore) return null;
  return (
    <button type="button" class="secondary" onClick={() => void list.more()}>
      Xem thêm
    </button>
  );
}
