/** Random identifiers in Crockford's base32: no I, L, O or U, so they survive being read aloud or typed. */
import { randomInt } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `prefix` followed by `length` random characters (5 bits each). */
export function crockfordId(prefix: string, length: number, lowerCase = false): string {
  let id = '';
  for (let index = 0; index < length; index += 1) id += CROCKFORD[randomInt(32)];
  return `${prefix}${lowerCase ? id.toLowerCase() : id}`;
}
