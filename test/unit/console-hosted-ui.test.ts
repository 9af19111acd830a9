import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from '../../web/src/auth/config.ts';
import {
  CALLBACK_PATH,
  type CognitoConfig,
  completeSignIn,
  type HostedUiOptions,
  SIGN_IN_TIMEOUT_MS,
  safeNext,
  signOutUrl,
  startSignIn,
} from '../../web/src/auth/hosted-ui.ts';

const ORIGIN = 'https://d111111abcdef8.cloudfront.net';
const CONFIG: CognitoConfig = {
  auth: 'cognito',
  cognitoDomain: 'https://bcci-bridge-prod.auth.ap-southeast-1.amazoncognito.com',
  clientId: 'console-client-id',
  issuer: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_Example',
  scopes: ['openid', 'email', 'profile'],
};

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const idToken = (claims: Record<string, unknown>) =>
  [
    base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' })),
    base64url(JSON.stringify(claims)),
    'c2ln',
  ].join('.');
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface TokenRequest {
  readonly url: string;
  readonly body: URLSearchParams;
}

/** sessionStorage's three methods over a Map, and a token endpoint that records what it got. */
function harness(claims: Record<string, unknown> = {}) {
  const kept = new Map<string, string>();
  const requests: TokenRequest[] = [];
  let clock = Date.now();
  const tokenEndpoint: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), body: new URLSearchParams(String(init?.body)) });
    const token = idToken({
      iss: CONFIG.issuer,
      aud: CONFIG.clientId,
      sub: 'user-1',
      'cognito:groups': ['postal-staff'],
      iat: nowSeconds(),
      exp: nowSeconds() + 3600,
      ...claims,
    });
    return Response.json({ id_token: token, access_token: 'access', token_type: 'Bearer', expires_in: 3600 });
  };
  const options: HostedUiOptions = {
    origin: ORIGIN,
    storage: {
      getItem: (key) => kept.get(key) ?? null,
      setItem: (key, value) => void kept.set(key, value),
      removeItem: (key) => void kept.delete(key),
    },
    fetch: tokenEndpoint,
    now: () => clock,
  };
  return { kept, requests, options, advance: (ms: number) => (clock += ms) };
}

