import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CfnElement, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { DIGITISED_KEY_PREFIX } from '../../functions/domain/digitised-documents.ts';
import { type BridgeApp, buildApp, CONTEXT, projectContext } from '../../infra/app.ts';
import { manifest, SERVICE_NAME } from '../../infra/manifest.ts';
import { STAGES, type StageName } from '../../infra/stages.ts';

/** Bundling is skipped where only the wiring matters; the synth-twice test bundles for real. */
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

const outdirs: string[] = [];
const newOutdir = (): string => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'bcci-infra-stage-'));
  outdirs.push(outdir);
  return outdir;
};
const build = (context: Record<string, unknown>, bundle = false, outdir = newOutdir()): BridgeApp => {
  const bridge = buildApp({ outdir, context: { ...(bundle ? {} : SKIP_BUNDLING), ...context } });
  bridge.app.synth();
  return bridge;
};

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

type Resources = Record<
  string,
  { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> }
>;
const resourcesOfType = (template: Template, type: string): Resources[string][] =>
  Object.values(template.toJSON().Resources as Resources).filter((resource) => resource.Type === type);

describe.each(STAGES)('the %s stage', (stageName: StageName) => {
  const alarmEmail = `alarms-${stageName}@example.vn`;
  const bridge = build({ [CONTEXT.stage]: stageName, [`${CONTEXT.alarmEmail}:${stageName}`]: alarmEmail });
  const stateful = Template.fromStack(bridge.stateful);
  const stateless = Template.fromStack(bridge.stateless);
  const keepsData = stageName !== 'dev';

  it('names its stacks after the stage and protects prod from deletion', () => {
    expect(bridge.stateful.stackName).toBe(`bcci-bridge-${stageName}-stateful`);
    expect(bridge.stateless.stackName).toBe(`bcci-bridge-${stageName}-stateless`);
    expect(bridge.stateful.terminationProtection).toBe(stageName === 'prod');
    expect(bridge.stateless.terminationProtection).toBe(stageName === 'prod');
  });

  it('tags the resources of both stacks with the project and the stage', () => {
    const tags = Match.arrayWith([
      { Key: 'Project', Value: SERVICE_NAME },
      { Key: 'Stage', Value: stageName },
    ]);
    stateful.hasResourceProperties('AWS::DynamoDB::Table', { Tags: tags });
    stateful.hasResourceProperties('AWS::SQS::Queue', { Tags: tags });
    const resources = stateless.toJSON().Resources as Resources;
    for (const fn of Object.values(bridge.stateless.functions)) {
      const id = bridge.stateless.getLogicalId(fn.node.defaultChild as CfnElement);
      expect(resources[id]?.Properties?.Tags, fn.node.id).toEqual(
        expect.arrayContaining([
          { Key: 'Project', Value: SERVICE_NAME },
          { Key: 'Stage', Value: stageName },
        ]),
      );
    }
    stateless.hasResourceProperties('AWS::CloudFront::Distribution', { Tags: tags });
    Template.fromStack(bridge.edge).hasResourceProperties('AWS::WAFv2::WebACL', { Tags: tags });
  });

  it('sends alarms to the stage e-mail address', () => {
    stateful.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: alarmEmail });
  });

  it(keepsData ? 'retains table, buckets and user pool' : 'destroys table, buckets and user pool', () => {
    const policy = keepsData ? 'Retain' : 'Delete';
    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::Cognito::UserPool',
      'AWS::SQS::Queue',
    ]) {
      const found = resourcesOfType(stateful, type);
      expect(found.length).toBeGreaterThan(0);
      for (const resource of found) expect(resource.DeletionPolicy, type).toBe(policy);
    }
    stateful.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: keepsData });
    stateful.resourceCountIs('Custom::S3AutoDeleteObjects', keepsData ? 0 : 2);
  });

  it('passes the AwsSolutions checks, each acknowledgment with a written reason', () => {
    const report = new AwsSolutionsChecks().validateScope(bridge.app);
    expect(
      report.violations.map(
        (violation) =>
          `${violation.ruleName} ${violation.violatingResources.map((found) => found.constructPath)}`,
      ),
    ).toEqual([]);
    const reasons = bridge.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
      );
    expect(reasons.length).toBeGreaterThan(0);
    for (const [id, reason] of reasons) expect(reason.trim().length, id).toBeGreaterThanOrEqual(40);
  });

  it('puts the web ACL in us-east-1 and the rest in one region', () => {
    expect(bridge.edge.stackName).toBe(`bcci-bridge-${stageName}-edge`);
    expect(bridge.edge.region).toBe('us-east-1');
    expect(bridge.stateful.region).toBe(bridge.stateless.region);
    Template.fromStack(bridge.edge).resourceCountIs('AWS::WAFv2::WebACL', 1);
    stateless.resourceCountIs('AWS::CloudFront::Distribution', 1);
  });

  it('has a health dashboard named after the stage', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Dashboard', {
      DashboardName: `bcci-bridge-${stageName}-health`,
    });
  });
});

