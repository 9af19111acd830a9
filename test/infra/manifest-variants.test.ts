import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeApp, buildApp, CONTEXT } from '../../infra/app.ts';
import { BridgeFunction, DOCUMENT_ASSETS_DIR, PROJECT_ROOT } from '../../infra/constructs/bridge-function.ts';
import { ENV, type FunctionSpec, manifest } from '../../infra/manifest.ts';
import type { SystemManifest } from '../../infra/stacks/system-manifest.ts';

/**
 * The stacks are generated from the manifest, so parts the manifest does not use yet (schedules,
 * bucket access) are exercised here with variants of it. Bundling is skipped: only the wiring
 * and cdk-nag matter, and stacks.test.ts already bundles the real entries (the document
 * renderer test bundles one entry twice, to see what ships beside the bundle).
 */
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const outdirs: string[] = [];
const build = (system: SystemManifest, context: Record<string, unknown> = {}): BridgeApp => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'bcci-infra-variant-'));
  outdirs.push(outdir);
  return buildApp({ manifest: system, outdir, context: { ...SKIP_BUNDLING, ...context } });
};

const TRACKING_BASE_URL = 'https://tracking.example.vn';

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

const RECONCILIATION_INPUT = { job: 'monthly-statements', period: 'previous-month' };

const withScheduleAndBucket: SystemManifest = {
  ...manifest,
  functions: {
    ...manifest.functions,
    getDossier: { ...manifest.functions.getDossier, access: { table: 'read', bucket: 'read' } },
    registerDossier: {
      ...manifest.functions.registerDossier,
      access: { table: 'readWrite', bucket: 'readWrite' },
    },
  },
  schedules: {
    'monthly-statements': {
      function: 'sendNotifications',
      description: 'Monthly statement per agency, on the first day of the month',
      expression: 'cron(0 2 1 * ? *)',
      timezone: 'Asia/Ho_Chi_Minh',
      input: RECONCILIATION_INPUT,
    },
  },
};

describe('a manifest with a schedule and bucket access', () => {
  let bridge: BridgeApp;
  let stateless: Template;
  const functionId = (name: keyof typeof manifest.functions): string =>
    bridge.stateless.getLogicalId(bridge.stateless.functions[name].node.defaultChild as CfnElement);

  beforeAll(() => {
    bridge = build(withScheduleAndBucket, { [CONTEXT.trackingBaseUrl]: TRACKING_BASE_URL });
    bridge.app.synth();
    stateless = Template.fromStack(bridge.stateless);
  });

  it('schedules the function with its input, time zone, no flexible window, retries and the dead-letter queue', () => {
    const deadLetterQueueId = bridge.stateful.getLogicalId(
      bridge.stateful.schedulesDeadLetterQueue.node.defaultChild as CfnElement,
    );
    stateless.resourceCountIs('AWS::Scheduler::Schedule', 1);
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 1 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [functionId('sendNotifications'), 'Arn'] },
        Input: JSON.stringify(RECONCILIATION_INPUT),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
        DeadLetterConfig: { Arn: { 'Fn::ImportValue': Match.stringLikeRegexp(deadLetterQueueId) } },
        RoleArn: Match.anyValue(),
      },
    });
  });

  it('gives bucket readers GetObject and writers PutObject, never DeleteObject, and sets BUCKET_NAME', () => {
    const template = stateless.toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const policyOf = (name: 'getDossier' | 'registerDossier'): string => {
      const roleId = bridge.stateless.getLogicalId(
        bridge.stateless.functions[name].executionRole.node.defaultChild as CfnElement,
      );
      return JSON.stringify(
        Object.values(template.Resources).filter(
          (resource) =>
            resource.Type === 'AWS::IAM::Policy' &&
            JSON.stringify(resource.Properties.Roles).includes(roleId),
        ),
      );
    };
    expect(policyOf('getDossier')).toContain('s3:GetObject');
    expect(policyOf('getDossier')).not.toContain('s3:PutObject');
    expect(policyOf('registerDossier')).toContain('s3:PutObject');
    for (const name of ['getDossier', 'registerDossier'] as const) {
      expect(policyOf(name)).not.toContain('s3:Delete');
      const environment = template.Resources[functionId(name)]?.Properties.Environment;
      expect(environment).toHaveProperty(['Variables', ENV.bucketName]);
    }
  });

  it('gives the tracking page URL from context to the functions that render documents or send e-mail, and only to them', () => {
    const template = stateless.toJSON() as {
      Resources: Record<string, { Properties: { Environment?: { Variables: Record<string, unknown> } } }>;
    };
    for (const [name, spec] of Object.entries(withScheduleAndBucket.functions)) {
      if ((spec as FunctionSpec).cognitoTrigger) continue;
      const variables =
        template.Resources[functionId(name as keyof typeof manifest.functions)]?.Properties.Environment
          ?.Variables;
      expect(variables?.[ENV.trackingBaseUrl], name).toBe(
        spec.rendersDocuments || (spec as FunctionSpec).access.sendsEmail ? TRACKING_BASE_URL : undefined,
      );
    }
  });

  it('still passes the AwsSolutions checks (the new grants carry their own acknowledgments)', () => {
    expect(new AwsSolutionsChecks().validateScope(bridge.app).violations).toEqual([]);
  });
});

