/**
 * Demo identities of the embedded runtime: the post office and the agency that the
 * printed dev tokens (`npm start`, `npm run token`) speak for. One place, so that the
 * runtime, the token script, seeds and tests agree.
 */
import type { DevTokenRequest } from '../../functions/commons/auth/dev-issuer.ts';
import type { Role } from '../manifest.ts';

export const DEMO = {
  /** The demo post office (bưu cục) whose staff the postal tokens represent. */
  postOfficeCode: 'BC-HN-01',
  /** The demo agency (one-stop shop) the agency token represents: an identifier of the national catalogue. */
  agencyCode: '000.00.06.H26',
  /** The province the observer token reads the indicators of (Hà Nội). */
  provinceCode: '01',
} as const;

export interface DemoTokenOptions {
  readonly agencyCode?: string;
  readonly postOfficeCode?: string;
  readonly provinceCode?: string;
  readonly subject?: string;
  readonly lifetimeSeconds?: number;
}

/**
 * What a dev token for `role` carries: postal roles speak for a post office, the agency role
 * for an agency, an observer for a province; finance and admin are national and carry none
 * unless asked.
 */
export function demoTokenRequest(role: Role, options: DemoTokenOptions = {}): DevTokenRequest {
  const postal = role === 'postal-staff' || role === 'postal-supervisor';
  const postOfficeCode = options.postOfficeCode ?? (postal ? DEMO.postOfficeCode : undefined);
  const agencyCode = options.agencyCode ?? (role === 'agency' ? DEMO.agencyCode : undefined);
  const provinceCode = options.provinceCode ?? (role === 'observer' ? DEMO.provinceCode : undefined);
  return {
    role,
    ...(options.subject ? { subject: options.subject } : {}),
    ...(postOfficeCode ? { postOfficeCode } : {}),
    ...(agencyCode ? { agencyCode } : {}),
    ...(provinceCode ? { provinceCode } : {}),
    ...(options.lifetimeSeconds ? { lifetimeSeconds: options.lifetimeSeconds } : {}),
  };
}
