import type {
  FunctionName,
  FunctionSpec,
  QueueName,
  QueueSpec,
  RouteSpec,
  ScheduleSpec,
  StreamConsumerSpec,
} from '../manifest.ts';

export interface TableIndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Non-key attributes the index carries; every attribute when absent. */
  readonly include?: readonly string[];
}

export interface TableSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly TableIndexSpec[];
  readonly timeToLiveAttribute: string;
  readonly stream: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';
}

/**
 * The shape of `manifest` the stacks are generated from. It is wider than `typeof manifest`
 * (whose literal types freeze today's values) so that tests can hand the stacks a variant,
 * e.g. with a schedule or bucket access that the manifest does not have yet.
 */
export interface SystemManifest {
  readonly table: TableSpec;
  readonly functions: Readonly<Record<FunctionName, FunctionSpec>>;
  readonly routes: readonly RouteSpec[];
  readonly defaultRoute: { readonly function: FunctionName };
  readonly queues: Readonly<Record<QueueName, QueueSpec>>;
  readonly streamConsumer: StreamConsumerSpec;
  readonly schedules: Readonly<Record<string, ScheduleSpec>>;
}

/** `Object.entries` that keeps the manifest's key types. */
export const entriesOf = <K extends string, V>(record: Readonly<Record<K, V>>): [K, V][] =>
  Object.entries(record) as [K, V][];
