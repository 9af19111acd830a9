import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  UserPoolOperation,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DIGITISED_KEY_PREFIX } from '../../functions/domain/digitised-documents.ts';
import { DEFAULT_RETENTION_DAYS } from '../../functions/domain/retention.ts';
import { BridgeFunction } from '../constructs/bridge-function.ts';
import { deadLetterQueueName, type QueueName, ROLES, type Role, SERVICE_NAME } from '../manifest.ts';
import { entriesOf, type SystemManifest } from './system-manifest.ts';

export interface StatefulStackProps extends StackProps {
  readonly manifest: SystemManifest;
  /**
   * Prefix of the Cognito hosted domain (`<prefix>.auth.<region>.amazoncognito.com`) that serves
   * the OAuth token endpoint for client-credentials clients. Must be unique in the region.
   * @default `bcci-bridge-<account id>`
   */
  readonly authDomainPrefix?: string;
  /**
   * Keep the table, queues, buckets, user pool, secret and key when the stack or the resource
   * is removed, with deletion protection on; `false` (a dev stage) destroys them with the stack
   * and empties the buckets first. @default true
   */
  readonly retainData?: boolean;
  /**
   * Days a dossier's personal data is kept (the same setting the stateless stack gives the
   * erasure job): scans of the dossiers' documents expire this long after they were attached,
   * never before the five-year lock. @default five years
   */
  readonly personalDataRetentionDays?: number;
  /** @default the repository root */
  readonly projectRoot?: string;
}

/**
 * What app clients may write of a user's attributes: their own contact details, never the
 * tenant attributes (`custom:postOfficeCode`, `custom:agencyCode`, `custom:provinceCode`), which only
 * admins set.
 */
export const CLIENT_WRITE_ATTRIBUTES = new ClientAttributes().withStandardAttributes({
  email: true,
  fullname: true,
  phoneNumber: true,
});
export const CLIENT_READ_ATTRIBUTES = new ClientAttributes()
  .withStandardAttributes({ email: true, emailVerified: true, fullname: true, phoneNumber: true })
  .withCustomAttributes('postOfficeCode', 'agencyCode', 'provinceCode');

/** A queue from the manifest with the dead-letter queue its failed messages move to. */
export interface QueueWithDeadLetter {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/** The OAuth scope (`bcci-bridge/<role>`) a machine client asks for to act in a role. */
export const RESOURCE_SERVER_IDENTIFIER = SERVICE_NAME;

const DAYS_IN_FIVE_YEARS = 5 * 366;

/**
 * Everything that holds data or identity and must outlive any deployment of the code:
 * the table, the queues and their dead-letter queues, the document bucket, the user pool,
 * and the alarm topic. With `retainData` (staging, prod) nothing here is destroyed with the
 * stack; a dev stage destroys it all.
 */
export class StatefulStack extends Stack {
  public readonly table: Table;
  public readonly queues: Readonly<Record<QueueName, QueueWithDeadLetter>>;
  /** Batches the table stream consumer gave up on (after retries and bisection). */
  public readonly streamFailuresQueue: Queue;
  /** Schedule invocations that EventBridge Scheduler could not deliver. */
  public readonly schedulesDeadLetterQueue: Queue;
  /** Proof-of-delivery images, labels and reports. */
  public readonly documentsBucket: Bucket;
  public readonly userPool: UserPool;
  public readonly resourceServer: UserPoolResourceServer;
  public readonly staffAppClient: UserPoolClient;
  public readonly agencySystemClient: UserPoolClient;
  public readonly authDomain: UserPoolDomain;
  /** The user pool's triggers, from the manifest's functions marked `cognitoTrigger`. */
  public readonly cognitoTriggers: Readonly<Record<string, BridgeFunction>>;
  public readonly alarmTopic: Topic;
  /** The key from which recipients' one-time delivery codes are derived. */
  public readonly deliveryCodeSecret: Secret;
  public readonly retainData: boolean;
  private readonly removalPolicy: RemovalPolicy;
  /** The key that authenticates pagination cursors. */
  public readonly cursorSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { manifest } = props;
    this.retainData = props.retainData ?? true;
    this.removalPolicy = this.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = this.createTable(manifest);
    this.backUpRecords(this.table);
    this.queues = this.createQueues(manifest);
    this.streamFailuresQueue = this.createStandaloneDeadLetterQueue(
      'stream-failures-dlq',
      'The table stream consumer sends the description of a failed batch here (an on-failure destination); no queue redrives into it, and Lambda event source mappings are invisible to the rule.',
    );
    this.schedulesDeadLetterQueue = this.createStandaloneDeadLetterQueue(
      'schedules-dlq',
      'EventBridge Scheduler sends undeliverable schedule invocations here (the schedule target dead-letter queue); it is itself the last stop and needs no further dead-letter queue.',
    );
    this.documentsBucket = this.createDocumentsBucket(
      props.personalDataRetentionDays ?? DEFAULT_RETENTION_DAYS,
    );

