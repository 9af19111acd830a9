/**
 * Who is signed in: the bearer token and what its claims say (role, office, agency). Kept in
 * sessionStorage, never localStorage: a reload of the tab, online or not, keeps the session;
 * closing the tab ends it, and no other page or script of the origin left behind can read it.
 */
import { signal } from '@preact/signals';
import { runtimeConfig } from './auth/config.ts';
import { signOutUrl } from './auth/hosted-ui.ts';

export type Role = 'postal-staff' | 'postal-supervisor' | 'agency' | 'finance' | 'observer' | 'admin';

export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly subject: string;
  readonly postOfficeCode?: string;
  readonly agencyCode?: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const STORAGE_KEY = 'bcci.session';

function decodePayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
  const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
  return JSON.parse(text) as Record<string, unknown>;
}

/** The session a token stands for; the claims read as the API reads them (Cognito's names). */
export function sessionFromToken(token: string): Session {
  const claims = decodePayload(token);
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const office = claims['custom:postOfficeCode'];
  const agency = claims['custom:agencyCode'];
  return {
    token,
    role: (groups[0] ?? 'observer') as Role,
    subject: String(claims.sub ?? ''),
    ...(typeof office === 'string' ? { postOfficeCode: office } : {}),
    ...(typeof agency === 'string' ? { agencyCode: agency } : {}),
    expiresAt: Number(claims.exp ?? 0),
  };
}

function restore(): Session | null {
  try {
    const token = sessionStorage.getItem(STORAGE_KEY);
    if (!token) return null;
    const session = sessionFromToken(token);
    return session.expiresAt * 1000 > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(restore());

export function signIn(token: string): Session {
  const next = sessionFromToken(token);
  sessionStorage.setItem(STORAGE_KEY, token);
  session.value = next;
  return next;
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  session.value = null;
}

/** Signs out here and, in AWS, at the Hosted UI too (which comes back to the console). */
export async function signOutEverywhere(): Promise<void> {
  signOut();
  const config = await runtimeConfig();
  if (config.auth === 'cognito') location.assign(signOutUrl(config, location.origin));
}
