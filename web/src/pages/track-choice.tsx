/**
 * The citizen's choice on the tracking page, shown when the page is opened from the
 * result-ready link (`?choice=<token>`): a delivery window (a working day, morning or
 * afternoon) or collection at the post office, sent once. Any link's token (`?choice=` or
 * `?rating=`) also stops every notice but delivery codes.
 */
import { useState } from 'preact/hooks';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { Message } from '../ui.tsx';

/** What each refusal means to the citizen, by the problem's type. */
const REFUSED: Record<string, string> = {
  'already-chosen': 'Ông/bà đã chọn cách nhận kết quả cho hồ sơ này.',
  'too-late-to-choose': 'Kết quả đã được giao cho bưu tá đi phát, không thể đổi nữa.',
  'window-in-the-past': 'Thời gian này đã qua, vui lòng chọn thời gian khác.',
  'not-a-working-day': 'Ngày này không phải ngày làm việc, vui lòng chọn ngày khác.',
  'window-too-far-ahead': 'Ngày này quá xa, vui lòng chọn trong vòng 4 tuần làm việc.',
  'no-return-by-post': 'Hồ sơ này không đăng ký nhận kết quả qua bưu chính.',
  forbidden: 'Đường dẫn không hợp lệ.',
};

const refusalText = (error: unknown, status: number | undefined): string => {
  const type = (error as { type?: string } | undefined)?.type?.split('/').pop() ?? '';
  return REFUSED[type] ?? problemText(error, status);
};

export function choiceText(choice: Schemas['CitizenChoice']): string {
  if (choice.kind === 'window' && choice.window)
    return `Phát vào buổi ${choice.window.part === 'morning' ? 'sáng (7:30–11:30)' : 'chiều (13:30–17:30)'} ngày ${formatDate(choice.window.day)}`;
  return choice.heldUntil
    ? `Nhận tại bưu cục, giữ đến ${formatDateTime(choice.heldUntil)}`
    : 'Nhận tại bưu cục khi bưu điện nhận kết quả từ cơ quan';
}

export function ChoiceForm({ dossierRef, token }: { dossierRef: string; token: string }) {
  const [kind, setKind] = useState<'window' | 'held-at-office'>('window');
  const [day, setDay] = useState('');
  const [part, setPart] = useState<'morning' | 'afternoon'>('morning');
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body =
      kind === 'window' ? { token, kind, window: { day, part } } : { token, kind: 'held-at-office' as const };
    const { data, error, response } = await api
      .POST('/v1/track/{ref}/choice', { params: { path: { ref: dossierRef } }, body })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setOutcome(
      data
        ? { tone: 'ok', text: `Đã ghi nhận: ${choiceText(data.choice)}.` }
        : { tone: 'error', text: refusalText(error, response?.status) },
    );
  };

  return (
    <form onSubmit={submit} class="stack choice">
      <h2>Chọn cách nhận kết quả</h2>
      <fieldset disabled={outcome?.tone === 'ok'}>
        <label>
          <input type="radio" name="kind" checked={kind === 'window'} onChange={() => setKind('window')} />{' '}
          Phát tận nơi vào thời gian tôi chọn
        </label>
        {kind === 'window' && (
          <>
            <label>
              Ngày (ngày làm việc)
              <input
                type="date"
                required
                value={day}
                onInput={(event) => setDay(event.currentTarget.value)}
              />
            </label>
            <label>
              <input
                type="radio"
                name="part"
                checked={part === 'morning'}
                onChange={() => setPart('morning')}
              />{' '}
              Buổi sáng (7:30–11:30)
            </label>
            <label>
              <input
                type="radio"
                name="part"
                checked={part === 'afternoon'}
                onChange={() => setPart('afternoon')}
              />{' '}
              Buổi chiều (13:30–17:30)
            </label>
          </>
        )}
        <label>
          <input
            type="radio"
            name="kind"
            checked={kind === 'held-at-office'}
            onChange={() => setKind('held-at-office')}
          />{' '}
          Tôi đến nhận tại bưu cục (mang theo CCCD)
        </label>
        <button type="submit">Gửi lựa chọn</button>
      </fieldset>
      {outcome && <Message tone={outcome.tone}>{outcome.text}</Message>}
    </form>
  );
}

export function OptOutButton({ dossierRef, token }: { dossierRef: string; token: string }) {
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const optOut = async () => {
    const { data, error, response } = await api
      .POST('/v1/track/{ref}/opt-out', {
        params: { path: { ref: dossierRef } },
        body: { token, optedOut: true },
      })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setOutcome(
      data
        ? { tone: 'ok', text: 'Đã ngừng gửi thông báo, trừ mã nhận kết quả khi bưu tá đi phát.' }
        : { tone: 'error', text: refusalText(error, response?.status) },
    );
  };
  return (
    <div class="stack opt-out">
      <button type="button" class="secondary" disabled={outcome?.tone === 'ok'} onClick={optOut}>
        Ngừng nhận thông báo (trừ mã nhận kết quả)
      </button>
      {outcome && <Message tone={outcome.tone}>{outcome.text}</Message>}
    </div>
  );
}
