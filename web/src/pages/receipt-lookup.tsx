/**
 * The payer's receipt lookup (`/bien-lai`), the address printed on every fee receipt: the
 * lookup code (mã tra cứu), then what the receipt says — series, number, date, amount in
 * figures and words, the agency — and whether it still stands or was voided. Public, light,
 * and showing nothing personal. `/bien-lai?ma=<code>` looks the code up at once.
 */

import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api, problemText, type Schemas } from '../api/client.ts';
import { formatDate, formatVnd } from '../format.ts';
import { Message, useTitle } from '../ui.tsx';

export default function ReceiptLookup() {
  const { query } = useRoute();
  useTitle('Tra cứu biên lai');
  const [code, setCode] = useState(query.ma ?? '');
  const [found, setFound] = useState<Schemas['ReceiptLookup'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const lookUp = async (lookupCode: string) => {
    setProblem(null);
    const { data, error, response } = await api
      .GET('/v1/receipt-lookup/{lookupCode}', { params: { path: { lookupCode } } })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setFound(data ?? null);
    if (!data)
      setProblem(
        response?.status === 404 || response?.status === 400
          ? 'Không tìm thấy biên lai với mã tra cứu này'
          : problemText(error, response?.status),
      );
  };
  useEffect(() => {
    if (query.ma) void lookUp(query.ma);
  }, []);

  return (
    <section class="track">
      <h1>Tra cứu biên lai thu phí, lệ phí</h1>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void lookUp(code.trim());
        }}
      >
        <label>
          Mã tra cứu (in trên biên lai)
          <input
            autocapitalize="characters"
            autocomplete="off"
            maxLength={20}
            required
            value={code}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Tra cứu</button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {found && <ReceiptFacts receipt={found} />}
    </section>
  );
}

function ReceiptFacts({ receipt }: { receipt: Schemas['ReceiptLookup'] }) {
  const voided = receipt.status === 'voided';
  return (
    <div class="tracking receipt-lookup">
      <h2>{voided ? 'Biên lai đã bị hủy' : 'Biên lai hợp lệ'}</h2>
      {voided && <Message tone="error">Biên lai này đã bị hủy ngày {formatDate(receipt.voidedOn)}.</Message>}
      <dl>
        <dt>Ký hiệu mẫu số</dt>
        <dd>{receipt.formSymbol}</dd>
        <dt>Ký hiệu biên lai</dt>
        <dd>{receipt.series}</dd>
        <dt>Số biên lai</dt>
        <dd>{receipt.number}</dd>
        <dt>Ngày lập</dt>
        <dd>{formatDate(receipt.issuedOn)}</dd>
        <dt>Đơn vị thu</dt>
        <dd>
          {receipt.agencyName}
          {receipt.agencyTaxCode ? ` — MST ${receipt.agencyTaxCode}` : ''}
        </dd>
        <dt>Số tiền</dt>
        <dd>
          <strong>{formatVnd(receipt.amount)}</strong>
        </dd>
        <dt>Bằng chữ</dt>
        <dd>{receipt.amountInWords}</dd>
      </dl>
      <ul>
        {receipt.lines.map((line, index) => (
          <li key={index}>
            {line.name}: {formatVnd(line.amount)}
          </li>
        ))}
      </ul>
    </div>
  );
}
