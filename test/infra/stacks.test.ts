import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGITISED_KEY_PREFIX } from '../../functions/domain/digitised-documents.ts';
import { DEFAULT_RETENTION_DAYS } from '../../functions/domain/retention.ts';
import { type BridgeApp, buildApp, CONTEXT } from '../../infra/app.ts';
import { MIN_VISIBILITY_TIMEOUT_TO_FUNCTION_TIMEOUT } from '../../infra/constructs/bridge-function.ts';
import {
  deadLetterQueueName,
  ENV,
  type FunctionName,
  type FunctionSpec,
  HOLIDAY_CALENDAR_BEYOND_DATA_METRIC,
  METRICS_NAMESPACE,
  manifest,
  type QueueName,
  ROLES,
  routeKey,
  SERVICE_NAME,
} from '../../infra/manifest.ts';
import { RESOURCE_SERVER_IDENTIFIER } from '../../infra/stacks/stateful-stack.ts';
import { API_THROTTLE, PUBLIC_ROUTE_THROTTLE } from '../../infra/stacks/stateless-stack.ts';

type CfnResource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let outdir: string;
let bridge: BridgeApp;
let stateful: Template;
let stateless: Template;

const logicalId = (construct: IConstruct): string => {
  const stack = construct.node.scopes.find((scope): scope is Stack => 'templateOptions' in scope);
  if (!stack) throw new Error(`${construct.node.path} is in no stack`);
  return stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
};

const resource = (template: Template, id: string): CfnResource => {
  const found = template.toJSON().Resources[id] as CfnResource | undefined;
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};

const functionNames = (Object.keys(manifest.functions) as FunctionName[]).filter(
  (name) => !(manifest.functions[name] as FunctionSpec).cognitoTrigger,
);
const queueNames = Object.keys(manifest.queues) as QueueName[];

