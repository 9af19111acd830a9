import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest } from './manifest.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';
import type { SystemManifest } from './stacks/system-manifest.ts';

export interface BuildAppOptions {
  /** @default the project's `manifest` */
  readonly manifest?: SystemManifest;
  /** Where the cloud assembly is written. @default `cdk.out`, or the CLI's choice */
  readonly outdir?: string;
  /** Context values; cdk.json and `--context` take precedence. */
  readonly context?: Record<string, unknown>;
  /** Run cdk-nag's AwsSolutions checks during synth. @default true */
  readonly nag?: boolean;
}

export interface BridgeApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Context keys an operator may set (`cdk synth -c key=value`). */
export const CONTEXT = {
  /** Prefix of the Cognito domain serving the OAuth token endpoint. */
  authDomainPrefix: 'bcci:authDomainPrefix',
  /** E-mail address subscribed to the alarm topic. */
  alarmEmail: 'bcci:alarmEmail',
  /** Public base URL of the tracking page printed as a QR code on labels. */
  trackingBaseUrl: 'bcci:trackingBaseUrl',
  /** `true`: stack traces in the logs name the TypeScript sources, at some cold-start cost. */
  sourceMapStackTraces: 'bcci:sourceMapStackTraces',
} as const;

/**
 * The CDK app: a stateful stack (table, queues, bucket, user pool, alarm topic) and a
 * stateless stack (functions, API, consumers, schedules, alarms), both environment-agnostic so
 * that synth needs no credentials. With cdk-nag on, any unacknowledged finding fails synth.
 */
export function buildApp(options: BuildAppOptions = {}): BridgeApp {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      // Server access logs are delivered under a bucket policy, since the buckets disable ACLs.
      '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
      // The stateful stack cannot lose a resource the stateless stack still uses.
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...options.context,
    },
  });
  const system = options.manifest ?? manifest;

  const authDomainPrefix = app.node.tryGetContext(CONTEXT.authDomainPrefix) as string | undefined;
  const stateful = new StatefulStack(app, 'BcciBridgeStateful', {
    description: 'bcci-bridge data and identity: table, queues, documents bucket, user pool',
    manifest: system,
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
    terminationProtection: true,
  });
  const alarmEmail = app.node.tryGetContext(CONTEXT.alarmEmail) as string | undefined;
  if (alarmEmail) stateful.alarmTopic.addSubscription(new EmailSubscription(alarmEmail));

  const trackingBaseUrl = app.node.tryGetContext(CONTEXT.trackingBaseUrl) as string | undefined;
  // `-c key=true` arrives as the string 'true'; cdk.json or `context` may hold a boolean.
  const sourceMapStackTraces = String(app.node.tryGetContext(CONTEXT.sourceMapStackTraces)) === 'true';
  const stateless = new StatelessStack(app, 'BcciBridgeStateless', {
    description: 'bcci-bridge code: functions, HTTP API, consumers, schedules, alarms',
    manifest: system,
    resources: stateful,
    ...(trackingBaseUrl ? { trackingBaseUrl } : {}),
    sourceMapStackTraces,
  });

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}

const isEntryPoint = (): boolean => {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
};

if (isEntryPoint()) buildApp().app.synth();
