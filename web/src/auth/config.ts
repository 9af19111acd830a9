/**
 * How this console signs in, from the `/config.json` beside `index.html`: the deployment writes
 * Cognito's domain and client there; the build's own file says `development` (the embedded
 * runtime's development sign-in). Never precached: a deployment's file always wins. With no
 * network, the last one read in this browser is used.
 */
import type { CognitoConfig } from './hosted-ui.ts';

export type RuntimeConfig = { readonly auth: 'development' } | CognitoConfig;

const LAST_KEY = 'bcci.config';
const DEVELOPMENT: RuntimeConfig = { auth: 'development' };

/** A config read from JSON, or null when it is not one this console understands. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig | null {
  if (typeof value !== 'object' || value === null) return null;
  const config = value as Record<string, unknown>;
  if (config.auth === 'development') return DEVELOPMENT;
  const text = (key: string) => typeof config[key] === 'string' && (config[key] as string).length > 0;
  if (
    config.auth === 'cognito' &&
    text('cognitoDomain') &&
    String(config.cognitoDomain).startsWith('https://') &&
    text('clientId') &&
    text('issuer') &&
    Array.isArray(config.scopes) &&
    config.scopes.every((scope) => typeof scope === 'string')
  ) {
    return config as unknown as CognitoConfig;
  }
  return null;
}

let loaded: Promise<RuntimeConfig> | undefined;

async function read(): Promise<RuntimeConfig> {
  try {
    const answer = await fetch('/config.json', { cache: 'no-store' });
    const config = answer.ok ? parseRuntimeConfig(await answer.json()) : null;
    if (config) {
      localStorage.setItem(LAST_KEY, JSON.stringify(config));
      return config;
    }
  } catch {
    // No network: the last config read below.
  }
  try {
    return parseRuntimeConfig(JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null')) ?? DEVELOPMENT;
  } catch {
    return DEVELOPMENT;
  }
}

/** The console's runtime configuration, read once per page load. */
export function runtimeConfig(): Promise<RuntimeConfig> {
  loaded ??= read();
  return loaded;
}
