/**
 * The scan page: an input labelled "Mã bưu gửi" that takes a keyboard-wedge scan (the code,
 * then Enter). Each scan goes to IndexedDB first; the counter shows what waits, and the queue
 * is sent whenever the network is there. Works with no network after one load.
 */

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CameraScan } from '../camera-scan.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import {
  enqueueScan,
  newScanId,
  type QueuedScan,
  recentScans,
  type Scan,
  type ScanType,
  syncScans,
  waitingCount,
} from '../scan-queue.ts';
import { session } from '../session.ts';
import { Message, useTitle } from '../ui.tsx';
import { ITEM_STATUS, SCAN_OUTCOME, SCAN_TYPE } from '../words.ts';

const S10 = /^[A-Z]{2}\d{9}[A-Z]{2}$/;
const SYNC_EVERY_MS = 15_000;
const FAILURE_REASONS: Record<string, string> = {
  'addressee-absent': 'Người nhận vắng nhà',
  'address-incomplete': 'Địa chỉ không đầy đủ',
  'address-unknown': 'Không tìm thấy địa chỉ',
  'addressee-moved': 'Người nhận đã chuyển đi',
  'refused-by-addressee': 'Người nhận từ chối',
  'id-not-matching': 'Giấy tờ không khớp',
  'premises-closed': 'Cửa đóng',
  other: 'Lý do khác',
};

interface Details {
  type: ScanType;
  amount: string;
  method: 'cash' | 'vietqr';
  recipientName: string;
  otp: string;
  idLast4: string;
  reason: string;
}

