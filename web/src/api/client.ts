/**
 * The API client, typed from the OpenAPI document (schema.d.ts, by `npm run gen:api`): every
 * path, parameter, body and answer is checked by the compiler against the zod contract.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { session, signOut } from '../session.ts';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

const authorization: Middleware = {
  onRequest({ request }) {
    const token = session.value?.token;
    if (token && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or foreign token: back to the sign-in page rather than a page of errors.
    if (response.status === 401 && session.value) signOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(authorization);

/** What a failed call says, in one line for people. */
export function problemText(error: unknown, status?: number): string {
  if (error && typeof error === 'object' && 'title' in error) {
    const problem = error as Problem;
    return problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
  }
  if (status === undefined) return 'Không kết nối được máy chủ';
  return `Lỗi ${status}`;
}

/** A PDF or CSV the API serves behind the token, opened as a file the browser can show or save. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (session.value) headers.authorization = `Bearer ${session.value.token}`;
  const answer = await fetch(path, { headers });
  if (!answer.ok) throw new Error(`Lỗi ${answer.status}`);
  const url = URL.createObjectURL(await answer.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
