/**
 * Sign-in through Cognito's Hosted UI: the authorization code grant with PKCE, as a public
 * client (no secret). oauth4webapi builds and checks every message; this module only keeps the
 * one-time values of a sign-in (state, code verifier, the page to return to) between leaving
 * for the Hosted UI and coming back, in sessionStorage, which ends with the tab.
 *
 * Nothing here touches `location` or the global storage: the callers pass them, so the flow is
 * tested in Node against a token endpoint the test plays.
 */
import * as oauth from 'oauth4webapi';

/** What `/config.json` says when the deployment signs in through Cognito. */
export interface CognitoConfig {
  readonly auth: 'cognito';
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly cognitoDomain: string;
  readonly clientId: string;
  /** The `iss` of the user pool's tokens. */
  readonly issuer: string;
  readonly scopes: readonly string[];
}

/** Where the Hosted UI sends the browser back with the code. */
export const CALLBACK_PATH = '/auth/callback';
const PENDING_KEY = 'bcci.sign-in';
/** How long a sign-in may stay at the Hosted UI before its one-time values are refused. */
export const SIGN_IN_TIMEOUT_MS = 30 * 60 * 1000;

interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
  readonly next: string;
  readonly startedAt: number;
}

export interface HostedUiOptions {
  /** The console's origin, `https://d111111abcdef8.cloudfront.net`. */
  readonly origin: string;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface SignedInTokens {
  /** The ID token: the API reads the groups and the tenant attributes (`custom:*`) from it. */
  readonly idToken: string;
  readonly accessToken: string;
  /** The page the user was on when asked to sign in. */
  readonly next: string;
}

const authorizationServer = (config: CognitoConfig): oauth.AuthorizationServer => ({
  issuer: config.issuer,
  authorization_endpoint: `${config.cognitoDomain}/oauth2/authorize`,
  token_endpoint: `${config.cognitoDomain}/oauth2/token`,
  end_session_endpoint: `${config.cognitoDomain}/logout`,
});

/** Only a path of this console, never another site (`//evil.example`). */
export const safeNext = (next: string | undefined): string =>
  next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

/**
 * The Hosted UI address to send the browser to, after keeping the sign-in's state and code
 * verifier; only the verifier's SHA-256 challenge leaves the browser.
 */
export async function startSignIn(config: CognitoConfig, next: string, options: HostedUiOptions) {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pending: PendingSignIn = {
    state,
    codeVerifier,
    next: safeNext(next),
    startedAt: (options.now ?? Date.now)(),
  };
  options.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(authorizationServer(config).authorization_endpoint as string);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', `${options.origin}${CALLBACK_PATH}`);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url;
}

function takePending(options: HostedUiOptions): PendingSignIn {
  const kept = options.storage.getItem(PENDING_KEY);
  options.storage.removeItem(PENDING_KEY);
  if (!kept) throw new Error('No sign-in was started in this tab');
  const pending = JSON.parse(kept) as PendingSignIn;
  if ((options.now ?? Date.now)() - pending.startedAt > SIGN_IN_TIMEOUT_MS) {
    throw new Error('The sign-in took too long');
  }
  return pending;
}

/**
 * Back from the Hosted UI: checks the state, trades the code and the verifier for the tokens at
 * the token endpoint, and checks the ID token's issuer and audience. The one-time values are
 * gone afterwards, whatever the outcome, so a callback address cannot be replayed.
 */
export async function completeSignIn(
  config: CognitoConfig,
  callbackUrl: URL,
  options: HostedUiOptions,
): Promise<SignedInTokens> {
  const pending = takePending(options);
  const server = authorizationServer(config);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(server, client, callbackUrl, pending.state);
  const fetchOption = options.fetch ? { [oauth.customFetch]: options.fetch } : {};
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    params,
    `${options.origin}${CALLBACK_PATH}`,
    pending.codeVerifier,
    fetchOption,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(server, client, response);
  if (!tokens.id_token) throw new Error('The token endpoint sent no ID token');
  return { idToken: tokens.id_token, accessToken: tokens.access_token, next: pending.next };
}

/** The Hosted UI's sign-out, which ends its own session and comes back to the console. */
export function signOutUrl(config: CognitoConfig, origin: string): URL {
  const url = new URL(`${config.cognitoDomain}/logout`);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('logout_uri', `${origin}/`);
  return url;
}
