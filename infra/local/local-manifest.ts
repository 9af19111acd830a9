/**
 * The part of the manifest the embedded runtime reads, typed loosely enough that a test can
 * hand it a fixture manifest with its own functions and queues. `infra/manifest.ts`'s
 * `manifest` satisfies it as it is.
 */
import type { FunctionSpec, HttpMethod, QueueSpec, ScheduleSpec, StreamConsumerSpec } from '../manifest.ts';
import { manifest } from '../manifest.ts';

export type StreamViewType = 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'KEYS_ONLY';

export interface LocalTableSpec {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly {
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey?: string;
    readonly include?: readonly string[];
  }[];
  readonly timeToLiveAttribute?: string;
  readonly stream?: StreamViewType;
}

export type LocalFunctionSpec = Pick<FunctionSpec, 'entry' | 'timeoutSeconds' | 'memoryMb'>;

export interface LocalRouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: string;
  readonly auth: 'public' | readonly string[];
}

export interface LocalQueueSpec extends Omit<QueueSpec, 'consumer'> {
  readonly consumer: string;
}

export interface LocalStreamConsumerSpec extends Omit<StreamConsumerSpec, 'function'> {
  readonly function: string;
}

export interface LocalScheduleSpec extends Omit<ScheduleSpec, 'function'> {
  readonly function: string;
}

export interface LocalManifest {
  readonly table: LocalTableSpec;
  readonly functions: Readonly<Record<string, LocalFunctionSpec>>;
  readonly routes: readonly LocalRouteSpec[];
  readonly defaultRoute?: { readonly function: string };
  readonly queues: Readonly<Record<string, LocalQueueSpec>>;
  readonly streamConsumer?: LocalStreamConsumerSpec;
  readonly schedules: Readonly<Record<string, LocalScheduleSpec>>;
}

/** The system's own manifest, as the runtime reads it. */
export const systemManifest: LocalManifest = manifest;

/** The function a manifest entry names; a typo in a fixture fails loudly. */
export function functionSpec(localManifest: LocalManifest, name: string): LocalFunctionSpec {
  const spec = localManifest.functions[name];
  if (!spec) throw new Error(`The manifest has no function named ${name}`);
  return spec;
}
