/**
 * Fault injection for the fault-injection suite, in the embedded runtime only: with
 * `BCCI_FAULTS=seed:rate` a share `rate` of this process's AWS SDK attempts fail before they
 * are sent, the way AWS makes them fail — throttling, which the SDK retries, and, for a
 * DynamoDB transaction, a conflict with another transaction, which it does not (the code
 * must). Choices follow the seed: the same seed makes the same choices in the same order.
 * Without the variable, or outside the local runtime, nothing is added.
 */
import { createHash } from 'node:crypto';
import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { ENV } from '../../infra/manifest.ts';

export const FAULTS_ENV = 'BCCI_FAULTS';
/** A rate above this would stop any work from getting through the SDK's retries. */
export const MAX_FAULT_RATE = 0.5;
/** How each injected fault is logged (one line each), so that a run can count them. */
export const INJECTED_FAULT_LINE = 'fault injected:';

export interface FaultPlan {
  readonly seed: string;
  readonly rate: number;
}

/** `seed:rate`, e.g. `42:0.05`; null when unset; a clear error when malformed. */
export function parseFaultPlan(text: string | undefined): FaultPlan | null {
  if (text === undefined || text === '') return null;
  const match = /^([A-Za-z0-9_-]{1,64}):(0(?:\.\d+)?|\.\d+)$/.exec(text.trim());
  const rate = Number(match?.[2]);
  if (!match || !(rate >= 0 && rate <= MAX_FAULT_RATE))
    throw new Error(
      `${FAULTS_ENV} must be seed:rate with a rate from 0 to ${MAX_FAULT_RATE}, e.g. 42:0.05 — not "${text}"`,
    );
  return { seed: match[1]!, rate };
}

/** A number in [0, 1) drawn from the seed and a label: the same pair always draws the same number. */
export function draw(seed: string, label: string): number {
  return createHash('sha256').update(`${seed}\u0000${label}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The plan of this process, when the local runtime runs with one. */
export function processFaultPlan(): FaultPlan | null {
  if (process.env[ENV.runtime] !== 'local') return null;
  return parseFaultPlan(process.env[FAULTS_ENV]);
}

// biome-ignore lint/suspicious/noExplicitAny: any client's stack: the middleware reads only the command's input
type MiddlewareClient = { readonly middlewareStack: MiddlewareStack<any, any> };

type ErrorClass = new (options: {
  message: string;
  $metadata: object;
  CancellationReasons?: { Code: string; Message?: string }[];
}) => Error;

export interface FaultErrors {
  /** Throttling, as the service names it (retried by the SDK). */
  readonly throttling: ErrorClass | string;
  /** DynamoDB's cancelled transaction (not retried by the SDK). */
  readonly transactionCanceled?: ErrorClass;
}

/** The injected error: an instance of the service's own class where there is one, or a named one. */
function injectedError(kind: ErrorClass | string, message: string, extra: object = {}): Error {
  if (typeof kind === 'string')
    return Object.assign(new Error(message), {
      name: kind,
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  return new kind({ message, $metadata: { httpStatusCode: 400 }, ...extra });
}

let attempts = 0;

/** Adds the fault middleware to a client (inside its retries) when this process has a plan. */
export function injectFaults(client: MiddlewareClient, service: string, errors: FaultErrors): void {
  const plan = processFaultPlan();
  if (!plan || plan.rate === 0) return;
  // biome-ignore lint/suspicious/noExplicitAny: any command's input and output
  const middleware: FinalizeRequestMiddleware<any, any> = (next, context) => async (args) => {
    const label = `${service}:${attempts++}`;
    if (draw(plan.seed, label) >= plan.rate) return next(args);
    const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
    if (items && errors.transactionCanceled && draw(plan.seed, `${label}:kind`) < 0.5) {
      const conflicting = Math.floor(draw(plan.seed, `${label}:item`) * items.length);
      console.log(`${INJECTED_FAULT_LINE} ${service} ${context.commandName}: transaction conflict`);
      throw injectedError(errors.transactionCanceled, 'Transaction cancelled (injected fault)', {
        CancellationReasons: items.map((_, index) =>
          index === conflicting
            ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
            : { Code: 'None' },
        ),
      });
    }
    console.log(`${INJECTED_FAULT_LINE} ${service} ${context.commandName}: throttling`);
    throw injectedError(errors.throttling, `${context.commandName ?? 'Request'} throttled (injected fault)`);
  };
  client.middlewareStack.add(middleware, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'bcciInjectedFaults',
  });
}
