import {
  Aws,
  CfnOutput,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  type IUserPool,
  type IUserPoolClient,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BridgeFunction, PROJECT_ROOT } from '../constructs/bridge-function.ts';
import { ConsoleHosting } from '../constructs/console-hosting.ts';
import { nagArnText } from '../constructs/nag.ts';
import {
  deadLetterQueueName,
  ENV,
  type FunctionName,
  HOLIDAY_CALENDAR_BEYOND_DATA_METRIC,
  METRICS_NAMESPACE,
  type QueueName,
  routeKey,
  SERVICE_NAME,
} from '../manifest.ts';
import { CLIENT_READ_ATTRIBUTES, CLIENT_WRITE_ATTRIBUTES } from './stateful-stack.ts';
import { entriesOf, type SystemManifest } from './system-manifest.ts';

/** Sender of e-mail to callback owners, unless the `bcci:emailFrom` context names another (a verified SES identity). */
const DEFAULT_EMAIL_FROM = 'no-reply@bcci-bridge.vn';

/** What the stateless stack uses from the stateful one (a `StatefulStack` satisfies it). */
export interface StatefulResources {
  readonly table: ITable;
  readonly queues: Readonly<Record<QueueName, { readonly queue: IQueue; readonly deadLetterQueue: IQueue }>>;
  readonly streamFailuresQueue: IQueue;
  readonly schedulesDeadLetterQueue: IQueue;
  readonly documentsBucket: IBucket;
  readonly userPool: IUserPool;
  readonly staffAppClient: IUserPoolClient;
  readonly agencySystemClient: IUserPoolClient;
  /** The Cognito domain of the Hosted UI and the OAuth endpoints. */
  readonly authDomain: Pick<UserPoolDomain, 'baseUrl' | 'domainName'>;
  readonly alarmTopic: ITopic;
  readonly deliveryCodeSecret: ISecret;
  readonly cursorSecret: ISecret;
}

export interface StatelessStackProps extends StackProps {
  readonly manifest: SystemManifest;
  readonly resources: StatefulResources;
  /** @default the repository root */
  readonly projectRoot?: string;
  /**
   * Public base URL of the tracking page that labels print as a QR code.
   * @default the handlers' own default
   */
  readonly trackingBaseUrl?: string;
  /** Days personal data is kept after registration; the eraser's default (five years) when absent. */
  readonly personalDataRetentionDays?: number;
  /** Map the functions' stack traces to the sources at run time. @default false */
  readonly sourceMapStackTraces?: boolean;
  /** Serve the web console through CloudFront with this web ACL; no console when absent. */
  readonly console?: ConsoleProps;
}

export interface ConsoleProps {
  /** ARN of the CLOUDFRONT-scope web ACL (us-east-1). */
  readonly webAclArn: string;
  /** Keep the edge logs when the stack is removed. */
  readonly retainLogs: boolean;
}

/** Where the Hosted UI sends the console back with the authorization code. */
export const CONSOLE_CALLBACK_PATH = '/auth/callback';
/** What the console asks the Hosted UI for: the API reads the access token's groups and tenant claims. */
export const CONSOLE_OAUTH_SCOPES = ['openid', 'email', 'profile'] as const;

/** Steady-state and burst request rates for every route of the API. */
export const API_THROTTLE = { rateLimit: 500, burstLimit: 1000 } as const;
/**
 * Public routes that read data (the citizen's tracking) get a route limit of their own, far
 * below the API's, so that guessing at them cannot take the API's capacity. API Gateway's
 * limits are per route, not per client; a per-client rate-based rule needs AWS WAF, which
 * attaches to the CloudFront distribution in front of the API, not to an HTTP API itself.
 */
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/** How many times EventBridge Scheduler retries a failed invocation before the dead-letter queue. */
const SCHEDULE_RETRY_ATTEMPTS = 3;

/**
 * The code and its wiring, generated from the manifest: one function per manifest entry, the
 * HTTP API with its routes, queue and stream consumers, schedules, and alarms. Everything here
 * can be destroyed and redeployed without losing data.
 */