    this.userPool = this.createUserPool();
    const scopes = new Map<Role, ResourceServerScope>(
      ROLES.map((role) => [
        role,
        new ResourceServerScope({ scopeName: role, scopeDescription: `Act as ${role}` }),
      ]),
    );
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_IDENTIFIER,
      userPoolResourceServerName: SERVICE_NAME,
      scopes: [...scopes.values()],
    });
    this.staffAppClient = this.userPool.addClient('StaffAppClient', {
      userPoolClientName: 'staff-apps',
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      readAttributes: CLIENT_READ_ATTRIBUTES,
      writeAttributes: CLIENT_WRITE_ATTRIBUTES,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    const agencyScope = scopes.get('agency');
    if (agencyScope === undefined) throw new Error('ROLES has no agency role');
    this.agencySystemClient = this.userPool.addClient('AgencySystemClient', {
      userPoolClientName: 'agency-system-example',
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [OAuthScope.resourceServer(this.resourceServer, agencyScope)],
      },
      readAttributes: CLIENT_READ_ATTRIBUTES,
      writeAttributes: CLIENT_WRITE_ATTRIBUTES,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
    });
    this.cognitoTriggers = this.createCognitoTriggers(manifest, props.projectRoot);
    this.authDomain = this.userPool.addDomain('AuthDomain', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `${SERVICE_NAME}-${Aws.ACCOUNT_ID}` },
    });

    this.alarmTopic = this.createAlarmTopic();
    this.deliveryCodeSecret = this.createDeliveryCodeSecret();
    this.cursorSecret = this.createCursorSecret();

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'StaffAppClientId', { value: this.staffAppClient.userPoolClientId });
    new CfnOutput(this, 'AgencySystemClientId', { value: this.agencySystemClient.userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', {
      description: 'OAuth 2.0 token endpoint for client-credentials clients (agency systems)',
      value: `${this.authDomain.baseUrl()}/oauth2/token`,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }

  private createTable(manifest: SystemManifest): Table {
    const spec = manifest.table;
    const table = new Table(this, 'Table', {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: this.retainData,
      timeToLiveAttribute: spec.timeToLiveAttribute,
      stream: StreamViewType[spec.stream],
      // Shows the most accessed keys, which is how a hot partition would be spotted.
      contributorInsightsSpecification: { enabled: true },
      removalPolicy: this.removalPolicy,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        ...(index.include
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
          : { projectionType: ProjectionType.ALL }),
      });
    }
    return table;
  }

  /**
   * The table's point-in-time recovery reaches 35 days back; electronic records are kept five
   * years, so a monthly backup of the table is kept that long in its own vault, and a daily one
   * five weeks.
   */
  private backUpRecords(table: Table): void {
    const vault = new BackupVault(this, 'RecordsBackupVault', { removalPolicy: this.removalPolicy });
    const plan = new BackupPlan(this, 'RecordsBackupPlan', { backupVault: vault });
    plan.addRule(
      new BackupPlanRule({
        ruleName: 'daily-five-weeks',
        scheduleExpression: Schedule.cron({ hour: '18', minute: '0' }),
        deleteAfter: Duration.days(35),
      }),
    );
    plan.addRule(
      new BackupPlanRule({
        ruleName: 'monthly-five-years',
        scheduleExpression: Schedule.cron({ day: '1', hour: '19', minute: '0' }),
        moveToColdStorageAfter: Duration.days(90),
        deleteAfter: Duration.days(DAYS_IN_FIVE_YEARS + 90),
      }),
    );
    const selection = plan.addSelection('RecordsTable', {
      resources: [BackupResource.fromDynamoDbTable(table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'AWS Backup assumes this role to back up the table; the service-role policy AWS maintains for it is the documented least grant and follows new backup features.',
    });
  }

  private createQueues(manifest: SystemManifest): Record<QueueName, QueueWithDeadLetter> {
    const queues: Partial<Record<QueueName, QueueWithDeadLetter>> = {};
    for (const [name, spec] of entriesOf(manifest.queues)) {
      const deadLetterQueue = new Queue(this, deadLetterQueueName(name), {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(spec.deadLetterRetentionDays),
        removalPolicy: this.removalPolicy,
      });
      const queue = new Queue(this, name, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
        removalPolicy: this.removalPolicy,
      });
      queues[name] = { queue, deadLetterQueue };
    }
    return queues as Record<QueueName, QueueWithDeadLetter>;
  }

  private createStandaloneDeadLetterQueue(id: string, whyNoDeadLetterQueue: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: this.removalPolicy,
    });
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: whyNoDeadLetterQueue });
    return queue;
  }

  private createDocumentsBucket(personalDataRetentionDays: number): Bucket {
    const accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          id: 'keep-access-logs-as-long-as-the-records',
          transitions: [
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          expiration: Duration.days(DAYS_IN_FIVE_YEARS),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: this.removalPolicy,
      autoDeleteObjects: !this.retainData,
    });
    Validations.of(accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log destination of the documents bucket; logging it to itself would loop and logging it elsewhere only moves the problem.',
    });

    return new Bucket(this, 'DocumentsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // A record cannot be deleted or overwritten for five years (governance mode: an
      // administrator holding the bypass permission can still act on a court order). A dev
      // stage, destroyed with its stack, locks nothing.
      ...(this.retainData
        ? {
            objectLockEnabled: true,
            objectLockDefaultRetention: ObjectLockRetention.governance(Duration.days(DAYS_IN_FIVE_YEARS)),
          }
        : {}),
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      // Proof of delivery, labels and reports are records that must be kept at least five years,
      // so no rule expires a current version; they move to cheaper classes as they stop being read.
      lifecycleRules: [
        {
          id: 'records-age-into-cheaper-storage',
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
          ],
          noncurrentVersionTransitions: [
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) },
          ],
          noncurrentVersionExpiration: Duration.days(DAYS_IN_FIVE_YEARS),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        {
          // Scans of a dossier's documents hold the citizen's personal data: they go when the
          // dossier's personal data goes, and never while the lock holds them.
          id: 'dossier-scans-follow-the-dossier',
          prefix: DIGITISED_KEY_PREFIX,
          expiration: Duration.days(Math.max(DAYS_IN_FIVE_YEARS, personalDataRetentionDays)),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: this.removalPolicy,
      autoDeleteObjects: !this.retainData,
    });
  }

  /**
   * The pre-token-generation trigger, event version 3 (access tokens of client-credentials
   * clients can be changed only there; the pool's PLUS plan allows it).
   */
  private createCognitoTriggers(
    manifest: SystemManifest,
    projectRoot?: string,
  ): Record<string, BridgeFunction> {
    const triggers: Record<string, BridgeFunction> = {};
    for (const [name, spec] of entriesOf(manifest.functions)) {
      if (!spec.cognitoTrigger) continue;
      const fn = new BridgeFunction(this, name, { spec, ...(projectRoot ? { projectRoot } : {}) });
      if (spec.access.table) fn.bindTable(this.table, spec.access.table);
      this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, LambdaVersion.V3_0);
      triggers[name] = fn;
    }
    return triggers;
  }

  private createUserPool(): UserPool {
    const userPool = new UserPool(this, 'UserPool', {
      userPoolName: SERVICE_NAME,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        postOfficeCode: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        agencyCode: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        provinceCode: new StringAttribute({ minLen: 2, maxLen: 2, mutable: true }),
      },
      deletionProtection: this.retainData,
      removalPolicy: this.removalPolicy,
    });
    for (const role of ROLES) {
      userPool.addGroup(`Group-${role}`, { groupName: role, description: `Users acting as ${role}` });
    }
    return userPool;
  }

  private createDeliveryCodeSecret(): Secret {
    const secret = new Secret(this, 'DeliveryCodeSecret', {
      description: `${SERVICE_NAME}: derives the one-time codes recipients give at delivery`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: this.removalPolicy,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Codes already sent to recipients are derived from this secret; an automatic rotation would invalidate every code in circulation, so rotation is a planned operation, not a schedule.',
    });
    return secret;
  }

  private createCursorSecret(): Secret {
    const secret = new Secret(this, 'CursorSecret', {
      description: `${SERVICE_NAME}: authenticates the pagination cursors the API gives out`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A rotation only makes the cursors handed out before it invalid (their next page is asked again from the start); it is done by hand when needed, not on a schedule.',
    });
    return secret;
  }

  private createAlarmTopic(): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: `${SERVICE_NAME} alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: this.removalPolicy,
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets CloudWatch use it;
    // the AWS managed SNS key cannot be shared that way.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return new Topic(this, 'AlarmTopic', {
      displayName: `${SERVICE_NAME} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
  }
}