/** Whether a synthesized value (an intrinsic) refers to the named logical id. */
const refersTo = (value: unknown, id: string): boolean => JSON.stringify(value).includes(id);

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'bcci-infra-'));
  // The production stage: data retained, deletion protection on (stages.test.ts compares stages).
  bridge = buildApp({ outdir, context: { [CONTEXT.stage]: 'prod' } });
  // Synth runs the AwsSolutions checks: an unacknowledged finding throws here.
  bridge.app.synth();
  stateful = Template.fromStack(bridge.stateful);
  stateless = Template.fromStack(bridge.stateless);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('stateful stack', () => {
  it('has the table from the manifest: keys, indexes, TTL, stream, PITR, encryption, protection', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: manifest.table.partitionKey, KeyType: 'HASH' },
          { AttributeName: manifest.table.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: manifest.table.stream },
        PointInTimeRecoverySpecification: Match.objectLike({ PointInTimeRecoveryEnabled: true }),
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: manifest.table.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: manifest.table.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: index.include
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
            : { ProjectionType: 'ALL' },
        })),
      }),
    });
  });

  it('keeps the electronic records at least five years: nothing expires a current document, nothing is deleted with the stack', () => {
    const FIVE_YEARS_DAYS = 5 * 365 + 1;
    const buckets = Object.values(stateful.findResources('AWS::S3::Bucket')) as {
      DeletionPolicy?: string;
      Properties: {
        VersioningConfiguration?: { Status: string };
        LifecycleConfiguration?: {
          Rules: {
            Prefix?: string;
            ExpirationInDays?: number;
            NoncurrentVersionExpiration?: { NoncurrentDays: number };
          }[];
        };
      };
    }[];
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      for (const rule of bucket.Properties.LifecycleConfiguration?.Rules ?? []) {
        if (rule.ExpirationInDays !== undefined)
          expect(rule.ExpirationInDays).toBeGreaterThanOrEqual(FIVE_YEARS_DAYS);
        const noncurrent = rule.NoncurrentVersionExpiration?.NoncurrentDays;
        // A dossier's scans leave no copy behind once they expire with the dossier's personal
        // data; the five-year object lock (next test) keeps every version of them until then.
        if (noncurrent !== undefined && rule.Prefix !== DIGITISED_KEY_PREFIX)
          expect(noncurrent).toBeGreaterThanOrEqual(FIVE_YEARS_DAYS);
      }
    }
    // The documents (proofs, labels, reports) are versioned and their current versions never
    // expire; only the dossiers' scans do, with the dossier's personal data, after the lock.
    const documents = buckets.filter(
      (bucket) => bucket.Properties.VersioningConfiguration?.Status === 'Enabled',
    );
    expect(documents).toHaveLength(1);
    const rules = (documents[0]?.Properties.LifecycleConfiguration?.Rules ?? []) as {
      ExpirationInDays?: number;
      Prefix?: string;
    }[];
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring.map((rule) => rule.Prefix)).toEqual([DIGITISED_KEY_PREFIX]);
    expect(expiring[0]?.ExpirationInDays).toBeGreaterThanOrEqual(DEFAULT_RETENTION_DAYS);
    const tables = Object.values(stateful.findResources('AWS::DynamoDB::Table')) as {
      DeletionPolicy?: string;
    }[];
    expect(tables.map((table) => table.DeletionPolicy)).toEqual(['Retain']);
  });

  it('locks each document for five years and keeps backups of the table five years, beyond the 35 days of point-in-time recovery', () => {
    const FIVE_YEARS_DAYS = 5 * 365 + 1;
    const documents = Object.values(stateful.findResources('AWS::S3::Bucket')).filter(
      (bucket) => (bucket as CfnResource).Properties.ObjectLockEnabled === true,
    ) as CfnResource[];
    expect(documents).toHaveLength(1);
    const lock = documents[0]?.Properties.ObjectLockConfiguration as {
      ObjectLockEnabled: string;
      Rule: { DefaultRetention: { Mode: string; Days: number } };
    };
    expect(lock.ObjectLockEnabled).toBe('Enabled');
    expect(lock.Rule.DefaultRetention.Days).toBeGreaterThanOrEqual(FIVE_YEARS_DAYS);
    expect(documents[0]?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });

    const tableId = logicalId(bridge.stateful.table);
    expect(
      (resource(stateful, tableId).Properties.PointInTimeRecoverySpecification as Record<string, unknown>)
        .PointInTimeRecoveryEnabled,
    ).toBe(true);
    const plans = Object.values(stateful.findResources('AWS::Backup::BackupPlan')) as CfnResource[];
    const rules = plans.flatMap(
      (plan) =>
        (plan.Properties.BackupPlan as { BackupPlanRule: { Lifecycle?: { DeleteAfterDays?: number } }[] })
          .BackupPlanRule,
    );
    expect(rules.some((rule) => (rule.Lifecycle?.DeleteAfterDays ?? 0) >= FIVE_YEARS_DAYS)).toBe(true);
    const selections = Object.values(stateful.findResources('AWS::Backup::BackupSelection')) as CfnResource[];
    expect(selections.some((selection) => refersTo(selection.Properties.BackupSelection, tableId))).toBe(
      true,
    );
    const vaults = Object.values(stateful.findResources('AWS::Backup::BackupVault')) as CfnResource[];
    expect(vaults.map((vault) => vault.DeletionPolicy)).toEqual(['Retain']);
  });

  describe.each(queueNames)('queue %s', (name) => {
    it('redrives to its dead-letter queue after the manifest maxReceiveCount', () => {
      const spec = manifest.queues[name];
      const { queue, deadLetterQueue } = bridge.stateful.queues[name];
      expect(deadLetterQueue.node.id).toBe(deadLetterQueueName(name));
      const queueResource = resource(stateful, logicalId(queue));
      expect(queueResource.Properties).toMatchObject({
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(deadLetterQueue), 'Arn'] },
          maxReceiveCount: spec.maxReceiveCount,
        },
      });
      expect(resource(stateful, logicalId(deadLetterQueue)).Properties).toMatchObject({
        MessageRetentionPeriod: spec.deadLetterRetentionDays * 24 * 3600,
        SqsManagedSseEnabled: true,
      });
    });

    it(`has a visibility timeout of at least ${MIN_VISIBILITY_TIMEOUT_TO_FUNCTION_TIMEOUT}x its consumer's timeout`, () => {
      const spec = manifest.queues[name];
      const consumer = manifest.functions[spec.consumer];
      expect(spec.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(
        MIN_VISIBILITY_TIMEOUT_TO_FUNCTION_TIMEOUT * consumer.timeoutSeconds,
      );
    });
  });

  it('makes every queue refuse requests without TLS', () => {
    const queues = Object.keys(stateful.findResources('AWS::SQS::Queue'));
    expect(queues.length).toBe(queueNames.length * 2 + 2);
    const policies = Object.values(stateful.findResources('AWS::SQS::QueuePolicy')) as CfnResource[];
    for (const queueId of queues) {
      const policy = policies.find((candidate) => refersTo(candidate.Properties.Queues, queueId));
      expect(policy, `queue policy of ${queueId}`).toBeDefined();
      expect(policy?.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('keeps the stream failures and schedule dead-letter queues encrypted', () => {
    for (const queue of [bridge.stateful.streamFailuresQueue, bridge.stateful.schedulesDeadLetterQueue]) {
      expect(resource(stateful, logicalId(queue)).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
  });

  it('has a private, encrypted, versioned, access-logged documents bucket that requires TLS', () => {
    const bucketId = logicalId(bridge.stateful.documentsBucket);
    expect(resource(stateful, bucketId)).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: expect.anything() },
        LifecycleConfiguration: { Rules: expect.any(Array) },
      },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('has a user pool without self sign-up, with a strong password policy, MFA and the custom attributes', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: Match.anyValue(),
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: Match.anyValue(),
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'postOfficeCode', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'agencyCode', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const pool = resource(stateful, logicalId(bridge.stateful.userPool)).Properties;
    expect(['ON', 'OPTIONAL']).toContain(pool.MfaConfiguration);
  });

  it('has one group per role and a resource server with a scope per role', () => {
    stateful.resourceCountIs('AWS::Cognito::UserPoolGroup', ROLES.length);
    for (const role of ROLES) {
      stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
    }
    stateful.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: RESOURCE_SERVER_IDENTIFIER,
      Scopes: ROLES.map((role) => Match.objectLike({ ScopeName: role })),
    });
  });

  it('has a staff app client and a client-credentials agency client with the agency scope', () => {
    expect(resource(stateful, logicalId(bridge.stateful.staffAppClient)).Properties).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_SRP_AUTH']),
    });
    const agency = resource(stateful, logicalId(bridge.stateful.agencySystemClient)).Properties;
    expect(agency).toMatchObject({ GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'] });
    expect(JSON.stringify(agency.AllowedOAuthScopes)).toContain('/agency');
    stateful.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(RESOURCE_SERVER_IDENTIFIER).toBe(SERVICE_NAME);
  });

  it('lets no app client write the tenant attributes: only admins set them', () => {
    for (const client of [bridge.stateful.staffAppClient, bridge.stateful.agencySystemClient]) {
      const properties = resource(stateful, logicalId(client)).Properties;
      expect(properties.WriteAttributes).toEqual(expect.arrayContaining(['email']));
      expect((properties.WriteAttributes as string[]).some((name) => name.startsWith('custom:'))).toBe(false);
      expect(properties.ReadAttributes).toEqual(
        expect.arrayContaining(['custom:postOfficeCode', 'custom:agencyCode']),
      );
    }
  });

  it("gives machine clients' tokens their agency through a version 3 pre-token-generation trigger that reads the register", () => {
    const trigger = bridge.stateful.cognitoTriggers.preTokenGeneration;
    expect(trigger).toBeDefined();
    const pool = resource(stateful, logicalId(bridge.stateful.userPool)).Properties;
    expect((pool.LambdaConfig as Record<string, unknown>).PreTokenGenerationConfig).toEqual({
      LambdaArn: { 'Fn::GetAtt': [logicalId(trigger!), 'Arn'] },
      LambdaVersion: 'V3_0',
    });
    const roleId = logicalId(trigger!.executionRole);
    const policies = Object.values(stateful.findResources('AWS::IAM::Policy')) as CfnResource[];
    const policy = JSON.stringify(policies.filter((p) => refersTo(p.Properties.Roles, roleId)));
    expect(policy).toContain('dynamodb:GetItem');
    expect(policy).not.toContain('dynamodb:PutItem');
    expect(Object.keys(stateless.findResources('AWS::Lambda::Function'))).not.toContain(logicalId(trigger!));
  });

  it('keeps the delivery-code secret generated, and retained with the stack', () => {
    expect(resource(stateful, logicalId(bridge.stateful.deliveryCodeSecret))).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: expect.objectContaining({ PasswordLength: 64 }) },
    });
  });
});