/** The API's one stage, served at the API's own URL with no stage prefix. */
export const API_STAGE_NAME = '$default';

export class StatelessStack extends Stack {
  public readonly functions: Readonly<Record<FunctionName, BridgeFunction>>;
  public readonly httpApi: HttpApi;
  public readonly jwtAuthorizer: HttpJwtAuthorizer;
  /** The alarm on each dead-letter queue, by the queue's name. */
  public readonly deadLetterAlarms: ReadonlyMap<string, Alarm>;
  public readonly functionErrorAlarms: Readonly<Record<FunctionName, Alarm>>;
  public readonly apiServerErrorAlarm: Alarm;
  /** A date past the holiday data: an admin loads that year's decision. */
  public readonly holidayCalendarAlarm: Alarm;
  public readonly schedules: ReadonlyMap<string, Schedule>;
  /** The console's app client (Hosted UI, authorization code with PKCE, no secret). */
  public readonly consoleClient?: UserPoolClient;
  public readonly consoleHosting?: ConsoleHosting;

  private readonly alarmAction: SnsAction;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { manifest, resources } = props;
    this.alarmAction = new SnsAction(resources.alarmTopic);

    this.functions = this.createFunctions(
      manifest,
      resources,
      props.projectRoot,
      props.sourceMapStackTraces ?? false,
    );
    if (props.trackingBaseUrl) {
      for (const [name, spec] of entriesOf(manifest.functions)) {
        // Documents print tracking links; e-mails link to the console's address.
        if (spec.rendersDocuments || spec.access.sendsEmail)
          this.functions[name].addEnvironment(ENV.trackingBaseUrl, props.trackingBaseUrl);
      }
    }

    if (props.personalDataRetentionDays !== undefined) {
      this.functions.erasePersonalData.addEnvironment(
        ENV.personalDataRetentionDays,
        String(props.personalDataRetentionDays),
      );
    }

    for (const [name, spec] of entriesOf(manifest.queues)) {
      this.functions[spec.consumer].consumeQueue(resources.queues[name].queue, name, spec);
    }
    this.functions[manifest.streamConsumer.function].consumeTableStream(
      resources.table,
      manifest.streamConsumer,
      resources.streamFailuresQueue,
    );

