/** A JSON POST to a notification provider, bounded in time and in the size of its answer. */
export const PROVIDER_TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Throws on a timeout, a network failure, or an answer that is not JSON. */
export async function postJson(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  timeoutMs: number,
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (text.length > MAX_ANSWER_BYTES)
    throw new Error(`Provider answered ${text.length} bytes, over the limit`);
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new Error(`Provider answered HTTP ${response.status} without JSON`);
  }
}