describe('the stage context', () => {
  it('defaults to dev', () => {
    expect(buildApp({ outdir: newOutdir(), context: SKIP_BUNDLING }).stage.name).toBe('dev');
  });

  it("expires the dossiers' scans with their personal data, never before the five-year lock", () => {
    const scanRule = (context: Record<string, unknown>) => {
      const stateful = Template.fromStack(
        buildApp({ outdir: newOutdir(), context: { ...SKIP_BUNDLING, ...context } }).stateful,
      );
      const buckets = resourcesOfType(stateful, 'AWS::S3::Bucket');
      const rules = buckets.flatMap(
        (bucket) =>
          (
            bucket.Properties?.LifecycleConfiguration as {
              Rules?: { Prefix?: string; ExpirationInDays?: number }[];
            }
          )?.Rules ?? [],
      );
      return rules.filter((rule) => rule.Prefix === DIGITISED_KEY_PREFIX);
    };
    expect(
      scanRule({ [CONTEXT.personalDataRetentionDays]: '4000' }).map((rule) => rule.ExpirationInDays),
    ).toEqual([4000]);
    expect(
      scanRule({ [CONTEXT.personalDataRetentionDays]: '30' }).map((rule) => rule.ExpirationInDays),
    ).toEqual([5 * 366]);
  });

  it('refuses a stage it does not know', () => {
    expect(() => buildApp({ outdir: newOutdir(), context: { [CONTEXT.stage]: 'production' } })).toThrow(
      'Unknown stage "production": choose one of dev, staging, prod',
    );
  });

  it('sets every feature flag aws-cdk-lib recommends, keeping strong cross-stack references', () => {
    const recommended = JSON.parse(
      readFileSync(path.join('node_modules', 'aws-cdk-lib', 'recommended-feature-flags.json'), 'utf8'),
    ) as Record<string, unknown>;
    const context = projectContext();
    const deliberate = { '@aws-cdk/core:defaultCrossStackReferences': 'strong' };
    expect(context).toMatchObject({ ...recommended, ...deliberate });
  });
});

describe('the health dashboard', () => {
  const bridge = build({ [CONTEXT.stage]: 'prod' });
  const dashboard = JSON.stringify(
    Template.fromStack(bridge.stateless).findResources('AWS::CloudWatch::Dashboard'),
  );

  it.each(
    manifest.routes.map((route) => [`${route.method} ${route.path}`, route] as const),
  )('shows errors and p50/p99 latency of %s', (_, route) => {
    for (const text of [
      `${route.method} ${route.path}: errors`,
      `${route.method} ${route.path}: latency (ms)`,
    ]) {
      expect(dashboard).toContain(text);
    }
    expect(dashboard).toContain(`\\"Method\\",\\"${route.method}\\",\\"Resource\\",\\"${route.path}\\"`);
  });

  it('shows the age of every queue and the depth of every dead-letter queue', () => {
    for (const name of Object.keys(manifest.queues)) {
      expect(dashboard).toContain(`\\"label\\":\\"${name}\\"`);
      expect(dashboard).toContain(`\\"label\\":\\"${name}-dlq\\"`);
    }
    expect(dashboard).toContain('ApproximateAgeOfOldestMessage');
  });

  it('shows the scan outcomes the ingestion publishes, callback failures and ledger bookings', () => {
    for (const outcome of ['accepted', 'duplicate', 'rejected', 'flagged']) {
      expect(dashboard).toContain(
        `\\"BcciBridge\\",\\"scans_${outcome}\\",\\"service\\",\\"${SERVICE_NAME}\\"`,
      );
    }
    expect(dashboard).toContain('Callback delivery failures');
    expect(dashboard).toContain('Ledger bookings');
  });
});

describe('synth', () => {
  const templates = (outdir: string): Map<string, string> =>
    new Map(
      readdirSync(outdir)
        .filter((file) => file.endsWith('.template.json') || file.endsWith('.assets.json'))
        .map((file) => [file, readFileSync(path.join(outdir, file), 'utf8')]),
    );

  // Into the same folder, as the CLI synthesises into cdk.out: the source maps and metafiles
  // shipped in the bundles name files relative to the folder they are built in.
  it('gives byte-identical templates and asset manifests twice in a row, bundles included', () => {
    const outdir = newOutdir();
    const first = build({ [CONTEXT.stage]: 'prod' }, true, outdir);
    const firstTemplates = templates(first.app.outdir);
    rmSync(outdir, { recursive: true, force: true });
    const second = build({ [CONTEXT.stage]: 'prod' }, true, outdir);
    expect([...firstTemplates.keys()].sort()).toEqual([
      'bcci-bridge-prod-edge.assets.json',
      'bcci-bridge-prod-edge.template.json',
      'bcci-bridge-prod-stateful.assets.json',
      'bcci-bridge-prod-stateful.template.json',
      'bcci-bridge-prod-stateless.assets.json',
      'bcci-bridge-prod-stateless.template.json',
    ]);
    expect(templates(second.app.outdir)).toEqual(firstTemplates);
  });
});
