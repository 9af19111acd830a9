/**
 * The citizen's page (`/track/{ref}`), opened by the QR code of the slip or the label: the last
 * four digits of the phone, then the steps in plain Vietnamese with their dates. Public, light,
 * and showing nothing beyond what the API masks. Opened from the rating link (`?rating=`), it
 * also asks how satisfied the citizen was; from the result-ready link (`?choice=`), how the
 * result should come. Either link also lets the citizen stop notices but delivery codes.
 */

import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime } from '../format.ts';
import { Message, useTitle } from '../ui.tsx';
import { ChoiceForm, choiceText, OptOutButton } from './track-choice.tsx';
import { RatingForm } from './track-rating.tsx';

const NEXT_STEP: Record<string, string> = {
  registered: 'Bưu điện sẽ liên hệ để nhận hồ sơ.',
  'in-pickup': 'Hồ sơ đang được chuyển đến cơ quan.',
  'handed-over': 'Cơ quan đang kiểm tra hồ sơ.',
  accepted: 'Cơ quan đang giải quyết hồ sơ.',
  refused: 'Hồ sơ sẽ được chuyển trả lại cho bạn.',
  'result-ready': 'Bưu điện sẽ nhận kết quả và chuyển đến bạn.',
  'in-return': 'Kết quả đang trên đường đến bạn; bưu tá sẽ gọi trước khi đến.',
  delivered: 'Đã hoàn tất.',
  'returned-to-agency': 'Kết quả đã được hoàn về cơ quan; vui lòng liên hệ cơ quan.',
  cancelled: 'Hồ sơ đã hủy.',
};

export default function Track() {
  const { params, query } = useRoute();
  const ref = decodeURIComponent(params.ref ?? '');
  const ratingToken = query.rating;
  const choiceToken = query.choice;
  useTitle(`Tra cứu ${ref}`);
  const [digits, setDigits] = useState('');
  const [found, setFound] = useState<Schemas['Tracking'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const { data, error, response } = await api
      .GET('/v1/track/{ref}', {
        params: { path: { ref }, query: { phoneLast4: digits } },
      })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    if (data) {
      setFound(data);
      return;
    }
    setFound(null);
    setProblem(
      response?.status === 404 || response?.status === 400
        ? 'Không tìm thấy hồ sơ với mã và số điện thoại này'
        : problemText(error, response?.status),
    );
  };

  return (
    <section class="track">
      <h1>Tra cứu hồ sơ</h1>
      <p class="ref">
        Mã: <strong>{ref}</strong>
      </p>
      {ratingToken && <RatingForm dossierRef={ref} token={ratingToken} />}
      {choiceToken && (!found || found.mayChoose) && <ChoiceForm dossierRef={ref} token={choiceToken} />}
      <form onSubmit={submit} class="stack">
        <label>
          4 số cuối điện thoại người gửi
          <input
            inputMode="numeric"
            pattern="\d{4}"
            maxLength={4}
            required
            value={digits}
            onInput={(event) => setDigits(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Xem</button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {found && (
        <div class="tracking">
          <h2>{found.statusText}</h2>
          <p>{NEXT_STEP[found.status]}</p>
          {found.choice && <p class="choice">Lựa chọn của bạn: {choiceText(found.choice)}</p>}
          <p>
            {found.procedure.name} — {found.agency.name}
          </p>
          <ol class="steps">
            {found.timeline.map((step, index) => (
              <li key={index}>
                <time dateTime={step.occurredAt}>{formatDateTime(step.occurredAt)}</time>
                <span>{step.step}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      {(choiceToken ?? ratingToken) && (
        <OptOutButton dossierRef={ref} token={(choiceToken ?? ratingToken) as string} />
      )}
    </section>
  );
}