describe('a function that renders documents', () => {
  it('ships the document assets as assets/ beside its bundle', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'bcci-infra-renderer-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    const stack = new Stack(app, 'DocumentRenderer');
    const renderer = new BridgeFunction(stack, 'renderer', {
      spec: { ...manifest.functions.health, rendersDocuments: true },
    });
    const plain = new BridgeFunction(stack, 'plain', { spec: manifest.functions.health });
    const assembly = app.synth();
    const template = Template.fromStack(stack).toJSON() as {
      Resources: Record<string, { Properties: { Code?: { S3Key: string } } }>;
    };
    const assetDirOf = (fn: BridgeFunction): string => {
      const objectKey =
        template.Resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)]?.Properties.Code?.S3Key;
      return path.join(assembly.directory, `asset.${(objectKey ?? '').replace(/\.zip$/, '')}`);
    };
    const shipped = readdirSync(path.join(assetDirOf(renderer), 'assets')).sort();
    expect(shipped).toEqual(readdirSync(path.join(PROJECT_ROOT, DOCUMENT_ASSETS_DIR)).sort());
    expect(shipped).toContain('OFL.txt');
    expect(existsSync(path.join(assetDirOf(plain), 'index.mjs'))).toBe(true);
    // The source map ships beside every bundle, whether or not Node maps stack traces with it.
    expect(existsSync(path.join(assetDirOf(plain), 'index.mjs.map'))).toBe(true);
    expect(existsSync(path.join(assetDirOf(plain), 'assets'))).toBe(false);
  });
});

describe('stack traces mapped to the sources at run time', () => {
  const nodeOptions = (bridge: BridgeApp): (string | undefined)[] => {
    const template = Template.fromStack(bridge.stateless).toJSON() as {
      Resources: Record<
        string,
        { Type: string; Properties: { Environment?: { Variables?: Record<string, string> } } }
      >;
    };
    // aws-cdk-lib's own handlers (the console deployment, cross-region reads) are `Custom*`.
    return Object.entries(template.Resources)
      .filter(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && !id.startsWith('Custom'))
      .map(([, resource]) => resource.Properties.Environment?.Variables?.NODE_OPTIONS);
  };

  it('are off by default: Node reads no source map at cold start', () => {
    const options = nodeOptions(build(manifest));
    expect(options.length).toBeGreaterThan(0);
    expect(new Set(options)).toEqual(new Set([undefined]));
  });

  it('are on for every function with -c bcci:sourceMapStackTraces=true', () => {
    const options = nodeOptions(build(manifest, { [CONTEXT.sourceMapStackTraces]: 'true' }));
    // Cognito triggers are built in the stateful stack.
    const inStateless = Object.values(manifest.functions).filter(
      (spec) => !(spec as FunctionSpec).cognitoTrigger,
    );
    expect(options).toHaveLength(inStateless.length);
    expect(new Set(options)).toEqual(new Set(['--enable-source-maps']));
  });
});

describe('guards', () => {
  it('refuses a queue whose visibility timeout is under 6x its consumer timeout', () => {
    const tooShort: SystemManifest = {
      ...manifest,
      queues: {
        ...manifest.queues,
        notifications: { ...manifest.queues.notifications, visibilityTimeoutSeconds: 30 },
      },
    };
    expect(() => build(tooShort)).toThrow(/visibility timeout 30s is less than 6 x/);
  });

  it('fails synth on a cdk-nag finding nobody acknowledged', () => {
    const bridge = build(manifest);
    new Queue(bridge.stateless, 'CarelessQueue', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => bridge.app.synth()).toThrow(/AwsSolutions-SQS2/);
  });
});
