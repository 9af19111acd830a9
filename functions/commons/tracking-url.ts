/** The citizen's tracking page of a dossier, as labels print it and notices link to it. */
import { ENV } from '../../infra/manifest.ts';

export const DEFAULT_TRACKING_BASE_URL = 'https://tracuu.bcci-bridge.vn';

export function trackingUrl(dossierRef: string, query: Readonly<Record<string, string>> = {}): string {
  const base = process.env[ENV.trackingBaseUrl] ?? DEFAULT_TRACKING_BASE_URL;
  const search = new URLSearchParams(query).toString();
  return `${base}/track/${encodeURIComponent(dossierRef)}${search ? `?${search}` : ''}`;
}