const callback = (params: Record<string, string>) => {
  const url = new URL(`${ORIGIN}${CALLBACK_PATH}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
};

describe('the Hosted UI sign-in (authorization code with PKCE)', () => {
  it('sends the browser to the authorize endpoint with an S256 challenge and keeps the verifier at home', async () => {
    const { kept, options } = harness();
    const url = await startSignIn(CONFIG, '/scan', options);
    expect(`${url.origin}${url.pathname}`).toBe(`${CONFIG.cognitoDomain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CONFIG.clientId,
      redirect_uri: `${ORIGIN}/auth/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    const pending = JSON.parse([...kept.values()][0] ?? '{}') as { codeVerifier: string; state: string };
    expect(pending.codeVerifier.length).toBeGreaterThanOrEqual(43);
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('code_challenge')).toBe(
      base64url(createHash('sha256').update(pending.codeVerifier).digest()),
    );
    expect(url.toString()).not.toContain(pending.codeVerifier);
  });

  it('trades the code and the verifier for the tokens and returns to the page asked for', async () => {
    const { kept, requests, options } = harness();
    const url = await startSignIn(CONFIG, '/round?day=today', options);
    const tokens = await completeSignIn(
      CONFIG,
      callback({ code: 'the-code', state: url.searchParams.get('state') ?? '' }),
      options,
    );
    expect(tokens.next).toBe('/round?day=today');
    expect(tokens.accessToken).toBe('access');
    expect(JSON.parse(Buffer.from(tokens.idToken.split('.')[1] ?? '', 'base64url').toString())).toMatchObject(
      {
        'cognito:groups': ['postal-staff'],
      },
    );
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe(`${CONFIG.cognitoDomain}/oauth2/token`);
    expect(request?.body.get('grant_type')).toBe('authorization_code');
    expect(request?.body.get('code')).toBe('the-code');
    expect(request?.body.get('client_id')).toBe(CONFIG.clientId);
    expect(request?.body.get('client_secret')).toBeNull();
    expect(request?.body.get('redirect_uri')).toBe(`${ORIGIN}/auth/callback`);
    const verifier = request?.body.get('code_verifier') ?? '';
    expect(base64url(createHash('sha256').update(verifier).digest())).toBe(
      url.searchParams.get('code_challenge'),
    );
    expect(kept.size).toBe(0);
  });

  it('refuses a callback whose state is not the one it sent, before any token request', async () => {
    const { kept, requests, options } = harness();
    await startSignIn(CONFIG, '/scan', options);
    await expect(completeSignIn(CONFIG, callback({ code: 'c', state: 'forged' }), options)).rejects.toThrow();
    expect(requests).toEqual([]);
    expect(kept.size).toBe(0);
  });

  it('refuses the same callback twice: the one-time values are gone after the first', async () => {
    const { requests, options } = harness();
    const url = await startSignIn(CONFIG, '/scan', options);
    const back = callback({ code: 'c', state: url.searchParams.get('state') ?? '' });
    await completeSignIn(CONFIG, back, options);
    await expect(completeSignIn(CONFIG, back, options)).rejects.toThrow('No sign-in was started in this tab');
    expect(requests).toHaveLength(1);
  });

  it('refuses an error answer from the Hosted UI', async () => {
    const { requests, options } = harness();
    const url = await startSignIn(CONFIG, '/scan', options);
    const denied = callback({ error: 'access_denied', state: url.searchParams.get('state') ?? '' });
    await expect(completeSignIn(CONFIG, denied, options)).rejects.toThrow();
    expect(requests).toEqual([]);
  });

  it('refuses an ID token from another issuer or for another client', async () => {
    for (const claims of [
      { iss: 'https://cognito-idp.ap-southeast-1.amazonaws.com/other' },
      { aud: 'other' },
    ]) {
      const { options } = harness(claims);
      const url = await startSignIn(CONFIG, '/scan', options);
      const back = callback({ code: 'c', state: url.searchParams.get('state') ?? '' });
      await expect(completeSignIn(CONFIG, back, options)).rejects.toThrow();
    }
  });

  it('refuses a sign-in that stayed at the Hosted UI past its time', async () => {
    const { requests, options, advance } = harness();
    const url = await startSignIn(CONFIG, '/scan', options);
    advance(SIGN_IN_TIMEOUT_MS + 1);
    const back = callback({ code: 'c', state: url.searchParams.get('state') ?? '' });
    await expect(completeSignIn(CONFIG, back, options)).rejects.toThrow('The sign-in took too long');
    expect(requests).toEqual([]);
  });

  it('returns only to pages of the console', () => {
    expect(safeNext('/agency')).toBe('/agency');
    for (const elsewhere of ['//evil.example/x', '/\\evil.example', 'https://evil.example', undefined]) {
      expect(safeNext(elsewhere)).toBe('/');
    }
  });

  it('signs out at the Hosted UI and comes back to the console', () => {
    const url = signOutUrl(CONFIG, ORIGIN);
    expect(`${url.origin}${url.pathname}`).toBe(`${CONFIG.cognitoDomain}/logout`);
    expect(url.searchParams.get('client_id')).toBe(CONFIG.clientId);
    expect(url.searchParams.get('logout_uri')).toBe(`${ORIGIN}/`);
  });
});

describe("the console's runtime configuration", () => {
  it('reads the development sign-in and a complete Cognito configuration', () => {
    expect(parseRuntimeConfig({ auth: 'development' })).toEqual({ auth: 'development' });
    expect(parseRuntimeConfig(CONFIG)).toEqual(CONFIG);
  });

  it('refuses anything else', () => {
    for (const wrong of [
      null,
      'cognito',
      { auth: 'cognito' },
      { ...CONFIG, cognitoDomain: 'http://insecure.example' },
      { ...CONFIG, clientId: '' },
      { ...CONFIG, scopes: [1] },
      { auth: 'other' },
    ]) {
      expect(parseRuntimeConfig(wrong)).toBeNull();
    }
  });
});
