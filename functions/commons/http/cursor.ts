/**
 * Pagination cursors as callers see them: opaque and authenticated. A store's own position
 * (a DynamoDB key, a day and an offset) goes out sealed with an HMAC over the position and
 * the scope it was given for (the route, the account or office, the range asked for); a
 * cursor that was forged, altered, or given for another scope is a 400, and never reaches a
 * store. The key comes from Secrets Manager in AWS and from the data folder locally.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cursorSecret } from '../secrets.ts';
import { HttpProblem } from './problem.ts';

/** Longest cursor accepted: a store position is a few hundred bytes at most. */
export const MAX_CURSOR_LENGTH = 1_500;
const TAG_LENGTH = 22;

const tag = (key: string, scope: string, payload: string): string =>
  createHmac('sha256', key)
    .update(scope)
    .update('\n')
    .update(payload)
    .digest('base64url')
    .slice(0, TAG_LENGTH);

/** `position` sealed for `scope`: `<base64url position>.<tag>`. */
export async function sealCursor(scope: string, position: string): Promise<string> {
  const payload = Buffer.from(position, 'utf8').toString('base64url');
  return `${payload}.${tag(await cursorSecret(), scope, payload)}`;
}

const refused = (): HttpProblem =>
  new HttpProblem('invalid-cursor', 'The cursor is not one this API gave out for this request');

/** The position a cursor sealed for `scope`, or a 400. */
export async function openCursor(scope: string, cursor: string | undefined): Promise<string | undefined> {
  if (cursor === undefined || cursor === '') return undefined;
  const dot = cursor.lastIndexOf('.');
  if (cursor.length > MAX_CURSOR_LENGTH || dot <= 0) throw refused();
  const payload = cursor.slice(0, dot);
  const given = Buffer.from(cursor.slice(dot + 1));
  const expected = Buffer.from(tag(await cursorSecret(), scope, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  return Buffer.from(payload, 'base64url').toString('utf8');
}

/** A store's position (plain JSON) sealed for `scope`; none when the list is at its end. */
export async function sealPosition(scope: string, position: object | null): Promise<string | undefined> {
  return position ? sealCursor(scope, JSON.stringify(position)) : undefined;
}

/** The position a cursor sealed for `scope` by `sealPosition`, or a 400. */
export async function openPosition<T>(scope: string, cursor: string | undefined): Promise<T | undefined> {
  const position = await openCursor(scope, cursor);
  // Sealed by this API from a position it made: well-formed by construction.
  return position === undefined ? undefined : (JSON.parse(position) as T);
}
