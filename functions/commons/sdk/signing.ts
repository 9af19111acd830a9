/**
 * SigV4 signing and the default credential chain (`@smithy/signature-v4`,
 * `@aws-sdk/credential-provider-node`), loaded with require (see ./require.ts).
 */
import type * as CredentialProviderNode from '@aws-sdk/credential-provider-node';
import type * as SignatureV4Package from '@smithy/signature-v4';
import { requireSdk } from './require.ts';

const signature: typeof SignatureV4Package = requireSdk('@smithy/signature-v4');
const credentials: typeof CredentialProviderNode = requireSdk('@aws-sdk/credential-provider-node');

export const { SignatureV4, getSigningKey } = signature;
export type SignatureV4 = SignatureV4Package.SignatureV4;
export const { defaultProvider } = credentials;
