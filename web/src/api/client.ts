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

const STATUS_WORDS: Record<number, string> = {
  400: 'Dữ liệu không hợp lệ',
  401: 'Cần đăng nhập lại',
  403: 'Không có quyền thực hiện',
  404: 'Không tìm thấy',
  409: 'Trùng hoặc xung đột với dữ liệu đã có',
  413: 'Dữ liệu quá lớn',
  422: 'Không thực hiện được',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
};

/** What a failed call says, in one line for people: the status in Vietnamese, then the API's detail. */
export function problemText(error: unknown, status?: number): string {
  if (status === undefined) return 'Không kết nối được máy chủ';
  const words = STATUS_WORDS[status] ?? (status >= 500 ? 'Lỗi máy chủ' : `Lỗi ${status}`);
  const detail =
    error && typeof error === 'object' && 'detail' in error ? (error as Problem).detail : undefined;
  return detail ? `${words} (${detail})` : words;
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
