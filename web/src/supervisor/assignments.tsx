/**
 * The office's tasks due by a day, today unless the supervisor picks another (pickups,
 * collections at the agencies, deliveries), with who holds each, and their assignment to staff: tick the tasks, or scan each item's code into
 * "Mã bưu gửi" (a keyboard-wedge scanner types the code and Enter), then give them to a staff
 * member or take them back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime, todayInVietnam } from '../format.ts';
import { session } from '../session.ts';
import { Message, Table } from '../ui.tsx';
import { ASSIGNMENT_REFUSAL, TASK_KIND } from './words.ts';

type Entry = Schemas['Worklist']['entries'][number];
type Result = Schemas['WorklistAssignmentResult']['results'][number];

const resultWords = (result: Result): string =>
  result.outcome === 'assigned'
    ? `${result.itemCode}: ${result.staffId ? `đã giao cho ${result.staffId}` : 'đã thu hồi'}`
    : `${result.itemCode}: không giao được (${ASSIGNMENT_REFUSAL[result.reason ?? ''] ?? result.reason})`;

/** Most tasks given in one press: what the API takes in one call. */
const MAX_TASKS_PER_ASSIGNMENT = 100;

function useTasksDueBy(office: string, date: string) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const read = async (cursor: string | null, before: Entry[]) => {
    const { data, error, response } = await api.GET('/v1/worklist', {
      params: {
        query: { postOfficeCode: office, date, ...(cursor ? { cursor } : {}) },
      },
    });
    if (!data) return setProblem(problemText(error, response.status));
    setProblem(null);
    setEntries([...before, ...data.entries]);
    setNext(data.nextCursor);
  };
  useEffect(() => void read(null, []), [office, date]);
  return { entries, setEntries, problem, hasMore: next !== null, more: () => read(next, entries) };
}

/** The tasks, each with a box to tick and who holds it. */
function TaskTable(props: {
  date: string;
  office: string;
  entries: readonly Entry[];
  chosen: readonly string[];
  toggle: (itemCode: string) => void;
}) {
  const { date, office, entries, chosen, toggle } = props;
  return (
    <Table
      caption={`Việc đến hạn: ${entries.length} · đã chọn ${chosen.length}`}
      download={`viec-${office}-${date}`}
      rows={entries}
      empty="Không có việc nào đến hạn"
      columns={[
        {
          label: 'Chọn',
          value: (entry) => (chosen.includes(entry.itemCode) ? 'x' : ''),
          render: (entry) => (
            <input
              type="checkbox"
              aria-label={`Chọn ${entry.itemCode}`}
              checked={chosen.includes(entry.itemCode)}
              onChange={() => toggle(entry.itemCode)}
            />
          ),
        },
        { label: 'Mã bưu gửi', value: (entry) => entry.itemCode },
        { label: 'Việc', value: (entry) => TASK_KIND[entry.kind] ?? entry.kind },
        { label: 'Hạn', value: (entry) => formatDateTime(entry.dueAt) },
        { label: 'Người nhận/gửi', value: (entry) => entry.addressee.name },
        { label: 'Địa chỉ', value: (entry) => entry.addressee.addressLine },
        { label: 'Người làm', value: (entry) => entry.assignedStaffId ?? 'Chưa giao' },
      ]}
    />
  );
}

/** Gives the chosen tasks to a staff member, or takes them back; each answered in words. */
function AssignForm(props: {
  chosen: readonly string[];
  assigned: (given: ReadonlyMap<string, string | null>) => void;
}) {
  const { chosen, assigned } = props;
  const [staffId, setStaffId] = useState('');
  const [results, setResults] = useState<Result[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const assign = async (to: string | null) => {
    setProblem(null);
    const assignments = chosen
      .slice(0, MAX_TASKS_PER_ASSIGNMENT)
      .map((itemCode) => ({ itemCode, staffId: to }));
    const { data, error, response } = await api.POST('/v1/worklist/assignments', { body: { assignments } });
    if (!data) return setProblem(problemText(error, response.status));
    setResults(data.results);
    const given = data.results.filter((result) => result.outcome === 'assigned');
    assigned(new Map(given.map((result) => [result.itemCode, result.staffId ?? null])));
  };
  return (
    <>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          void assign(staffId.trim());
        }}
      >
        <label>
          Giao cho (mã nhân viên)
          <input value={staffId} required onInput={(event) => setStaffId(event.currentTarget.value)} />
        </label>
        <button type="submit" disabled={chosen.length === 0}>
          Giao việc
        </button>
        <button
          type="button"
          class="secondary"
          disabled={chosen.length === 0}
          onClick={() => void assign(null)}
        >
          Thu hồi
        </button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {results.length > 0 && (
        <ul aria-label="Kết quả giao việc">
          {results.map((result) => (
            <li key={result.itemCode}>{resultWords(result)}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function Assignments() {
  const office = session.value?.postOfficeCode ?? '';
  const [date, setDate] = useState(todayInVietnam);
  const tasks = useTasksDueBy(office, date);
  const [chosen, setChosen] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const toggle = (itemCode: string) =>
    setChosen((now) => (now.includes(itemCode) ? now.filter((c) => c !== itemCode) : [...now, itemCode]));
  const scan = (event: Event) => {
    event.preventDefault();
    const scanned = code.trim().toUpperCase();
    setCode('');
    if (!tasks.entries.some((entry) => entry.itemCode === scanned))
      setProblem(`"${scanned}" không có trong danh sách việc đến hạn`);
    else {
      setProblem(null);
      if (!chosen.includes(scanned)) setChosen([...chosen, scanned]);
    }
    scanInput.current?.focus();
  };
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">Giao việc cho nhân viên</h2>
      <label>
        Việc đến hạn đến ngày
        <input
          type="date"
          value={date}
          required
          onInput={(event) => event.currentTarget.value && setDate(event.currentTarget.value)}
        />
      </label>
      <form class="row" onSubmit={scan}>
        <label class="big">
          Mã bưu gửi
          <input
            ref={scanInput}
            value={code}
            autoComplete="off"
            onInput={(event) => setCode(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Chọn</button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {tasks.problem && <Message tone="error">{tasks.problem}</Message>}
      <TaskTable date={date} office={office} entries={tasks.entries} chosen={chosen} toggle={toggle} />
      {tasks.hasMore && (
        <button type="button" class="secondary" onClick={() => void tasks.more()}>
          Xem thêm
        </button>
      )}
      <AssignForm
        chosen={chosen}
        assigned={(given) => {
          tasks.setEntries((now) =>
            now.map((entry) =>
              given.has(entry.itemCode)
                ? { ...entry, assignedStaffId: given.get(entry.itemCode) ?? null }
                : entry,
            ),
          );
          setChosen([]);
        }}
      />
    </section>
  );
}