    const issuer = `https://cognito-idp.${Aws.REGION}.amazonaws.com/${resources.userPool.userPoolId}`;
    if (props.console) this.consoleClient = this.createConsoleClient(resources.userPool);
    this.jwtAuthorizer = new HttpJwtAuthorizer('CognitoJwtAuthorizer', issuer, {
      jwtAudience: [
        resources.staffAppClient.userPoolClientId,
        resources.agencySystemClient.userPoolClientId,
        ...(this.consoleClient ? [this.consoleClient.userPoolClientId] : []),
      ],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = this.createHttpApi(manifest);
    new CfnOutput(this, 'ApiEndpoint', { value: this.httpApi.apiEndpoint });
    if (props.console && this.consoleClient) {
      this.consoleHosting = this.createConsoleHosting(
        props.console,
        resources,
        this.consoleClient,
        issuer,
        props.projectRoot,
      );
      new CfnOutput(this, 'ConsoleUrl', { value: this.consoleUrl() });
    }
    this.schedules = this.createSchedules(manifest, resources.schedulesDeadLetterQueue);

    const deadLetterQueues = new Map<string, IQueue>([
      ...entriesOf(resources.queues).map(([name, { deadLetterQueue }]): [string, IQueue] => [
        deadLetterQueueName(name),
        deadLetterQueue,
      ]),
      [resources.streamFailuresQueue.node.id, resources.streamFailuresQueue],
      [resources.schedulesDeadLetterQueue.node.id, resources.schedulesDeadLetterQueue],
    ]);
    this.deadLetterAlarms = new Map(
      [...deadLetterQueues].map(([name, queue]) => [
        name,
        this.alarm(`DeadLetters-${name}`, {
          description: `Messages are waiting in the ${name} dead-letter queue: something failed for good and needs a person.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            statistic: 'Maximum',
          }),
        }),
      ]),
    );
    this.functionErrorAlarms = Object.fromEntries(
      entriesOf(this.functions).map(([name, fn]) => [
        name,
        this.alarm(`Errors-${name}`, {
          description: `The ${name} function threw or timed out.`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        }),
      ]),
    ) as Record<FunctionName, Alarm>;
    this.apiServerErrorAlarm = this.alarm('ApiServerErrors', {
      description: 'The HTTP API answered with a 5xx status.',
      metric: this.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
    this.holidayCalendarAlarm = this.alarm('HolidayCalendarBeyondData', {
      description:
        "A date fell in a year with no holiday data: working days were counted by the Labour Code's rules alone. Load that year's holiday decision.",
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: HOLIDAY_CALENDAR_BEYOND_DATA_METRIC,
        dimensionsMap: { service: SERVICE_NAME },
        period: Duration.hours(1),
        statistic: 'Sum',
      }),
    });
  }

  private createConsoleHosting(
    console: ConsoleProps,
    resources: StatefulResources,
    client: UserPoolClient,
    issuer: string,
    projectRoot?: string,
  ): ConsoleHosting {
    const cognitoDomainUrl = resources.authDomain.baseUrl();
    return new ConsoleHosting(this, 'Console', {
      httpApi: this.httpApi,
      webAclArn: console.webAclArn,
      cognitoDomainUrl,
      retainLogs: console.retainLogs,
      projectRoot: projectRoot ?? PROJECT_ROOT,
      runtimeConfig: {
        auth: 'cognito',
        cognitoDomain: cognitoDomainUrl,
        clientId: client.userPoolClientId,
        issuer,
        scopes: CONSOLE_OAUTH_SCOPES,
      },
    });
  }

  /** `https://<distribution>.cloudfront.net`, once the console's distribution exists. */
  private consoleUrl(): string {
    return Lazy.string({
      produce: () => {
        if (!this.consoleHosting) throw new Error('The console has no distribution');
        return `https://${this.consoleHosting.distribution.distributionDomainName}`;
      },
    });
  }

  /**
   * The console's app client: Cognito's Hosted UI with the authorization code grant (the
   * console sends a PKCE challenge), no secret (a browser cannot keep one), callback and
   * sign-out URLs on the distribution's own domain (resolved once the distribution exists).
   */
  private createConsoleClient(userPool: IUserPool): UserPoolClient {
    return new UserPoolClient(this, 'ConsoleClient', {
      userPool,
      userPoolClientName: 'web-console',
      generateSecret: false,
      authFlows: {},
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${this.consoleUrl()}${CONSOLE_CALLBACK_PATH}`],
        logoutUrls: [`${this.consoleUrl()}/`],
      },
      readAttributes: CLIENT_READ_ATTRIBUTES,
      writeAttributes: CLIENT_WRITE_ATTRIBUTES,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  private createFunctions(
    manifest: SystemManifest,
    resources: StatefulResources,
    projectRoot: string | undefined,
    sourceMapStackTraces: boolean,
  ): Record<FunctionName, BridgeFunction> {
    const functions = {} as Record<FunctionName, BridgeFunction>;
    for (const [name, spec] of entriesOf(manifest.functions)) {
      // Cognito triggers are built beside the user pool, in the stateful stack.
      if (spec.cognitoTrigger) continue;
      const fn = new BridgeFunction(this, name, {
        spec,
        projectRoot,
        sourceMapStackTraces,
      });
      if (spec.access.table) fn.bindTable(resources.table, spec.access.table);
      if (spec.access.bucket) fn.bindBucket(resources.documentsBucket, spec.access.bucket);
      for (const queue of spec.access.sendTo ?? []) fn.bindQueueSender(resources.queues[queue].queue, queue);
      if (spec.access.sendsSms) fn.bindSmsSender();
      if (spec.access.deliveryCodeSecret) fn.bindDeliveryCodeSecret(resources.deliveryCodeSecret);
      if (spec.access.cursorSecret) fn.bindCursorSecret(resources.cursorSecret);
      for (const queue of spec.access.sendToDeadLetter ?? []) {
        fn.bindDeadLetterSender(resources.queues[queue].deadLetterQueue, queue);
      }
      if (spec.access.sendsEmail)
        fn.bindEmailSender(this.node.tryGetContext('bcci:emailFrom') ?? DEFAULT_EMAIL_FROM);
      functions[name] = fn;
    }
    return functions;
  }

  private createHttpApi(manifest: SystemManifest): HttpApi {
    const api = new HttpApi(this, 'HttpApi', {
      apiName: SERVICE_NAME,
      description: 'Postal carriage of administrative dossiers: agency systems, postal staff and finance',
      createDefaultStage: false,
      // A route the manifest forgets to mark public still demands a token.
      defaultAuthorizer: this.jwtAuthorizer,
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: API_STAGE_NAME,
      autoDeploy: true,
      // Per-route counts and latency, which the health dashboard shows.
      detailedMetricsEnabled: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No query string and no token claims: tracking links carry phone digits, tokens personal data.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    // The L2 stage has no per-route settings: set on the CloudFormation resource.
    (stage.node.defaultChild as CfnStage).addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(
        manifest.routes
          .filter((route) => route.auth === 'public' && route.path.includes('{'))
          .map((route) => [
            routeKey(route),
            {
              ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
              ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
            },
          ]),
      ),
    );

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationOf = (name: FunctionName): HttpLambdaIntegration => {
      let integration = integrations.get(name);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${name}Integration`, this.functions[name]);
        integrations.set(name, integration);
      }
      return integration;
    };
    const publicAccess = new HttpNoneAuthorizer();
    const publicRouteReason =
      'Public by design in the API contract (API.md): callers of this route hold no token; whatever check it needs happens in its handler.';

    for (const route of manifest.routes) {
      const authorizer: IHttpRouteAuthorizer = route.auth === 'public' ? publicAccess : this.jwtAuthorizer;
      const httpRoute = new HttpRoute(this, `Route ${routeKey(route)}`, {
        httpApi: api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationOf(route.function),
        authorizer,
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)}: ${publicRouteReason}`,
        });
      }
    }

    const catchAll = new HttpRoute(this, 'Route $default', {
      httpApi: api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrationOf(manifest.defaultRoute.function),
      authorizer: publicAccess,
    });
    Validations.of(catchAll).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        '$default only answers unknown routes with a problem+json 404; requiring a token there would turn typos into 401s and reveals nothing a token would protect.',
    });
    return api;
  }

  private createSchedules(manifest: SystemManifest, deadLetterQueue: IQueue): Map<string, Schedule> {
    const schedules = new Map<string, Schedule>();
    for (const [name, spec] of Object.entries(manifest.schedules)) {
      const fn = this.functions[spec.function];
      const role = new Role(this, `Schedule-${name}-Role`, {
        description: `EventBridge Scheduler invoking ${spec.function} for ${name}`,
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: {
            StringEquals: {
              'aws:SourceAccount': Aws.ACCOUNT_ID,
              'aws:SourceArn': this.formatArn({
                service: 'scheduler',
                resource: 'schedule-group',
                resourceName: 'default',
              }),
            },
          },
        }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagArnText(role, fn, fn.functionArn)}:*]`,
        reason: `lambda:InvokeFunction on ${spec.function} and its versions/aliases (arn:*), the one function this schedule targets.`,
      });
      schedules.set(
        name,
        new Schedule(this, `Schedule-${name}`, {
          description: spec.description,
          schedule: ScheduleExpression.expression(spec.expression, TimeZone.of(spec.timezone)),
          timeWindow: TimeWindow.off(),
          target: new LambdaInvoke(fn, {
            role,
            input: ScheduleTargetInput.fromObject(spec.input),
            deadLetterQueue,
            retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
            maxEventAge: Duration.hours(1),
          }),
        }),
      );
    }
    return schedules;
  }

  private alarm(id: string, props: { description: string; metric: IMetric }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.alarmAction);
    alarm.addOkAction(this.alarmAction);
    return alarm;
  }
}