describe('stateless stack: functions', () => {
  it("has exactly one Lambda function per manifest function, beside aws-cdk-lib's own handlers", () => {
    // The console deployment, the buckets' auto-delete and the cross-region read: `Custom*`.
    const ids = Object.keys(stateless.findResources('AWS::Lambda::Function'));
    const own = ids.filter((id) => !id.startsWith('Custom'));
    expect(own.sort()).toEqual(
      functionNames.map((name) => logicalId(bridge.stateless.functions[name])).sort(),
    );
    expect(ids.filter((id) => id.startsWith('CustomCDKBucketDeployment'))).toHaveLength(1);
  });

  describe.each(functionNames)('%s', (name) => {
    const spec = (): FunctionSpec => manifest.functions[name];
    const fn = () => resource(stateless, logicalId(bridge.stateless.functions[name]));

    it('runs Node.js 24 on arm64 with active tracing, the manifest sizing and its own log group', () => {
      const properties = fn().Properties;
      expect(properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: spec().memoryMb,
        Timeout: spec().timeoutSeconds,
        Description: spec().description,
        Handler: 'index.handler',
      });
      const logGroupRef = (properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logGroup = resource(stateless, logGroupRef);
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays).toEqual(expect.any(Number));
    });

    it('has an execution role without managed policies', () => {
      const roleId = logicalId(bridge.stateless.functions[name].executionRole);
      expect(resource(stateless, roleId).Properties.ManagedPolicyArns).toBeUndefined();
    });

    it('gets exactly the environment and grants its manifest access asks for', () => {
      const { access } = spec();
      const variables = (fn().Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        [ENV.runtime]: 'aws',
      });
      // Run-time source maps cost every cold start; they are on only when asked for.
      expect(variables.NODE_OPTIONS).toBeUndefined();
      expect(ENV.tableName in variables).toBe(access.table !== undefined);
      expect(ENV.bucketName in variables).toBe(access.bucket !== undefined);
      const sendTo = access.sendTo ?? [];
      const sendToDeadLetter = access.sendToDeadLetter ?? [];
      for (const queue of queueNames) {
        expect(ENV.queueUrl(queue) in variables, ENV.queueUrl(queue)).toBe(sendTo.includes(queue));
        expect(ENV.deadLetterQueueUrl(queue) in variables, ENV.deadLetterQueueUrl(queue)).toBe(
          sendToDeadLetter.includes(queue),
        );
      }
      expect(ENV.emailFrom in variables).toBe(access.sendsEmail === true);

      const roleId = logicalId(bridge.stateless.functions[name].executionRole);
      const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as CfnResource[];
      const policy = JSON.stringify(policies.filter((p) => refersTo(p.Properties.Roles, roleId)));
      expect(policy.includes('dynamodb:GetItem')).toBe(access.table !== undefined);
      expect(policy.includes('dynamodb:PutItem')).toBe(access.table === 'readWrite');
      expect(policy.includes('sqs:SendMessage')).toBe(
        sendTo.length > 0 || sendToDeadLetter.length > 0 || manifest.streamConsumer.function === name,
      );
      expect(policy.includes('ses:SendEmail')).toBe(access.sendsEmail === true);
      expect(policy.includes('sns:Publish')).toBe(access.sendsSms === true);
      expect(ENV.deliveryCodeSecretArn in variables).toBe(access.deliveryCodeSecret === true);
      expect(ENV.cursorSecretArn in variables).toBe(access.cursorSecret === true);
      expect(policy.includes('secretsmanager:GetSecretValue')).toBe(
        access.deliveryCodeSecret === true || access.cursorSecret === true,
      );
      if (access.sendsSms) {
        expect(policy).toMatch(
          /"Action":"sns:Publish","Effect":"Deny","Resource":\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":sns:\*:\*:\*"\]\]\}/,
        );
      }
    });
  });

  it('bundles each function as minified ESM with the createRequire banner, a source map and a metafile', () => {
    const registerDossier = resource(stateless, logicalId(bridge.stateless.functions.registerDossier));
    const objectKey = (registerDossier.Properties.Code as { S3Key: string }).S3Key;
    const assetDir = path.join(outdir, `asset.${objectKey.replace(/\.zip$/, '')}`);
    const code = readFileSync(path.join(assetDir, 'index.mjs'), 'utf8');
    expect(
      code.startsWith(
        "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      ),
    ).toBe(true);
    expect(readFileSync(path.join(assetDir, 'index.mjs.map'), 'utf8').length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(assetDir, 'index.meta.json'), 'utf8'))).toHaveProperty(
      'outputs',
    );
  });
});

