import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type BucketAccess,
  ENV,
  type FunctionSpec,
  type QueueName,
  type QueueSpec,
  SERVICE_NAME,
  type StreamConsumerSpec,
  type TableAccess,
} from '../manifest.ts';
import { nagArnText } from './nag.ts';

/** The repository root: entries in the manifest are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Lambda's guidance for queue consumers: with a visibility timeout of at least six function
 * timeouts, a batch that is retried or throttled does not reappear while it is still in work.
 */
export const MIN_VISIBILITY_TIMEOUT_TO_FUNCTION_TIMEOUT = 6;

/** Lets CommonJS dependencies call `require` from inside the ESM bundle. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Fonts (and their licence) the document renderers read at run time, relative to the repository root. */
export const DOCUMENT_ASSETS_DIR = 'functions/documents/assets';

/** Document renderers resolve `./assets/` beside their module, i.e. beside the bundle. */
const shipDocumentAssets: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [
    `cp -R "${inputDir}/${DOCUMENT_ASSETS_DIR}" "${outputDir}/assets"`,
  ],
};

const X_RAY_REASON =
  'Resource "*" comes from active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.';

export interface BridgeFunctionProps {
  readonly spec: FunctionSpec;
  /** @default the repository root */
  readonly projectRoot?: string;
  /**
   * Map stack traces to the TypeScript sources at run time (`NODE_OPTIONS=--enable-source-maps`).
   * Node then reads and parses the bundle's source map at every cold start, some 5–15 ms
   * (bench/bundles.ts), so it is off unless asked for. The maps ship beside the bundles either
   * way, for mapping a logged stack afterwards.
   * @default false
   */
  readonly sourceMapStackTraces?: boolean;
}

/**
 * A Lambda function of the bridge with every default the project wants: Node.js 24 on arm64,
 * an ESM bundle built by the local esbuild with its source map beside it, X-Ray, its own log group and an
 * execution role that holds only what the `bind*` and `consume*` methods grant — each of those
 * grants least privilege and sets the environment variable the handler reads, in one call.
 */
