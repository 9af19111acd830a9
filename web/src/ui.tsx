/** Small pieces every page uses: a message line, a table that downloads as CSV, a page title. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — BCCI`;
  }, [title]);
}

export type Tone = 'info' | 'ok' | 'error';

export function Message({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return (
    <p class={`message ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export interface Column<Row> {
  readonly label: string;
  readonly value: (row: Row) => string | number;
  readonly render?: (row: Row) => ComponentChildren;
  readonly numeric?: boolean;
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The rows as CSV with a BOM, so that a spreadsheet opens the Vietnamese letters right. */
export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvCell(column.label)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Table<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  empty?: string;
  download?: string;
}) {
  const { caption, columns, rows } = props;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than the screen scrolls, and a keyboard scrolls only what takes focus
    <div class="table" tabIndex={0}>
      <table>
        <caption>
          {caption}
          {props.download && rows.length > 0 && (
            <button
              type="button"
              class="link"
              onClick={() => downloadCsv(`${props.download}.csv`, toCsv(columns, rows))}
            >
              Tải CSV
            </button>
          )}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" class={column.numeric ? 'num' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length}>{props.empty ?? 'Không có dữ liệu'}</td>
            </tr>
          ) : (
            rows.map((row, index) => (
              <tr key={index}>
                {columns.map((column) => (
                  <td key={column.label} class={column.numeric ? 'num' : undefined}>
                    {column.render ? column.render(row) : column.value(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
