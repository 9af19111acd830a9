/**
 * The rating form on the tracking page, shown when the page is opened from the rating link
 * (`?rating=<token>`): 1 to 5 stars and an optional comment, sent once.
 */
import { useState } from 'preact/hooks';
import { api, problemText } from '../api/client.ts';
import { Message } from '../ui.tsx';

const SCORES = [
  [5, 'Rất hài lòng'],
  [4, 'Hài lòng'],
  [3, 'Bình thường'],
  [2, 'Không hài lòng'],
  [1, 'Rất không hài lòng'],
] as const;
const COMMENT_MAX_LENGTH = 500;

export function RatingForm({ dossierRef, token }: { dossierRef: string; token: string }) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (score === null) return;
    const trimmed = comment.trim();
    const { data, error, response } = await api
      .POST('/v1/track/{ref}/rating', {
        params: { path: { ref: dossierRef } },
        body: { token, score, ...(trimmed ? { comment: trimmed } : {}) },
      })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    if (data) {
      setDone(true);
      setOutcome({ tone: 'ok', text: 'Cảm ơn ông/bà đã đánh giá dịch vụ.' });
      return;
    }
    if (response?.status === 409) {
      setDone(true);
      setOutcome({ tone: 'error', text: 'Hồ sơ này đã được đánh giá.' });
      return;
    }
    setOutcome({
      tone: 'error',
      text:
        response?.status === 403 ? 'Đường dẫn đánh giá không hợp lệ.' : problemText(error, response?.status),
    });
  };

  return (
    <form onSubmit={submit} class="stack rating">
      <h2>Đánh giá mức độ hài lòng</h2>
      <fieldset disabled={done}>
        <legend>Ông/bà hài lòng với dịch vụ bưu chính cho hồ sơ này ở mức nào?</legend>
        {SCORES.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="score"
              value={value}
              checked={score === value}
              onChange={() => setScore(value)}
            />{' '}
            {label}
          </label>
        ))}
        <label>
          Góp ý (không bắt buộc)
          <textarea
            maxLength={COMMENT_MAX_LENGTH}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={score === null}>
          Gửi đánh giá
        </button>
      </fieldset>
      {outcome && <Message tone={outcome.tone}>{outcome.text}</Message>}
    </form>
  );
}
