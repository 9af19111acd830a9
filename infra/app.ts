import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aws, Tags, Validations } from 'aws-cdk-lib';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { retentionDays } from '../functions/domain/retention.ts';
import { PROJECT_ROOT } from './constructs/bridge-function.ts';
import { HealthDashboard } from './constructs/health-dashboard.ts';
import { manifest, SERVICE_NAME } from './manifest.ts';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { API_STAGE_NAME, StatelessStack } from './stacks/stateless-stack.ts';
import type { SystemManifest } from './stacks/system-manifest.ts';
import { type Stage, stageFromContext } from './stages.ts';

export interface BuildAppOptions {
  /** @default the project's `manifest` */
  readonly manifest?: SystemManifest;
  /** Where the cloud assembly is written. @default `cdk.out`, or the CLI's choice */
  readonly outdir?: string;
  /** Context values over cdk.json's; the CLI's (cdk.json and `--context`) take precedence. */
  readonly context?: Record<string, unknown>;
  /** Run cdk-nag's AwsSolutions checks during synth. @default true */
  readonly nag?: boolean;
}

export interface BridgeApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** The web ACL in us-east-1 that CloudFront attaches. */
  readonly edge: EdgeStack;
  readonly dashboard: HealthDashboard;
  readonly stage: Stage;
}

/** Context keys an operator may set (`cdk synth -c key=value`). */
export const CONTEXT = {
  /** `dev` (the default), `staging` or `prod`: names, tags, removal policies, alarm e-mail. */
  stage: 'bcci:stage',
  /** The region of the stateful and stateless stacks (the edge stack is always in us-east-1). */
  region: 'bcci:region',
  /** Prefix of the Cognito domain serving the OAuth token endpoint. */
  authDomainPrefix: 'bcci:authDomainPrefix',
  /** E-mail address subscribed to the alarm topic; `bcci:alarmEmail:<stage>` sets one per stage. */
  alarmEmail: 'bcci:alarmEmail',
  /** Public base URL of the tracking page printed as a QR code on labels. */
  trackingBaseUrl: 'bcci:trackingBaseUrl',
  /** `true`: stack traces in the logs name the TypeScript sources, at some cold-start cost. */
  sourceMapStackTraces: 'bcci:sourceMapStackTraces',
  /** Days personal data is kept after a dossier's registration before it is erased. */
  personalDataRetentionDays: 'bcci:personalDataRetentionDays',
} as const;

/** Singapore: the AWS region nearest to Vietnam with every service the system uses. */
export const DEFAULT_REGION = 'ap-southeast-1';

/** The `context` of cdk.json: the feature flags and any operator settings kept there. */
export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/**
 * The CDK app for one stage (`-c bcci:stage=prod`, default dev): a stateful stack (table,
 * queues, bucket, user pool, alarm topic), a stateless stack (functions, API, consumers,
 * schedules, alarms, health dashboard, the console's bucket and CloudFront distribution) and an
 * edge stack in us-east-1 (the distribution's web ACL, read through a cross-region reference).
 * The stacks name their region (`-c bcci:region=`, default ap-southeast-1) but no account, so
 * that synth needs no credentials. With cdk-nag on, any unacknowledged finding fails synth.
 */
export function buildApp(options: BuildAppOptions = {}): BridgeApp {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    // The CLI hands cdk.json's context over itself; read here too, an app built in a test or
    // a script synthesises with the same feature flags.
    context: { ...projectContext(), ...options.context },
  });
  const system = options.manifest ?? manifest;
  const stage = stageFromContext(app.node.tryGetContext(CONTEXT.stage));
  const context = (key: string): string | undefined => {
    const value = app.node.tryGetContext(key) as unknown;
    return value === undefined || value === '' ? undefined : String(value);
  };

  const region = context(CONTEXT.region) ?? DEFAULT_REGION;
  const edge = new EdgeStack(app, `${stage.stackNamePrefix}-edge`, {
    stackName: `${stage.stackNamePrefix}-edge`,
    description: `bcci-bridge ${stage.name} edge: the CloudFront web ACL (us-east-1)`,
    env: { region: EDGE_REGION },
    crossRegionReferences: true,
    namePrefix: stage.stackNamePrefix,
    terminationProtection: stage.terminationProtection,
  });
  const retention = context(CONTEXT.personalDataRetentionDays);
  const stateful = new StatefulStack(app, `${stage.stackNamePrefix}-stateful`, {
    env: { region },
    stackName: `${stage.stackNamePrefix}-stateful`,
    description: `bcci-bridge ${stage.name} data and identity: table, queues, documents bucket, user pool`,
    manifest: system,
    authDomainPrefix: context(CONTEXT.authDomainPrefix) ?? `${SERVICE_NAME}-${stage.name}-${Aws.ACCOUNT_ID}`,
    retainData: stage.retainData,
    ...(retention !== undefined ? { personalDataRetentionDays: retentionDays(retention) } : {}),
    terminationProtection: stage.terminationProtection,
  });
  const alarmEmail = context(CONTEXT.alarmEmail) ?? context(`${CONTEXT.alarmEmail}:${stage.name}`);
  if (alarmEmail) stateful.alarmTopic.addSubscription(new EmailSubscription(alarmEmail));

  const trackingBaseUrl = context(CONTEXT.trackingBaseUrl);
  const stateless = new StatelessStack(app, `${stage.stackNamePrefix}-stateless`, {
    env: { region },
    crossRegionReferences: true,
    stackName: `${stage.stackNamePrefix}-stateless`,
    description: `bcci-bridge ${stage.name} code: functions, HTTP API, consumers, schedules, alarms`,
    manifest: system,
    resources: stateful,
    ...(trackingBaseUrl ? { trackingBaseUrl } : {}),
    ...(retention !== undefined ? { personalDataRetentionDays: retentionDays(retention) } : {}),
    // `-c key=true` arrives as the string 'true'; cdk.json or `context` may hold a boolean.
    sourceMapStackTraces: context(CONTEXT.sourceMapStackTraces) === 'true',
    console: { webAclArn: edge.webAcl.attrArn, retainLogs: stage.retainData },
    terminationProtection: stage.terminationProtection,
  });
  const dashboard = new HealthDashboard(stateless, 'HealthDashboard', {
    dashboardName: `${stage.stackNamePrefix}-health`,
    manifest: system,
    httpApi: stateless.httpApi,
    apiStageName: API_STAGE_NAME,
    functions: stateless.functions,
    queues: stateful.queues,
    standaloneDeadLetterQueues: {
      'stream-failures-dlq': stateful.streamFailuresQueue,
      'schedules-dlq': stateful.schedulesDeadLetterQueue,
    },
  });

  Tags.of(app).add('Project', SERVICE_NAME);
  Tags.of(app).add('Stage', stage.name);
  Tags.of(app).add('ManagedBy', 'aws-cdk');

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless, edge, dashboard, stage };
}

const isEntryPoint = (): boolean => {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
};

if (isEntryPoint()) buildApp().app.synth();
