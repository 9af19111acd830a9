/**
 * Prices the DynamoDB requests our code sends, by DynamoDB's published rules, from the
 * requests themselves (through functions/adapters/dynamodb/capacity-recorder.ts) and the
 * items they touch — never from DynamoDB Local's ConsumedCapacity.
 *
 * Item sizes come from the table itself, read with a separate client that is not observed:
 * a write is priced by the larger of the item before and after it (that is what DynamoDB
 * bills for a replacing Put, an UpdateItem and a ConditionCheck), a read by the items it
 * returns (a Query is replayed without projection or filter: DynamoDB bills what it reads,
 * not what it returns). Index writes follow the Developer Guide's rules for global secondary
 * indexes: one write when an item enters or leaves an index or when an attribute the index
 * carries changes, two when its index key changes, none otherwise; an index entry is the
 * item's keys, the index's keys and the attributes the index projects (all, or `include`).
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type {
  DynamoRequest,
  DynamoRequestObserver,
} from '../../functions/adapters/dynamodb/capacity-recorder.ts';
import { type Item, itemSize, readUnits, writeUnits } from './dynamo-size.ts';

export interface IndexShape {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** The non-key attributes an INCLUDE projection carries; all attributes when absent. */
  readonly include?: readonly string[];
}

export interface TableShape {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly IndexShape[];
}

export interface ChargeLine {
  readonly kind: 'read' | 'write' | 'index-write';
  /** The action: `Put`, `Update`, `Query`, `BatchGet`, … and the index for index writes. */
  readonly action: string;
  readonly key: string;
  readonly bytes: number;
  readonly units: number;
}

export interface Charge {
  /** Who sent it (an invocation id), as the `attribute` callback said when the request went out. */
  readonly label: string | undefined;
  readonly command: string;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly indexWriteUnits: number;
  /** Items the request changed: one stream record each. */
  readonly streamRecords: number;
  readonly lines: readonly ChargeLine[];
  /** Items a Query or Scan read (for projections the report reasons about). */
  readonly itemsRead: readonly Item[];
  readonly failed: boolean;
}

type Key = Record<string, AttributeValue>;
/** The inputs of several commands, in DynamoDB JSON, read field by field below. */
// biome-ignore lint/suspicious/noExplicitAny: one shape per command; each case reads the fields it knows
type Input = Record<string, any>;

interface WriteAction {
  readonly action: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  readonly table: string;
  readonly key: Key;
  readonly item?: Item;
  readonly transactional: boolean;
}

/** `ITEM#RK…VN / FACT#scan-1`: the key's values, partition first. */
const keyText = (_table: string, key: Key): string =>
  Object.values(key)
    .map((value) => value.S ?? value.N ?? '?')
    .join(' / ');

