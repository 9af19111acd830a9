/**
 * Item sizes and capacity units by DynamoDB's published rules
 * (Developer Guide: "Item sizes and formats", "DynamoDB read and write capacity units"):
 *
 * - an attribute costs the UTF-8 bytes of its name plus its value;
 * - strings: UTF-8 bytes; binary: bytes; numbers: 1 byte per two significant digits + 1;
 *   booleans and null: 1 byte; sets: the sum of their elements;
 * - lists and maps: 3 bytes, plus 1 byte and the size of each element (a map element counts
 *   its name too);
 * - writes: 1 unit per started KB of item size, reads: 1 unit per started 4 KB (strongly
 *   consistent; half for eventually consistent), transactions twice that, never less than
 *   one unit per item.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** `-0012.3400e5` → 3 significant digits (123) → 3 bytes. */
export function numberSize(text: string): number {
  const mantissa = text.trim().replace(/^[+-]/, '').split(/[eE]/)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, entry) => sum + utf8(entry), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, entry) => sum + numberSize(entry), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, entry) => sum + entry.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, entry) => sum + 1 + valueSize(entry), 0);
  if (value.M !== undefined) {
    return (
      3 + Object.entries(value.M).reduce((sum, [name, entry]) => sum + 1 + utf8(name) + valueSize(entry), 0)
    );
  }
  throw new Error(`Unknown attribute value ${JSON.stringify(value).slice(0, 80)}`);
}

export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/** The size of only some attributes of an item: what an index that projects just those would hold. */
export function projectedSize(item: Item, attributes: ReadonlySet<string>): number {
  return itemSize(Object.fromEntries(Object.entries(item).filter(([name]) => attributes.has(name))));
}

export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
export const readUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
