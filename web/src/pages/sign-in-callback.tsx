/**
 * Where Cognito's Hosted UI sends the browser back: the code is traded for the tokens (PKCE),
 * the session starts, and the page the user asked for opens.
 */

import { useEffect, useState } from 'preact/hooks';
import { runtimeConfig } from '../auth/config.ts';
import { completeSignIn } from '../auth/hosted-ui.ts';
import { signIn } from '../session.ts';
import { Message, useTitle } from '../ui.tsx';

export default function SignInCallback() {
  useTitle('Đăng nhập');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const finish = async () => {
      const config = await runtimeConfig();
      if (config.auth !== 'cognito') throw new Error('This console signs in without Cognito');
      const tokens = await completeSignIn(config, new URL(location.href), {
        origin: location.origin,
        storage: sessionStorage,
      });
      signIn(tokens.idToken);
      location.replace(tokens.next);
    };
    finish().catch(() => setProblem('Đăng nhập không thành công, vui lòng thử lại'));
  }, []);

  return (
    <section class="narrow">
      <h1>Đăng nhập</h1>
      {problem ? (
        <>
          <Message tone="error">{problem}</Message>
          <a href="/sign-in">Đăng nhập lại</a>
        </>
      ) : (
        <p>Đang hoàn tất đăng nhập…</p>
      )}
    </section>
  );
}
