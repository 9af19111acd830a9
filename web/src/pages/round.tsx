/**
 * The round (chuyến phát): today's pickups and deliveries of the office, with addresses and
 * map links, in the order the staff member sets (kept on the device), and a VietQR code for the
 * exact amount of each item with money due. The last list fetched is kept in IndexedDB, so the
 * page works with no network.
 */

import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, problemText, type Schemas } from '../api/client.ts';
import { CameraScan } from '../camera-scan.tsx';
import { formatDateTime, formatVnd, todayInVietnam } from '../format.ts';
import { readCached, saveCached } from '../scan-queue.ts';
import { session } from '../session.ts';
import { Message, useTitle } from '../ui.tsx';
import { VietQrCode } from '../vietqr.tsx';
import { workWords } from '../words.ts';

type Entry = Schemas['Worklist']['entries'][number];
const ORDER_KEY = 'bcci.round-order';

/** The street address with the commune's name, when the list in force names it. */
const addressText = (entry: Entry): string =>
  [entry.addressee.addressLine, entry.addressee.communeName].filter(Boolean).join(', ');

const mapLink = (entry: Entry): string =>
  `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(addressText(entry))}`;

function ordered(entries: readonly Entry[], order: readonly string[]): Entry[] {
  const rank = new Map(order.map((code, index) => [code, index]));
  return [...entries].sort(
    (left, right) => (rank.get(left.itemCode) ?? 1e9) - (rank.get(right.itemCode) ?? 1e9),
  );
}

function readOrder(): string[] {
  try {
    return JSON.parse(localStorage.getItem(ORDER_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}

export default function Round() {
  useTitle('Chuyến phát');
  const current = session.value!;
  const [date, setDate] = useState(todayInVietnam());
  const cacheKey = `worklist:${current.postOfficeCode ?? ''}:${date}`;
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [order, setOrder] = useState<string[]>(readOrder);
  const [problem, setProblem] = useState<string | null>(null);
  const [qrShown, setQrShown] = useState<string | null>(null);
  const { route } = useLocation();

  useEffect(() => {
    // A list asked for another day meanwhile wins: this answer is then dropped.
    let wanted = true;
    void (async () => {
      const cached = await readCached<Entry[]>(cacheKey);
      if (!wanted) return;
      if (cached) {
        setEntries(cached.value);
        setSavedAt(cached.savedAt);
      }
      const answer = await api
        .GET('/v1/worklist', { params: { query: { date, postOfficeCode: current.postOfficeCode ?? '' } } })
        .catch(() => undefined);
      if (!wanted) return;
      if (answer?.data) {
        setEntries(answer.data.entries);
        setSavedAt(null);
        await saveCached(cacheKey, answer.data.entries);
      } else if (!cached) {
        setProblem(
          answer
            ? problemText(answer.error, answer.response.status)
            : 'Mất mạng và chưa có danh sách lưu trên máy',
        );
      }
    })();
    return () => {
      wanted = false;
    };
  }, [cacheKey, date]);

  const move = (list: Entry[], index: number, step: number) => {
    const next = list.map((entry) => entry.itemCode);
    const [moved] = next.splice(index, 1);
    next.splice(Math.max(0, Math.min(next.length, index + step)), 0, moved!);
    setOrder(next);
    localStorage.setItem(ORDER_KEY, JSON.stringify(next));
  };

  const list = entries ? ordered(entries, order) : [];
  return (
    <section>
      <h1>Chuyến phát</h1>
      <div class="row">
        <label>
          Việc đến hạn đến hết ngày
          <input
            type="date"
            value={date}
            required
            onChange={(event) => setDate(event.currentTarget.value || todayInVietnam())}
          />
        </label>
      </div>
      <p>
        {current.postOfficeCode}
        {savedAt &&
          ` · danh sách lưu lúc ${formatDateTime(new Date(savedAt).toISOString())} (chưa cập nhật được)`}
      </p>
      {/* A code read by the camera opens the scan page with it, as the list's "Quét" links do. */}
      <CameraScan found={(code) => route(`/scan?code=${encodeURIComponent(code.trim().toUpperCase())}`)} />
      {problem && <Message tone="error">{problem}</Message>}
      {entries && list.length === 0 && <p>Không có việc nào đến hạn.</p>}
      <ol class="round">
        {list.map((entry, index) => (
          <li key={entry.itemCode} class={entry.late ? 'late' : undefined}>
            <div class="head">
              <strong>{workWords(entry)}</strong>
              <span class="code">{entry.itemCode}</span>
              {entry.late && <span class="badge">Trễ hạn</span>}
            </div>
            <div>
              {entry.addressee.name}
              {entry.addressee.phone && (
                <>
                  {' · '}
                  <a href={`tel:${entry.addressee.phone}`}>{entry.addressee.phone}</a>
                </>
              )}
            </div>
            <div>
              <a href={mapLink(entry)} target="_blank" rel="noopener noreferrer">
                {addressText(entry)}
              </a>
            </div>
            <div>
              Hạn: {formatDateTime(entry.dueAt)}
              {entry.collectAmountVnd > 0 && ` · Thu: ${formatVnd(entry.collectAmountVnd)}`}
              {entry.failedAttempts > 0 && ` · Đã phát không thành công ${entry.failedAttempts} lần`}
            </div>
            <div class="actions">
              <button
                type="button"
                class="secondary"
                aria-label={`Đưa ${entry.itemCode} lên`}
                onClick={() => move(list, index, -1)}
                disabled={index === 0}
              >
                ↑
              </button>
              <button
                type="button"
                class="secondary"
                aria-label={`Đưa ${entry.itemCode} xuống`}
                onClick={() => move(list, index, 1)}
                disabled={index === list.length - 1}
              >
                ↓
              </button>
              <a class="button" href={`/scan?code=${entry.itemCode}`}>
                Quét
              </a>
              {entry.vietqr && (
                <button
                  type="button"
                  class="secondary"
                  aria-expanded={qrShown === entry.itemCode}
                  onClick={() => setQrShown(qrShown === entry.itemCode ? null : entry.itemCode)}
                >
                  Mã VietQR
                </button>
              )}
            </div>
            {entry.vietqr && qrShown === entry.itemCode && (
              <VietQrCode
                payload={entry.vietqr}
                amountVnd={entry.collectAmountVnd}
                itemCode={entry.itemCode}
              />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
