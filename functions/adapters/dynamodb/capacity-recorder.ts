/**
 * A middleware on a DynamoDB client that hands every request to an observer: the command's
 * name and its input as DynamoDB receives it (attribute values marshalled, after the document
 * client's conversion). The benchmarks price the requests our code sends with it; nothing in
 * the functions attaches it.
 *
 * The observer wraps the request: it calls `send` exactly once and returns what `send` answers,
 * so it can look at the table before and after a write. It sees each command once, however
 * often the SDK retries it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoRequest {
  /** The SDK command: `TransactWriteItemsCommand`, `QueryCommand`, … */
  readonly commandName: string;
  /** The input as sent, in DynamoDB JSON (`{ S: '…' }`). */
  readonly input: Readonly<Record<string, unknown>>;
}

export type DynamoRequestObserver = (
  request: DynamoRequest,
  send: () => Promise<unknown>,
) => Promise<unknown>;

const MIDDLEWARE_NAME = 'bcciCapacityRecorder';

type Next = (args: { input: Record<string, unknown> }) => Promise<unknown>;

/** The part of the SDK's middleware stack this needs; the document client shares its client's stack. */
interface BuildStepStack {
  add(
    middleware: (next: Next, context: { commandName?: string }) => Next,
    options: { step: 'build'; name: string; priority: 'high'; override: true },
  ): void;
  remove(name: string): boolean;
}

/**
 * Attaches `observe` to the client (a later call replaces an earlier observer) and returns
 * the function that detaches it. Sits in the build step: after serialisation, so the input is
 * marshalled, and outside the retry loop.
 */
export function attachCapacityRecorder(
  client: DynamoDBClient | DynamoDBDocumentClient,
  observe: DynamoRequestObserver,
): () => void {
  // The stack's overloaded `add` is typed per step and per client; the build step is all this uses.
  const stack = client.middlewareStack as unknown as BuildStepStack;
  stack.add(
    (next, context) => (args) =>
      observe({ commandName: context.commandName ?? 'UnknownCommand', input: args.input }, () => next(args)),
    { step: 'build', name: MIDDLEWARE_NAME, priority: 'high', override: true },
  );
  return () => {
    stack.remove(MIDDLEWARE_NAME);
  };
}
