import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueueName, type FunctionName, type QueueName, SERVICE_NAME } from '../manifest.ts';
import { entriesOf, type SystemManifest } from '../stacks/system-manifest.ts';

/** Namespace and outcome names the functions publish through Powertools Metrics. */
export const APPLICATION_METRICS = {
  namespace: 'BcciBridge',
  scanOutcomes: ['accepted', 'duplicate', 'rejected', 'flagged'],
} as const;

export interface HealthDashboardProps {
  readonly dashboardName: string;
  readonly manifest: SystemManifest;
  readonly httpApi: IHttpApi;
  /** The name of the API stage whose route metrics are shown. */
  readonly apiStageName: string;
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly queues: Readonly<Record<QueueName, { readonly queue: IQueue; readonly deadLetterQueue: IQueue }>>;
  /** Dead-letter queues that no manifest queue redrives into (stream failures, schedules). */
  readonly standaloneDeadLetterQueues: Readonly<Record<string, IQueue>>;
}

const PERIOD = Duration.minutes(5);
const FULL_WIDTH = 24;
const HALF_WIDTH = 12;

/**
 * One CloudWatch dashboard of the system's health, built from the manifest so that a new route
 * or queue joins it without an edit here: per route the 4xx/5xx counts and p50/p99 latency;
 * per queue the age of the oldest message and the dead-letter depth; the scan outcomes the
 * ingestion publishes; callback delivery failures; ledger bookings.
 */
export class HealthDashboard extends Construct {
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: HealthDashboardProps) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(heading('HTTP API, per route'));
    this.dashboard.addWidgets(...routeWidgets(props));
    this.dashboard.addWidgets(heading('Queues'));
    this.dashboard.addWidgets(...queueWidgets(props));
    this.dashboard.addWidgets(heading('Scans, callbacks and ledger'));
    this.dashboard.addWidgets(...businessWidgets(props));
  }
}

const heading = (text: string): TextWidget =>
  new TextWidget({ markdown: `## ${text}`, width: FULL_WIDTH, height: 1 });

function routeWidgets(props: HealthDashboardProps): IWidget[] {
  return props.manifest.routes.flatMap((route) => {
    const routeMetric = (metricName: string, statistic: string, label: string): Metric =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: {
          ApiId: props.httpApi.apiId,
          Stage: props.apiStageName,
          Method: route.method,
          Resource: route.path,
        },
        statistic,
        period: PERIOD,
        label,
      });
    const title = `${route.method} ${route.path}`;
    return [
      new GraphWidget({
        title: `${title}: errors`,
        width: HALF_WIDTH,
        left: [routeMetric('4xx', 'Sum', '4xx'), routeMetric('5xx', 'Sum', '5xx')],
      }),
      new GraphWidget({
        title: `${title}: latency (ms)`,
        width: HALF_WIDTH,
        left: [routeMetric('Latency', 'p50', 'p50'), routeMetric('Latency', 'p99', 'p99')],
      }),
    ];
  });
}

function queueWidgets(props: HealthDashboardProps): IWidget[] {
  const queues = entriesOf(props.queues);
  const deadLetterDepths: IMetric[] = [
    ...queues.map(([name, { deadLetterQueue }]) =>
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
        label: deadLetterQueueName(name),
      }),
    ),
    ...Object.entries(props.standaloneDeadLetterQueues).map(([label, queue]) =>
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label }),
    ),
  ];
  return [
    new GraphWidget({
      title: 'Age of the oldest message (s)',
      width: HALF_WIDTH,
      left: queues.map(([name, { queue }]) =>
        queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label: name }),
      ),
    }),
    new GraphWidget({ title: 'Dead-letter queue depth', width: HALF_WIDTH, left: deadLetterDepths }),
  ];
}

function businessWidgets(props: HealthDashboardProps): IWidget[] {
  const scanOutcome = (outcome: string): Metric =>
    new Metric({
      namespace: APPLICATION_METRICS.namespace,
      metricName: `scans_${outcome}`,
      dimensionsMap: { service: SERVICE_NAME },
      statistic: 'Sum',
      period: PERIOD,
      label: outcome,
    });
  const callbackConsumer = props.functions[props.manifest.queues.callbackDeliveries.consumer];
  const ledger = props.queues.ledger;
  return [
    new GraphWidget({
      title: 'Scan outcomes',
      width: HALF_WIDTH / 2,
      left: APPLICATION_METRICS.scanOutcomes.map(scanOutcome),
    }),
    new GraphWidget({
      title: 'Callback delivery failures',
      width: HALF_WIDTH / 2,
      left: [
        callbackConsumer.metricErrors({ period: PERIOD, statistic: 'Sum', label: 'consumer errors' }),
        props.queues.callbackDeliveries.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: 'Maximum',
          label: 'given up (dead-letter queue)',
        }),
      ],
    }),
    new GraphWidget({
      title: 'Ledger bookings',
      width: HALF_WIDTH,
      left: [
        ledger.queue.metricNumberOfMessagesDeleted({ period: PERIOD, statistic: 'Sum', label: 'booked' }),
        props.functions[props.manifest.queues.ledger.consumer].metricErrors({
          period: PERIOD,
          statistic: 'Sum',
          label: 'booking errors',
        }),
      ],
    }),
  ];
}
