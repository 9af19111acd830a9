/**
 * The development sign-in of the embedded runtime: pick a role, an office and an agency, and
 * the runtime's dev issuer signs a token. In AWS (`/config.json` says `cognito`) the page sends
 * the browser straight to Cognito's Hosted UI instead (authorization code with PKCE).
 */

import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { runtimeConfig } from '../auth/config.ts';
import { startSignIn } from '../auth/hosted-ui.ts';
import { type Role, signIn } from '../session.ts';
import { Message, useTitle } from '../ui.tsx';
import { ROLE } from '../words.ts';

interface Choices {
  roles: Role[];
  postOffices: { code: string; name: string }[];
  agencies: { code: string; name: string }[];
}

const HOME_OF: Partial<Record<Role, string>> = {
  'postal-staff': '/scan',
  'postal-supervisor': '/supervisor',
  agency: '/agency',
  finance: '/finance',
};

export default function SignIn() {
  useTitle('Đăng nhập');
  const { query } = useLocation();
  const [choices, setChoices] = useState<Choices | null>(null);
  const [role, setRole] = useState<Role>('postal-staff');
  const [office, setOffice] = useState('');
  const [agency, setAgency] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [toHostedUi, setToHostedUi] = useState(false);

  useEffect(() => {
    runtimeConfig()
      .then(async (config) => {
        if (config.auth === 'development') return showDevelopmentChoices();
        setToHostedUi(true);
        const hostedUi = await startSignIn(config, query.next ?? '/', {
          origin: location.origin,
          storage: sessionStorage,
        });
        location.assign(hostedUi);
      })
      .catch(() => setProblem('Không mở được trang đăng nhập'));
  }, []);

  const showDevelopmentChoices = () =>
    fetch('/local/sign-in')
      .then((answer) => (answer.ok ? (answer.json() as Promise<Choices>) : Promise.reject(answer.status)))
      .then((found) => {
        setChoices(found);
        setOffice(found.postOffices[0]?.code ?? '');
        setAgency(found.agencies[0]?.code ?? '');
      })
      .catch(() => setProblem('Không lấy được danh sách đăng nhập thử (chỉ có khi chạy npm start)'));

  const postal = role === 'postal-staff' || role === 'postal-supervisor';
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    const answer = await fetch('/local/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role,
        ...(postal ? { postOfficeCode: office } : {}),
        ...(role === 'agency' ? { agencyCode: agency } : {}),
      }),
    }).catch(() => null);
    if (!answer?.ok) {
      setProblem('Đăng nhập không thành công');
      return;
    }
    const { token } = (await answer.json()) as { token: string };
    signIn(token);
    const next =
      query.next?.startsWith('/') && !query.next.startsWith('//') ? query.next : (HOME_OF[role] ?? '/');
    // A fresh load of the page asked for, as the Hosted UI's redirect back would be.
    location.replace(next);
  };

  if (toHostedUi) {
    return (
      <section class="narrow">
        <h1>Đăng nhập</h1>
        {problem ? <Message tone="error">{problem}</Message> : <p>Đang chuyển đến trang đăng nhập…</p>}
      </section>
    );
  }

  return (
    <section class="narrow">
      <h1>Đăng nhập thử</h1>
      <p>Môi trường chạy trên máy: chọn vai trò, bưu cục và cơ quan.</p>
      {problem && <Message tone="error">{problem}</Message>}
      {choices && (
        <form onSubmit={submit} class="stack">
          <label>
            Vai trò
            <select value={role} onChange={(event) => setRole(event.currentTarget.value as Role)}>
              {choices.roles.map((option) => (
                <option key={option} value={option}>
                  {ROLE[option] ?? option}
                </option>
              ))}
            </select>
          </label>
          {postal && (
            <label>
              Bưu cục
              <select value={office} onChange={(event) => setOffice(event.currentTarget.value)}>
                {choices.postOffices.map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.code} — {option.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {role === 'agency' && (
            <label>
              Cơ quan
              <select value={agency} onChange={(event) => setAgency(event.currentTarget.value)}>
                {choices.agencies.map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.code} — {option.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit">Đăng nhập</button>
        </form>
      )}
    </section>
  );
}