function scanOf(code: string, details: Details, postOfficeCode: string, staffId: string): Scan {
  const amount = Number(details.amount.replace(/\D/g, ''));
  const base = {
    scanId: newScanId(),
    itemCode: code,
    type: details.type,
    occurredAt: new Date().toISOString(),
    postOfficeCode,
    ...(/^[A-Za-z0-9._-]{1,40}$/.test(staffId) ? { staffId } : {}),
  };
  const collects = details.type === 'pickup' || details.type === 'delivered';
  return {
    ...base,
    ...(collects && amount > 0 ? { collected: { amount, method: details.method } } : {}),
    ...(details.type === 'delivered'
      ? {
          proof: {
            recipientName: details.recipientName || 'Người nhận',
            relation: 'self' as const,
            ...(details.otp ? { otp: details.otp } : {}),
            ...(details.idLast4 ? { idLast4: details.idLast4 } : {}),
          },
        }
      : {}),
    ...(details.type === 'pickup-failed' || details.type === 'delivery-failed'
      ? { failure: { reason: details.reason, action: 'next-attempt' } }
      : {}),
  };
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function DetailsFields({ details, change }: { details: Details; change: (next: Partial<Details>) => void }) {
  const { type } = details;
  return (
    <>
      {(type === 'pickup' || type === 'delivered') && (
        <div class="row">
          <label>
            Số tiền thu (đồng)
            <input
              inputMode="numeric"
              value={details.amount}
              onInput={(event) => change({ amount: event.currentTarget.value })}
            />
          </label>
          <label>
            Hình thức
            <select
              value={details.method}
              onChange={(event) => change({ method: event.currentTarget.value as Details['method'] })}
            >
              <option value="cash">Tiền mặt</option>
              <option value="vietqr">Chuyển khoản VietQR</option>
            </select>
          </label>
        </div>
      )}
      {type === 'delivered' && (
        <div class="row">
          <label>
            Người nhận
            <input
              value={details.recipientName}
              onInput={(event) => change({ recipientName: event.currentTarget.value })}
            />
          </label>
          <label>
            Mã nhận (6 số)
            <input
              inputMode="numeric"
              maxLength={6}
              value={details.otp}
              onInput={(event) => change({ otp: event.currentTarget.value })}
            />
          </label>
          <label>
            4 số cuối giấy tờ
            <input
              inputMode="numeric"
              maxLength={4}
              value={details.idLast4}
              onInput={(event) => change({ idLast4: event.currentTarget.value })}
            />
          </label>
        </div>
      )}
      {(type === 'pickup-failed' || type === 'delivery-failed') && (
        <label>
          Lý do
          <select value={details.reason} onChange={(event) => change({ reason: event.currentTarget.value })}>
            {Object.entries(FAILURE_REASONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

function ScanList({ scans }: { scans: readonly QueuedScan[] }) {
  return (
    <ol class="scans" aria-label="Các lần quét gần đây">
      {scans.map((queued) => (
        <li key={queued.scan.scanId} class={`scan ${queued.state}`} data-scan-id={queued.scan.scanId}>
          <span class="code">{queued.scan.itemCode}</span>
          <span>{SCAN_TYPE[queued.scan.type] ?? queued.scan.type}</span>
          <span class="outcome">{SCAN_OUTCOME[queued.state]}</span>
          <span class="when">{formatDateTime(queued.scan.occurredAt)}</span>
          {queued.itemStatus && (
            <span class="detail">{ITEM_STATUS[queued.itemStatus] ?? queued.itemStatus}</span>
          )}
          {queued.reason && <span class="detail">{queued.reason}</span>}
        </li>
      ))}
    </ol>
  );
}

export default function ScanPage() {
  useTitle('Quét mã');
  const current = session.value!;
  const online = useOnline();
  const input = useRef<HTMLInputElement>(null);
  const { query } = useLocation();
  const [code, setCode] = useState(query.code ?? '');
  const [details, setDetails] = useState<Details>({
    type: 'pickup',
    amount: '',
    method: 'cash',
    recipientName: '',
    otp: '',
    idLast4: '',
    reason: 'addressee-absent',
  });
  const [waiting, setWaiting] = useState<number | null>(null);
  const [scans, setScans] = useState<QueuedScan[]>([]);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error' | 'info'; text: string } | null>(null);

  const refresh = useCallback(async () => {
    // Read together, shown together: the count and the list never disagree on screen.
    const [count, recent] = await Promise.all([waitingCount(), recentScans(50)]);
    setWaiting(count);
    setScans(recent);
  }, []);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    const report = await syncScans();
    await refresh();
    if (report.failed) setNotice({ tone: 'error', text: `Chưa gửi được: ${report.problem}` });
    else if (report.sent > 0) setNotice({ tone: 'ok', text: `Đã gửi ${formatNumber(report.sent)} lần quét` });
  }, [refresh]);

  // The scanner types into whatever has the focus: the code input has it from the start.
  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    void refresh().then(sync);
    const timer = setInterval(() => void sync(), SYNC_EVERY_MS);
    addEventListener('online', sync);
    return () => {
      clearInterval(timer);
      removeEventListener('online', sync);
    };
  }, [refresh, sync]);

  /** A code from the keyboard wedge, typed, or read by the camera: kept the moment it is made. */
  const record = async (raw: string) => {
    const scanned = raw.trim().toUpperCase();
    if (!S10.test(scanned)) {
      setNotice({ tone: 'error', text: `"${scanned}" không phải mã bưu gửi (2 chữ, 9 số, 2 chữ)` });
      return;
    }
    const postOfficeCode = current.postOfficeCode ?? '';
    await enqueueScan(scanOf(scanned, details, postOfficeCode, current.subject));
    setNotice({ tone: 'info', text: `Đã lưu ${scanned}` });
    await refresh();
    void sync();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const typed = code;
    setCode('');
    input.current?.focus();
    await record(typed);
  };

  return (
    <section class="scan-page">
      <h1>Quét mã</h1>
      <p class={`network ${online ? 'on' : 'off'}`} role="status">
        {online ? 'Đang trực tuyến' : 'Mất mạng — các lần quét được lưu trên máy'}
      </p>
      <form onSubmit={submit} class="stack">
        <label>
          Loại quét
          <select
            value={details.type}
            onChange={(event) => setDetails({ ...details, type: event.currentTarget.value as ScanType })}
          >
            {Object.entries(SCAN_TYPE).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <DetailsFields details={details} change={(next) => setDetails({ ...details, ...next })} />
        <label class="big">
          Mã bưu gửi
          <input
            ref={input}
            name="itemCode"
            value={code}
            onInput={(event) => setCode(event.currentTarget.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
          />
        </label>
        <button type="submit">Lưu lần quét</button>
      </form>
      <CameraScan found={(scanned) => void record(scanned)} />
      {notice && <Message tone={notice.tone}>{notice.text}</Message>}
      <p class="waiting">
        Chờ gửi: <strong data-testid="waiting">{waiting === null ? '…' : formatNumber(waiting)}</strong>
        <button type="button" class="secondary" onClick={() => void sync()} disabled={!online}>
          Gửi ngay
        </button>
      </p>
      <ScanList scans={scans} />
    </section>
  );
}
