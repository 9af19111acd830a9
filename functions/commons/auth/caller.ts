/**
 * One claims reader for both issuers: Cognito in AWS and the dev issuer locally.
 * API Gateway's JWT authorizer hands the claims over as strings (an array claim becomes
 * `"[a b]"`); the local runtime does the same, and plain arrays are accepted too.
 */
import { ROLES, type Role } from '../../../infra/manifest.ts';

export interface Caller {
  /** The token's subject: a user, or a machine client. */
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly postOfficeCode: string | undefined;
  readonly agencyCode: string | undefined;
  /** An observer's province: the indicators it may read. */
  readonly provinceCode?: string | undefined;
}

type Claims = Record<string, unknown>;

const RESOURCE_SERVER = 'bcci-bridge';
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** `["a","b"]`, `"[a b]"`, `"a,b"`, `"a b"` → `['a', 'b']`. */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return claimList(parsed);
    } catch {
      // API Gateway's own form: "[a b]" — not JSON.
    }
    return claimList(trimmed.slice(1, -1));
  }
  return trimmed.split(/[\s,]+/).filter((entry) => entry.length > 0);
}

const stringClaim = (claims: Claims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

export function readCaller(claims: Claims | undefined): Caller | null {
  if (!claims) return null;
  const subject = stringClaim(claims, 'sub') ?? stringClaim(claims, 'client_id');
  if (!subject) return null;
  const groupRoles = claimList(claims['cognito:groups']).filter(isRole);
  // Machine clients (client credentials) carry scopes such as `bcci-bridge/agency` instead of groups.
  const scopeRoles = claimList(claims.scope)
    .filter((scope) => scope.startsWith(`${RESOURCE_SERVER}/`))
    .map((scope) => scope.slice(RESOURCE_SERVER.length + 1))
    .filter(isRole);
  const roles = [...new Set([...groupRoles, ...scopeRoles])];
  return {
    subject,
    roles,
    postOfficeCode: stringClaim(claims, 'custom:postOfficeCode') ?? stringClaim(claims, 'postOfficeCode'),
    agencyCode: stringClaim(claims, 'custom:agencyCode') ?? stringClaim(claims, 'agencyCode'),
    provinceCode: stringClaim(claims, 'custom:provinceCode') ?? stringClaim(claims, 'provinceCode'),
  };
}

export const hasAnyRole = (caller: Caller, allowed: readonly Role[]): boolean =>
  caller.roles.some((role) => allowed.includes(role));