export class BridgeFunction extends NodejsFunction {
  public readonly spec: FunctionSpec;
  public readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: BridgeFunctionProps) {
    const { spec } = props;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    // Created beside the function because the role and log group must exist before `super`.
    // An explicit role replaces AWSLambdaBasicExecutionRole (a managed policy that may write to
    // any log group) with a grant on this function's own log group.
    const executionRole = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${SERVICE_NAME} ${id}`,
    });
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    super(scope, id, {
      entry: path.join(projectRoot, spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: spec.description,
      tracing: Tracing.ACTIVE,
      role: executionRole,
      logGroup,
      environment: {
        ...(props.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: SERVICE_NAME,
        [ENV.runtime]: 'aws',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        metafile: true,
        // The runtime ships SDK v3. Bundled, the DynamoDB and SQS clients add about 350 KB
        // minified to a function, which alone exceeds the 350 KB bundle budget.
        externalModules: ['@aws-sdk/*', '@smithy/*'],
        ...(spec.rendersDocuments ? { commandHooks: shipDocumentAssets } : {}),
      },
    });

    this.spec = spec;
    this.executionRole = executionRole;
    logGroup.grantWrite(executionRole);
    Validations.of(executionRole).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: X_RAY_REASON });
  }

  /** Read or read-write access to the table and its indexes; sets `TABLE_NAME`. */
  public bindTable(table: ITable, access: TableAccess): this {
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    this.addEnvironment(ENV.tableName, table.tableName);
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArnText(this, table, table.tableArn)}/index/*]`,
      reason:
        'The grant covers the indexes of the one table this function is given (index/*); the indexes are part of the same single-table design and hold no other data.',
    });
    return this;
  }

  /**
   * Object access to the documents bucket; sets `BUCKET_NAME`. `readWrite` may put objects but
   * never delete them: the bucket is versioned evidence (proof of delivery, receipts, reports).
   */
  public bindBucket(bucket: IBucket, access: BucketAccess): this {
    const objectActions = access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'];
    this.addToRolePolicy(
      new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
    );
    // Without ListBucket a missing key answers 403 instead of 404.
    this.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.addEnvironment(ENV.bucketName, bucket.bucketName);
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArnText(this, bucket, bucket.bucketArn)}/*]`,
      reason:
        'Object keys are chosen at run time (per dossier and item), so object actions need the bucket/* pattern; the actions are limited to GetObject/PutObject on this one bucket.',
    });
    return this;
  }

  /** May send to one queue of the manifest; sets `QUEUE_URL_<NAME>`. */
  public bindQueueSender(queue: IQueue, name: QueueName): this {
    queue.grantSendMessages(this);
    this.addEnvironment(ENV.queueUrl(name), queue.queueUrl);
    return this;
  }

  /** May move messages to a queue's dead-letter queue itself; sets `DLQ_URL_<NAME>`. */
  public bindDeadLetterSender(deadLetterQueue: IQueue, name: QueueName): this {
    deadLetterQueue.grantSendMessages(this);
    this.addEnvironment(ENV.deadLetterQueueUrl(name), deadLetterQueue.queueUrl);
    return this;
  }

  /** May send e-mail from one verified SES identity; sets `EMAIL_FROM`. */
  public bindEmailSender(from: string): this {
    const domain = from.split('@')[1] ?? from;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: domain })],
      }),
    );
    this.addEnvironment(ENV.emailFrom, from);
    return this;
  }

  /** May read the delivery-code secret; sets `DELIVERY_CODE_SECRET_ARN`. */
  public bindDeliveryCodeSecret(secret: ISecret): this {
    secret.grantRead(this);
    this.addEnvironment(ENV.deliveryCodeSecretArn, secret.secretArn);
    return this;
  }

  /** May read the key that authenticates pagination cursors; sets `CURSOR_SECRET_ARN`. */
  public bindCursorSecret(secret: ISecret): this {
    secret.grantRead(this);
    this.addEnvironment(ENV.cursorSecretArn, secret.secretArn);
    return this;
  }

  /**
   * May send SMS straight to phone numbers. A phone number has no ARN, so sns:Publish is allowed
   * on "*" and denied on every topic: the function can text citizens but publish to no topic.
   */
  public bindSmsSender(): this {
    this.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    this.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );
    Validations.of(this.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${X_RAY_REASON} It also allows sns:Publish for SMS to phone numbers, which have no ARN; a Deny statement on arn:aws:sns:*:*:* keeps every topic out of reach.`,
    });
    return this;
  }

  /**
   * Consumes a queue in batches with partial batch failures. Throws when the queue's visibility
   * timeout is shorter than six times the function's timeout: a message would reappear while
   * a slow invocation still works on it.
   */
  public consumeQueue(queue: IQueue, name: QueueName, spec: QueueSpec): this {
    const minimum = MIN_VISIBILITY_TIMEOUT_TO_FUNCTION_TIMEOUT * this.spec.timeoutSeconds;
    if (spec.visibilityTimeoutSeconds < minimum) {
      throw new Error(
        `Queue ${name}: visibility timeout ${spec.visibilityTimeoutSeconds}s is less than ${MIN_VISIBILITY_TIMEOUT_TO_FUNCTION_TIMEOUT} x the ${this.node.id} timeout (${this.spec.timeoutSeconds}s = ${minimum}s)`,
      );
    }
    this.addEventSource(
      new SqsEventSource(queue, {
        batchSize: spec.batchSize,
        maxBatchingWindow: Duration.seconds(spec.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    return this;
  }

  /** Consumes the table stream; batches that still fail after the retries are described on `failures`. */
  public consumeTableStream(table: ITable, spec: StreamConsumerSpec, failures: IQueue): this {
    this.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: spec.batchSize,
        retryAttempts: spec.maxRetryAttempts,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(spec.maxBatchingWindowSeconds),
        parallelizationFactor: spec.parallelizationFactor,
        onFailure: new SqsDlq(failures),
      }),
    );
    Validations.of(this.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${X_RAY_REASON} The stream event source also needs dynamodb:ListStreams, which cannot be scoped to a table; reading records is granted on this table's stream only.`,
    });
    return this;
  }
}