describe('stateless stack: HTTP API', () => {
  const routeResources = () =>
    stateless.findResources('AWS::ApiGatewayV2::Route') as Record<string, CfnResource>;
  const jwtAuthorizerId = (): string => {
    const [id, ...others] = Object.keys(stateless.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(others).toEqual([]);
    return id ?? '';
  };

  const integratedFunction = (route: CfnResource): string => {
    const target = JSON.stringify(route.Properties.Target);
    const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1] ?? '';
    const integration = resource(stateless, integrationId);
    return (integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  };

  const findRoute = (key: string): CfnResource => {
    const route = Object.values(routeResources()).find((candidate) => candidate.Properties.RouteKey === key);
    if (!route) throw new Error(`no route ${key}`);
    return route;
  };

  it('has one route per manifest route plus $default', () => {
    expect(Object.keys(routeResources()).length).toBe(manifest.routes.length + 1);
  });

  describe.each(manifest.routes.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
    it(`is integrated with ${route.function} and ${route.auth === 'public' ? 'public' : 'behind the JWT authorizer'}`, () => {
      const httpRoute = findRoute(key);
      expect(integratedFunction(httpRoute)).toBe(logicalId(bridge.stateless.functions[route.function]));
      if (route.auth === 'public') {
        expect(httpRoute.Properties.AuthorizationType).toBe('NONE');
        expect(httpRoute.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(httpRoute.Properties.AuthorizationType).toBe('JWT');
        expect(httpRoute.Properties.AuthorizerId).toEqual({ Ref: jwtAuthorizerId() });
        expect(httpRoute.Properties.AuthorizationScopes).toBeUndefined();
      }
    });
  });

  it('sends unknown routes ($default) to the not-found function without a token', () => {
    const catchAll = findRoute('$default');
    expect(integratedFunction(catchAll)).toBe(
      logicalId(bridge.stateless.functions[manifest.defaultRoute.function]),
    );
    expect(catchAll.Properties.AuthorizationType).toBe('NONE');
  });

  it('validates Cognito JWTs for the pool and both app clients', () => {
    const authorizer = resource(stateless, jwtAuthorizerId());
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    const configuration = JSON.stringify(authorizer.Properties.JwtConfiguration);
    expect(configuration).toContain('https://cognito-idp.');
    expect(configuration).toContain(logicalId(bridge.stateful.userPool));
    expect(configuration).toContain(logicalId(bridge.stateful.staffAppClient));
    expect(configuration).toContain(logicalId(bridge.stateful.agencySystemClient));
  });

  it('logs access and throttles on the auto-deployed $default stage', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('limits each public route that reads data below the API-wide rate', () => {
    const stages = Object.values(stateless.findResources('AWS::ApiGatewayV2::Stage')) as CfnResource[];
    const settings = stages[0]?.Properties.RouteSettings as Record<string, Record<string, number>>;
    expect(settings['GET /v1/track/{ref}']).toEqual({
      ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
    });
    expect(PUBLIC_ROUTE_THROTTLE.rateLimit).toBeLessThan(API_THROTTLE.rateLimit);
  });
});

describe('stateless stack: consumers', () => {
  it.each(queueNames)('consumes queue %s in batches with partial batch failures', (name) => {
    const spec = manifest.queues[name];
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(bridge.stateless.functions[spec.consumer]) },
      EventSourceArn: {
        'Fn::ImportValue': Match.stringLikeRegexp(logicalId(bridge.stateful.queues[name].queue)),
      },
      BatchSize: spec.batchSize,
      MaximumBatchingWindowInSeconds: spec.maxBatchingWindowSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('consumes the table stream from the trim horizon with retries, bisection and an on-failure queue', () => {
    const spec = manifest.streamConsumer;
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(bridge.stateless.functions[spec.function]) },
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('StreamArn') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: spec.batchSize,
      MaximumRetryAttempts: spec.maxRetryAttempts,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: spec.maxBatchingWindowSeconds,
      ParallelizationFactor: spec.parallelizationFactor,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::ImportValue': Match.stringLikeRegexp(logicalId(bridge.stateful.streamFailuresQueue)),
          },
        },
      },
    });
  });

  it('has as many schedules as the manifest', () => {
    stateless.resourceCountIs('AWS::Scheduler::Schedule', Object.keys(manifest.schedules).length);
  });
});

