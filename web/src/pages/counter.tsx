/**
 * The counter (quầy một cửa): register a citizen's paper dossier with the quote shown as it is
 * filled in, print the consignment slip and the label, find any dossier, and draw up the
 * handover records (biên bản giao nhận) for the agency.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { routeClassBetween } from '../../../functions/domain/items/items.ts';
import { quoteDossier, type Tariff } from '../../../functions/domain/money/tariffs.ts';
import { type Agency, AgencySelect, useAgencies } from '../agencies.tsx';
import { api, downloadFile, problemText, type Schemas } from '../api/client.ts';
import { formatDateTime, formatVnd } from '../format.ts';
import { ManifestConfirmation } from '../manifest-confirmation.tsx';
import { MoreButton, usePagedList } from '../paged-list.tsx';
import { session } from '../session.ts';
import { Message, Table, useTitle } from '../ui.tsx';
import { DOSSIER_STATUS, ITEM_STATUS, timelineWords } from '../words.ts';

type Office = Schemas['PostOffice'];
type Registration = Schemas['RegisterDossierRequestInput'];
type Document = Registration['documents'][number];
type Fee = Registration['fees'][number];

const KIND: Record<Document['kind'], string> = {
  original: 'Bản chính',
  'certified-copy': 'Bản sao chứng thực',
  copy: 'Bản sao',
};

interface Form {
  procedureCode: string;
  procedureName: string;
  agencyCode: string;
  fullName: string;
  phone: string;
  idNumber: string;
  addressLine: string;
  communeCode: string;
  pickup: boolean;
  return: boolean;
  exemption: Registration['exemption'];
  documents: Document[];
  fees: Fee[];
}

const EMPTY_FORM: Form = {
  procedureCode: '',
  procedureName: '',
  agencyCode: '',
  fullName: '',
  phone: '',
  idNumber: '',
  addressLine: '',
  communeCode: '',
  pickup: true,
  return: true,
  exemption: 'none',
  documents: [{ name: 'Tờ khai', kind: 'original', count: 1 }],
  fees: [],
};

function useReference() {
  const [offices, setOffices] = useState<Office[]>([]);
  const agencies = useAgencies();
  const [tariff, setTariff] = useState<Tariff | undefined>(undefined);
  useEffect(() => {
    void api.GET('/v1/reference/post-offices').then(({ data }) => data && setOffices(data.postOffices));
    void api.GET('/v1/finance/tariffs').then(({ data }) => data && setTariff(data as unknown as Tariff));
  }, []);
  return { offices, agencies, tariff };
}

/** The quote the registration will answer with, computed by the same domain function. */
function liveQuote(form: Form, offices: Office[], agencies: Agency[], tariff: Tariff | undefined) {
  const citizenOffice = offices.find((office) => office.communeCodes.includes(form.communeCode));
  const agency = agencies.find((candidate) => candidate.agencyCode === form.agencyCode);
  const agencyOffice = offices.find((office) => office.postOfficeCode === agency?.postOfficeCode);
  if (!citizenOffice || !agencyOffice || (!form.pickup && !form.return)) return null;
  const routeClass = routeClassBetween(citizenOffice, agencyOffice);
  const items = [
    ...(form.pickup ? [{ itemCode: 'inbound', direction: 'inbound' as const, routeClass }] : []),
    ...(form.return ? [{ itemCode: 'outbound', direction: 'outbound' as const, routeClass }] : []),
  ];
  try {
    return quoteDossier({
      ...(tariff ? { tariff } : {}),
      items,
      fees: form.fees,
      exemption: form.exemption,
      agencyProvinceCode: agencyOffice.provinceCode,
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function QuotePanel({ quote }: { quote: ReturnType<typeof liveQuote> }) {
  if (!quote) return <p class="quote">Chọn cơ quan và xã/phường để xem cước.</p>;
  if ('error' in quote) return <Message tone="error">{quote.error}</Message>;
  return (
    <div class="quote" aria-live="polite">
      <h2>Cước và phí</h2>
      <ul>
        {quote.lines.map((line, index) => (
          <li key={index}>
            {line.name} ({line.collectAt === 'pickup' ? 'thu khi nhận' : 'thu khi trả'}):{' '}
            {formatVnd(line.amount)}
          </li>
        ))}
      </ul>
      <p>
        Thu khi nhận: <strong data-testid="due-at-pickup">{formatVnd(quote.dueAtPickup)}</strong> · Thu khi
        trả: <strong>{formatVnd(quote.dueAtDelivery)}</strong> · Tổng:{' '}
        <strong>{formatVnd(quote.total)}</strong>
      </p>
    </div>
  );
}

function DocumentRows({ form, change }: { form: Form; change: (next: Partial<Form>) => void }) {
  const update = (index: number, next: Partial<Document>) =>
    change({ documents: form.documents.map((row, at) => (at === index ? { ...row, ...next } : row)) });
  return (
    <fieldset>
      <legend>Thành phần hồ sơ</legend>
      {form.documents.map((row, index) => (
        <div class="row" key={index}>
          <label>
            Tên giấy tờ
            <input
              value={row.name}
              required
              onInput={(event) => update(index, { name: event.currentTarget.value })}
            />
          </label>
          <label>
            Loại
            <select
              value={row.kind}
              onChange={(event) => update(index, { kind: event.currentTarget.value as Document['kind'] })}
            >
              {Object.entries(KIND).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Số bản
            <input
              type="number"
              min={1}
              value={row.count}
              onInput={(event) => update(index, { count: Number(event.currentTarget.value) })}
            />
          </label>
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        onClick={() => change({ documents: [...form.documents, { name: '', kind: 'copy', count: 1 }] })}
      >
        Thêm giấy tờ
      </button>
    </fieldset>
  );
}

function FeeRows({ form, change }: { form: Form; change: (next: Partial<Form>) => void }) {
  const update = (index: number, next: Partial<Fee>) =>
    change({ fees: form.fees.map((row, at) => (at === index ? { ...row, ...next } : row)) });
  return (
    <fieldset>
      <legend>Phí, lệ phí thu hộ cơ quan</legend>
      {form.fees.map((row, index) => (
        <div class="row" key={index}>
          <label>
            Tên khoản
            <input
              value={row.name}
              required
              onInput={(event) =>
                update(index, { name: event.currentTarget.value, code: `FEE-${index + 1}` })
              }
            />
          </label>
          <label>
            Số tiền (đồng)
            <input
              inputMode="numeric"
              value={row.amount}
              onInput={(event) =>
                update(index, { amount: Number(event.currentTarget.value.replace(/\D/g, '')) })
              }
            />
          </label>
          <label>
            Thu khi
            <select
              value={row.collectAt}
              onChange={(event) =>
                update(index, { collectAt: event.currentTarget.value as Fee['collectAt'] })
              }
            >
              <option value="pickup">Nhận hồ sơ</option>
              <option value="delivery">Trả kết quả</option>
            </select>
          </label>
        </div>
      ))}
      <button
        type="button"
        class="secondary"
        onClick={() =>
          change({
            fees: [
              ...form.fees,
              { code: `FEE-${form.fees.length + 1}`, name: 'Lệ phí', amount: 0, collectAt: 'pickup' },
            ],
          })
        }
      >
        Thêm khoản phí
      </button>
    </fieldset>
  );
}

function requestOf(form: Form, offices: Office[], agencies: Agency[]): Registration {
  const office = offices.find((candidate) => candidate.communeCodes.includes(form.communeCode));
  const agency = agencies.find((candidate) => candidate.agencyCode === form.agencyCode);
  return {
    procedure: { code: form.procedureCode, name: form.procedureName },
    agency: { code: form.agencyCode, name: agency?.name ?? form.agencyCode },
    documents: form.documents,
    applicant: {
      fullName: form.fullName,
      phone: form.phone,
      ...(form.idNumber ? { idNumber: form.idNumber } : {}),
      address: {
        line: form.addressLine,
        communeCode: form.communeCode,
        provinceCode: office?.provinceCode ?? '',
      },
    },
    services: { pickup: form.pickup, return: form.return },
    fees: form.fees,
    exemption: form.exemption,
  };
}

function Registered({ answer }: { answer: Schemas['RegisterDossierResponse'] }) {
  const ref = answer.dossier.consignmentRef;
  const [problem, setProblem] = useState<string | null>(null);
  const open = (path: string, name: string) =>
    downloadFile(path, name).catch((error: Error) => setProblem(error.message));
  return (
    <div class="done" role="status">
      <h2>Đã đăng ký hồ sơ {ref}</h2>
      <ul>
        {answer.items.map((item) => (
          <li key={item.itemCode}>
            <span class="code" data-testid={`item-${item.direction}`}>
              {item.itemCode}
            </span>{' '}
            ({item.direction === 'inbound' ? 'chiều đi' : 'chiều về'}){' '}
            <button
              type="button"
              class="link"
              onClick={() => open(`/v1/items/${item.itemCode}/label`, `nhan-${item.itemCode}.pdf`)}
            >
              In nhãn
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={() => open(`/v1/dossiers/${ref}/consignment-slip`, `phieu-gui-${ref}.pdf`)}
      >
        In phiếu gửi hồ sơ
      </button>
      {problem && <Message tone="error">{problem}</Message>}
    </div>
  );
}

function ApplicantFields({
  form,
  change,
  offices,
  agencies,
}: {
  form: Form;
  change: (next: Partial<Form>) => void;
  offices: Office[];
  agencies: Agency[];
}) {
  const communes = offices.flatMap((office) => office.communeCodes.map((code) => ({ code, office })));
  return (
    <>
      <fieldset>
        <legend>Thủ tục</legend>
        <div class="row">
          <label>
            Mã thủ tục
            <input
              value={form.procedureCode}
              required
              onInput={(event) => change({ procedureCode: event.currentTarget.value })}
            />
          </label>
          <label>
            Tên thủ tục
            <input
              value={form.procedureName}
              required
              onInput={(event) => change({ procedureName: event.currentTarget.value })}
            />
          </label>
        </div>
        <AgencySelect
          label="Cơ quan giải quyết"
          value={form.agencyCode}
          change={(agencyCode) => change({ agencyCode })}
          agencies={agencies}
        />
      </fieldset>
      <fieldset>
        <legend>Người nộp</legend>
        <div class="row">
          <label>
            Họ và tên
            <input
              value={form.fullName}
              required
              onInput={(event) => change({ fullName: event.currentTarget.value })}
            />
          </label>
          <label>
            Điện thoại
            <input
              type="tel"
              value={form.phone}
              required
              onInput={(event) => change({ phone: event.currentTarget.value })}
            />
          </label>
          <label>
            Số CCCD
            <input
              inputMode="numeric"
              value={form.idNumber}
              onInput={(event) => change({ idNumber: event.currentTarget.value })}
            />
          </label>
        </div>
        <label>
          Địa chỉ
          <input
            value={form.addressLine}
            required
            onInput={(event) => change({ addressLine: event.currentTarget.value })}
          />
        </label>
        <label>
          Xã/phường
          <select
            value={form.communeCode}
            required
            onChange={(event) => change({ communeCode: event.currentTarget.value })}
          >
            <option value="">— Chọn xã/phường —</option>
            {communes.map(({ code, office }) => (
              <option key={code} value={code}>
                {code} ({office.name})
              </option>
            ))}
          </select>
        </label>
      </fieldset>
    </>
  );
}

function ServiceFields({ form, change }: { form: Form; change: (next: Partial<Form>) => void }) {
  return (
    <fieldset>
      <legend>Dịch vụ</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={form.pickup}
          onChange={(event) => change({ pickup: event.currentTarget.checked })}
        />
        Chuyển hồ sơ đến cơ quan
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={form.return}
          onChange={(event) => change({ return: event.currentTarget.checked })}
        />
        Trả kết quả qua bưu điện
      </label>
      <label>
        Miễn giảm cước
        <select
          value={form.exemption}
          onChange={(event) => change({ exemption: event.currentTarget.value as Form['exemption'] })}
        >
          <option value="none">Không</option>
          <option value="half">Giảm 50%</option>
          <option value="full">Miễn 100%</option>
        </select>
      </label>
    </fieldset>
  );
}

function RegisterDossier() {
  const { offices, agencies, tariff } = useReference();
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [answer, setAnswer] = useState<Schemas['RegisterDossierResponse'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const change = (next: Partial<Form>) => setForm((previous) => ({ ...previous, ...next }));
  const quote = useMemo(() => liveQuote(form, offices, agencies, tariff), [form, offices, agencies, tariff]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const { data, error, response } = await api.POST('/v1/dossiers', {
      body: requestOf(form, offices, agencies),
      headers: { 'idempotency-key': `counter-${crypto.randomUUID()}` },
    });
    if (data) {
      setAnswer(data);
      setForm(EMPTY_FORM);
    } else setProblem(problemText(error, response.status));
  };

  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">Nhận hồ sơ giấy</h2>
      <form onSubmit={submit} class="stack">
        <ApplicantFields form={form} change={change} offices={offices} agencies={agencies} />
        <DocumentRows form={form} change={change} />
        <FeeRows form={form} change={change} />
        <ServiceFields form={form} change={change} />
        <QuotePanel quote={quote} />
        <button type="submit">Đăng ký hồ sơ</button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {answer && <Registered answer={answer} />}
    </section>
  );
}

const S10 = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

async function findDossier(ref: string) {
  let dossierRef = ref;
  if (S10.test(ref)) {
    const item = await api.GET('/v1/items/{itemCode}', { params: { path: { itemCode: ref } } });
    if (!item.data) return item;
    dossierRef = item.data.dossierCode ?? item.data.consignmentRef;
  }
  return api.GET('/v1/dossiers/{dossierRef}', { params: { path: { dossierRef } } });
}

const PHONE = /^(0|\+84)\d{9}$/;

/** The dossiers of a phone number that this office serves: several, so a list to choose from. */
function PhoneMatches({ phone, open }: { phone: string; open: (ref: string) => void }) {
  const list = usePagedList<Schemas['DossierSummary']>(async (cursor) => {
    const answer = await api.GET('/v1/dossiers', {
      params: { query: { phone, ...(cursor ? { cursor } : {}) } },
    });
    return { ...answer, rows: answer.data?.dossiers };
  });
  useEffect(() => void list.start(), [phone]);
  return (
    <div class="stack">
      {list.problem && <Message tone="error">{list.problem}</Message>}
      <Table
        caption={`Hồ sơ của số điện thoại ${phone}`}
        download={`ho-so-${phone}`}
        rows={list.rows}
        empty="Không có hồ sơ nào của số này tại bưu cục"
        columns={[
          { label: 'Mã hồ sơ', value: (row) => row.dossierCode ?? row.consignmentRef },
          { label: 'Thủ tục', value: (row) => row.procedureName },
          { label: 'Người nộp', value: (row) => row.applicantName },
          { label: 'Trạng thái', value: (row) => DOSSIER_STATUS[row.status] ?? row.status },
          { label: 'Đăng ký lúc', value: (row) => formatDateTime(row.registeredAt) },
          {
            label: 'Thao tác',
            value: () => '',
            render: (row) => (
              <button type="button" class="link" onClick={() => open(row.consignmentRef)}>
                Mở
              </button>
            ),
          },
        ]}
      />
      <MoreButton list={list} />
    </div>
  );
}

function FindDossier() {
  const [ref, setRef] = useState('');
  const [found, setFound] = useState<Schemas['DossierView'] | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const open = async (trimmed: string) => {
    setProblem(null);
    const answer = await findDossier(S10.test(trimmed.toUpperCase()) ? trimmed.toUpperCase() : trimmed);
    if (answer.data && 'dossier' in answer.data) setFound(answer.data);
    else {
      setFound(null);
      setProblem(
        answer.response.status === 404 ? 'Không tìm thấy' : problemText(answer.error, answer.response.status),
      );
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = ref.trim().replaceAll(' ', '');
    setFound(null);
    if (PHONE.test(trimmed)) setPhone(trimmed);
    else {
      setPhone(null);
      void open(ref.trim());
    }
  };
  return (
    <section aria-labelledby="find-title">
      <h2 id="find-title">Tìm hồ sơ</h2>
      <form onSubmit={submit} class="row">
        <label>
          Mã hồ sơ, mã phiếu gửi (PG…), mã bưu gửi hoặc số điện thoại
          <input value={ref} required onInput={(event) => setRef(event.currentTarget.value)} />
        </label>
        <button type="submit">Tìm</button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {phone && <PhoneMatches phone={phone} open={(consignmentRef) => void open(consignmentRef)} />}
      {found && (
        <div class="found">
          <h3>
            {found.dossier.dossierCode ?? found.dossier.consignmentRef} —{' '}
            {DOSSIER_STATUS[found.dossier.status]}
          </h3>
          <p>
            {found.dossier.procedure.name} · {found.dossier.applicant.fullName} · {found.dossier.agency.name}
          </p>
          <ul>
            {found.items.map((item) => (
              <li key={item.itemCode}>
                {item.itemCode}: {ITEM_STATUS[item.status] ?? item.status}
              </li>
            ))}
          </ul>
          <ol class="steps">
            {found.timeline.map((step, index) => (
              <li key={index}>
                <time dateTime={step.occurredAt}>{formatDateTime(step.occurredAt)}</time>{' '}
                {timelineWords(step.type)}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function Manifests() {
  const agencies = useAgencies();
  const current = session.value!;
  const [kind, setKind] = useState<Schemas['CreateManifestInput']['kind']>('handover-to-agency');
  const [agencyCode, setAgencyCode] = useState('');
  const [codes, setCodes] = useState('');
  const [made, setMade] = useState<Schemas['Manifest'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const itemCodes = codes
      .toUpperCase()
      .split(/[\s,;]+/)
      .filter((code) => code !== '');
    const { data, error, response } = await api.POST('/v1/manifests', {
      body: { kind, agencyCode, postOfficeCode: current.postOfficeCode ?? '', itemCodes },
    });
    if (data) setMade(data);
    else setProblem(problemText(error, response.status));
  };
  return (
    <section aria-labelledby="manifest-title">
      <h2 id="manifest-title">Biên bản giao nhận</h2>
      <form onSubmit={submit} class="stack">
        <div class="row">
          <label>
            Loại biên bản
            <select value={kind} onChange={(event) => setKind(event.currentTarget.value as typeof kind)}>
              <option value="handover-to-agency">Giao hồ sơ cho cơ quan</option>
              <option value="collect-from-agency">Nhận kết quả từ cơ quan</option>
            </select>
          </label>
          <AgencySelect
            label="Cơ quan giao nhận"
            value={agencyCode}
            change={setAgencyCode}
            agencies={agencies}
          />
        </div>
        <label>
          Các mã bưu gửi (mỗi dòng một mã)
          <textarea
            rows={4}
            value={codes}
            required
            onInput={(event) => setCodes(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Lập biên bản</button>
      </form>
      {problem && <Message tone="error">{problem}</Message>}
      {made && (
        <div class="done" role="status">
          <p>
            Đã lập biên bản <strong data-testid="manifest-id">{made.manifestId}</strong> (
            {made.itemCodes.length} bưu gửi).{' '}
            <button
              type="button"
              class="link"
              onClick={() =>
                void downloadFile(
                  `/v1/manifests/${made.manifestId}/document`,
                  `bien-ban-${made.manifestId}.pdf`,
                )
              }
            >
              In biên bản
            </button>
          </p>
        </div>
      )}
    </section>
  );
}

export default function Counter() {
  useTitle('Quầy');
  return (
    <div class="page">
      <h1>Quầy tiếp nhận</h1>
      <RegisterDossier />
      <FindDossier />
      <Manifests />
      <ManifestConfirmation title="Xác nhận nhận kết quả từ cơ quan" />
    </div>
  );
}
