/**
 * The development token issuer: signs tokens shaped like Cognito's, so that the same
 * claims reader serves the embedded runtime and AWS. Never used in AWS.
 *
 * The signing key is an ES256 key pair kept in `<dataDir>/dev-issuer.jwk.json`, created
 * on first use, so that `npm run token` and a running `npm start` agree.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../../infra/manifest.ts';

export const DEV_ISSUER = 'https://bcci-bridge.local/dev-issuer';
export const DEV_AUDIENCE = 'bcci-bridge-local';
const ALGORITHM = 'ES256';
const DEFAULT_LIFETIME_SECONDS = 12 * 60 * 60;

export interface DevTokenRequest {
  readonly role: Role;
  readonly subject?: string;
  readonly agencyCode?: string;
  readonly postOfficeCode?: string;
  /** The province an observer reads the indicators of. */
  readonly provinceCode?: string;
  readonly lifetimeSeconds?: number;
}

interface StoredKeyPair {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

export interface DevIssuer {
  sign(request: DevTokenRequest): Promise<string>;
  /** Verifies signature, issuer, audience and expiry; throws on any failure. */
  verify(token: string): Promise<JWTPayload>;
}

export const devKeyFile = (dataDir: string): string => join(dataDir, 'dev-issuer.jwk.json');

async function loadOrCreateKeyPair(file: string): Promise<StoredKeyPair> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKeyPair;
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const stored: StoredKeyPair = {
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
  };
  mkdirSync(dirname(file), { recursive: true });
  // `wx`: when two processes race to create the key, the first one wins and both read it back.
  try {
    writeFileSync(file, JSON.stringify(stored), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as StoredKeyPair;
}

export async function openDevIssuer(dataDir: string): Promise<DevIssuer> {
  const stored = await loadOrCreateKeyPair(devKeyFile(dataDir));
  const privateKey = await importJWK(stored.privateJwk, ALGORITHM);
  const publicKey = await importJWK(stored.publicJwk, ALGORITHM);
  return {
    async sign(request) {
      // One subject per role and tenant: two tenants' callers never share a subject.
      const tenant = request.agencyCode ?? request.postOfficeCode ?? request.provinceCode;
      const subject = request.subject ?? `dev-${request.role}${tenant ? `-${tenant}` : ''}`;
      const claims: JWTPayload = {
        'cognito:groups': [request.role],
        token_use: 'id',
        ...(request.agencyCode ? { 'custom:agencyCode': request.agencyCode } : {}),
        ...(request.postOfficeCode ? { 'custom:postOfficeCode': request.postOfficeCode } : {}),
        ...(request.provinceCode ? { 'custom:provinceCode': request.provinceCode } : {}),
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(`${request.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS}s`)
        .sign(privateKey);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        algorithms: [ALGORITHM],
      });
      return payload;
    },
  };
}