/** Stable text of an item, to tell whether a write changed it. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('base64')}`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonical((value as Record<string, unknown>)[name])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The placeholders (`#name`, `:value`) an expression uses. */
const placeholders = (expression: string | undefined, sigil: '#' | ':'): Set<string> =>
  new Set(expression?.match(sigil === '#' ? /#[A-Za-z0-9_]+/g : /:[A-Za-z0-9_]+/g) ?? []);

/** The same Query or Scan without projection and filter: what DynamoDB reads, and bills for. */
function readEverything<T extends QueryCommandInput | ScanCommandInput>(input: T): T {
  const {
    ProjectionExpression: _projection,
    FilterExpression: _filter,
    Select: _select,
    AttributesToGet: _attributes,
    ...rest
  } = input as QueryCommandInput & ScanCommandInput;
  const kept = (rest as QueryCommandInput).KeyConditionExpression;
  const names = placeholders(kept, '#');
  const values = placeholders(kept, ':');
  const pick = <V>(entries: Record<string, V> | undefined, used: Set<string>) => {
    const chosen = Object.entries(entries ?? {}).filter(([name]) => used.has(name));
    return chosen.length > 0 ? Object.fromEntries(chosen) : undefined;
  };
  return {
    ...rest,
    ExpressionAttributeNames: pick(rest.ExpressionAttributeNames, names),
    ExpressionAttributeValues: pick(rest.ExpressionAttributeValues, values),
  } as T;
}

export interface CapacityMeter {
  readonly observe: DynamoRequestObserver;
  readonly charges: Charge[];
}

export function createCapacityMeter(options: {
  /** A client on the same table that nobody observes. */
  readonly reader: DynamoDBClient;
  readonly table: TableShape;
  /** Labels each charge with who sent the request (an AsyncLocalStorage lookup). */
  readonly attribute: () => string | undefined;
}): CapacityMeter {
  const { reader, table } = options;
  const keyNames = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
  const keyOf = (item: Item): Key =>
    Object.fromEntries(keyNames.map((name) => [name, item[name] as AttributeValue]));

  const readItem = async (tableName: string, key: Key): Promise<Item | undefined> =>
    (await reader.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  function writeActions(request: DynamoRequest): WriteAction[] {
    const input = request.input as Input;
    switch (request.commandName) {
      case 'PutItemCommand':
        return [
          {
            action: 'Put',
            table: input.TableName,
            key: keyOf(input.Item),
            item: input.Item,
            transactional: false,
          },
        ];
      case 'UpdateItemCommand':
        return [{ action: 'Update', table: input.TableName, key: input.Key, transactional: false }];
      case 'DeleteItemCommand':
        return [{ action: 'Delete', table: input.TableName, key: input.Key, transactional: false }];
      case 'BatchWriteItemCommand':
        return Object.entries(
          input.RequestItems as Record<
            string,
            { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Key } }[]
          >,
        ).flatMap(([tableName, requests]) =>
          requests.map(
            (entry): WriteAction =>
              entry.PutRequest
                ? {
                    action: 'Put',
                    table: tableName,
                    key: keyOf(entry.PutRequest.Item),
                    item: entry.PutRequest.Item,
                    transactional: false,
                  }
                : {
                    action: 'Delete',
                    table: tableName,
                    key: entry.DeleteRequest?.Key as Key,
                    transactional: false,
                  },
          ),
        );
      case 'TransactWriteItemsCommand':
        return (
          input.TransactItems as {
            Put?: { TableName: string; Item: Item };
            Update?: { TableName: string; Key: Key };
            Delete?: { TableName: string; Key: Key };
            ConditionCheck?: { TableName: string; Key: Key };
          }[]
        ).map((entry): WriteAction => {
          if (entry.Put) {
            const { TableName, Item } = entry.Put;
            return { action: 'Put', table: TableName, key: keyOf(Item), item: Item, transactional: true };
          }
          const [action, body] = Object.entries(entry)[0] as [
            WriteAction['action'],
            { TableName: string; Key: Key },
          ];
          return { action, table: body.TableName, key: body.Key, transactional: true };
        });
      default:
        return [];
    }
  }

  const inIndex = (item: Item | undefined, index: IndexShape): boolean =>
    item !== undefined &&
    item[index.partitionKey] !== undefined &&
    (index.sortKey === undefined || item[index.sortKey] !== undefined);

  const indexKeyNames = (index: IndexShape) => [
    index.partitionKey,
    ...(index.sortKey ? [index.sortKey] : []),
  ];

  const sameIndexKey = (left: Item, right: Item, index: IndexShape): boolean =>
    indexKeyNames(index).every((name) => canonical(left[name]) === canonical(right[name]));

  /** What the index holds of an item: everything, or the keys and the included attributes. */
  const entryOf = (item: Item, index: IndexShape): Item => {
    if (!index.include) return item;
    const carried = new Set([...keyNames, ...indexKeyNames(index), ...index.include]);
    return Object.fromEntries(Object.entries(item).filter(([name]) => carried.has(name)));
  };

  function priceWrite(write: WriteAction, before: Item | undefined, after: Item | undefined): ChargeLine[] {
    const bytes =
      write.action === 'Put'
        ? Math.max(itemSize(before), itemSize(write.item))
        : write.action === 'Update'
          ? Math.max(itemSize(before), itemSize(after))
          : itemSize(before);
    const key = keyText(write.table, write.key);
    const lines: ChargeLine[] = [
      {
        kind: 'write',
        action: write.action,
        key,
        bytes,
        units: writeUnits(bytes) * (write.transactional ? 2 : 1),
      },
    ];
    if (canonical(before) === canonical(after)) return lines;
    for (const index of table.indexes) {
      const wasIn = inIndex(before, index);
      const isIn = inIndex(after, index);
      const indexWrite = (item: Item, what: string): ChargeLine => {
        const bytes = itemSize(entryOf(item, index));
        return { kind: 'index-write', action: `${index.name} ${what}`, key, bytes, units: writeUnits(bytes) };
      };
      if (wasIn && isIn && before && after) {
        if (!sameIndexKey(before, after, index))
          lines.push(indexWrite(before, 'delete'), indexWrite(after, 'put'));
        else if (canonical(entryOf(before, index)) !== canonical(entryOf(after, index))) {
          lines.push(indexWrite(after, 'update'));
        }
      } else if (isIn && after) lines.push(indexWrite(after, 'put'));
      else if (wasIn && before) lines.push(indexWrite(before, 'delete'));
    }
    return lines;
  }

  async function priceReads(request: DynamoRequest): Promise<{ lines: ChargeLine[]; itemsRead: Item[] }> {
    const input = request.input as Input;
    const factor = (consistent: boolean | undefined) => (consistent ? 1 : 0.5);
    switch (request.commandName) {
      case 'GetItemCommand': {
        const item = await readItem(input.TableName, input.Key);
        const bytes = itemSize(item);
        const units = readUnits(bytes) * factor(input.ConsistentRead);
        return {
          lines: [{ kind: 'read', action: 'Get', key: keyText(input.TableName, input.Key), bytes, units }],
          itemsRead: [],
        };
      }
      case 'BatchGetItemCommand': {
        const tables = Object.entries(
          input.RequestItems as Record<string, { Keys: Key[]; ConsistentRead?: boolean }>,
        );
        const lines = await Promise.all(
          tables.flatMap(([tableName, request]) =>
            request.Keys.map(async (key): Promise<ChargeLine> => {
              const bytes = itemSize(await readItem(tableName, key));
              const units = readUnits(bytes) * factor(request.ConsistentRead);
              return { kind: 'read', action: 'BatchGet', key: keyText(tableName, key), bytes, units };
            }),
          ),
        );
        return { lines, itemsRead: [] };
      }
      case 'TransactGetItemsCommand': {
        const gets = (input.TransactItems as { Get: { TableName: string; Key: Key } }[]).map(
          (entry) => entry.Get,
        );
        const lines = await Promise.all(
          gets.map(async (get): Promise<ChargeLine> => {
            const bytes = itemSize(await readItem(get.TableName, get.Key));
            return {
              kind: 'read',
              action: 'TransactGet',
              key: keyText(get.TableName, get.Key),
              bytes,
              units: 2 * readUnits(bytes),
            };
          }),
        );
        return { lines, itemsRead: [] };
      }
      case 'QueryCommand':
      case 'ScanCommand': {
        const replay =
          request.commandName === 'QueryCommand'
            ? await reader.send(new QueryCommand(readEverything(input as unknown as QueryCommandInput)))
            : await reader.send(new ScanCommand(readEverything(input as unknown as ScanCommandInput)));
        const itemsRead = replay.Items ?? [];
        const bytes = itemsRead.reduce((sum, item) => sum + itemSize(item), 0);
        const where = `${input.TableName}${input.IndexName ? `/${input.IndexName}` : ''}`;
        return {
          lines: [
            {
              kind: 'read',
              action: request.commandName === 'QueryCommand' ? 'Query' : 'Scan',
              key: `${where}: ${itemsRead.length} items`,
              bytes,
              units: readUnits(bytes) * factor(input.ConsistentRead),
            },
          ],
          itemsRead,
        };
      }
      default:
        return { lines: [], itemsRead: [] };
    }
  }

  const charges: Charge[] = [];
  const observe: DynamoRequestObserver = async (request, send) => {
    const label = options.attribute();
    const writes = writeActions(request);
    const images = () => Promise.all(writes.map((write) => readItem(write.table, write.key)));
    const before = await images();
    let answer: unknown;
    let failure: { error: unknown } | undefined;
    try {
      answer = await send();
    } catch (error) {
      failure = { error };
    }
    const after = await images();
    const reads = await priceReads(request);
    const lines = [
      ...reads.lines,
      ...writes.flatMap((write, index) => priceWrite(write, before[index], after[index])),
    ];
    const sum = (kind: ChargeLine['kind']) =>
      lines.filter((line) => line.kind === kind).reduce((total, line) => total + line.units, 0);
    charges.push({
      label,
      command: request.commandName,
      readUnits: sum('read'),
      writeUnits: sum('write'),
      indexWriteUnits: sum('index-write'),
      streamRecords: writes.filter((_write, index) => canonical(before[index]) !== canonical(after[index]))
        .length,
      lines,
      itemsRead: reads.itemsRead,
      failed: failure !== undefined,
    });
    if (failure) throw failure.error;
    return answer;
  };
  return { observe, charges };
}