describe('stateless stack: alarms', () => {
  const alarms = () => Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as CfnResource[];

  it('alarms on every dead-letter queue as soon as one message is visible', () => {
    const deadLetterQueues = [
      ...queueNames.map((name) => bridge.stateful.queues[name].deadLetterQueue),
      bridge.stateful.streamFailuresQueue,
      bridge.stateful.schedulesDeadLetterQueue,
    ];
    for (const queue of deadLetterQueues) {
      const alarm = alarms().find(
        (candidate) =>
          candidate.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          refersTo(candidate.Properties.Dimensions, logicalId(queue)),
      );
      expect(alarm, `alarm on ${queue.node.id}`).toBeDefined();
      expect(alarm?.Properties).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [expect.anything()],
      });
    }
  });

  it('alarms on the Errors of every function and on API 5xx', () => {
    for (const name of functionNames) {
      const functionId = logicalId(bridge.stateless.functions[name]);
      expect(
        alarms().some(
          (alarm) =>
            alarm.Properties.MetricName === 'Errors' && refersTo(alarm.Properties.Dimensions, functionId),
        ),
        `Errors alarm of ${name}`,
      ).toBe(true);
    }
    expect(alarms().some((alarm) => alarm.Properties.MetricName === '5xx')).toBe(true);
  });

  it('alarms when a date falls past the holiday data, so that an admin loads that year', () => {
    const alarm = alarms().find(
      (candidate) => candidate.Properties.MetricName === HOLIDAY_CALENDAR_BEYOND_DATA_METRIC,
    );
    expect(alarm?.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Threshold: 0,
      AlarmActions: [expect.anything()],
    });
  });
});

describe('the console build', () => {
  it('is built by synth into the deployment asset, without the development config.json', () => {
    const deployment = Object.values(
      stateless.findResources('Custom::CDKBucketDeployment'),
    )[0] as CfnResource;
    const [buildKey] = deployment.Properties.SourceObjectKeys as string[];
    const built = path.join(outdir, `asset.${String(buildKey).replace(/\.zip$/, '')}`);
    expect(readFileSync(path.join(built, 'index.html'), 'utf8')).toContain('<div id="app">');
    expect(existsSync(path.join(built, 'sw.js'))).toBe(true);
    expect(existsSync(path.join(built, 'config.json'))).toBe(false);
    // The embedded runtime serves the build's own file: the development sign-in.
    expect(JSON.parse(readFileSync(path.join('web', 'public', 'config.json'), 'utf8'))).toEqual({
      auth: 'development',
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on the synthesized app', () => {
    const report = new AwsSolutionsChecks().validateScope(bridge.app);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgment a written reason', () => {
    const acknowledgments = bridge.app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
    );
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const { path: constructPath, id, reason } of acknowledgments) {
      expect(reason.trim().length, `${constructPath} ${id}`).toBeGreaterThanOrEqual(40);
      expect(id, constructPath).toMatch(/AwsSolutions-[A-Z]+\d+/);
    }
  });
});
