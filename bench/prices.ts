/**
 * AWS list prices the cost model uses, as data: Asia Pacific (Singapore), on-demand, no free
 * tier, first pricing tier. Written down from the public pricing pages as last known
 * (2025); this machine cannot reach them, so `check` marks the figures to confirm on the page
 * before quoting the model — regional prices there differ from us-east-1's and change.
 */

export interface Price {
  readonly usd: number;
  /** The quantity `usd` buys. */
  readonly per: number;
  readonly unit: string;
  readonly source: string;
  /** `list`: the published figure as known; `check`: derived or recalled, confirm on the page. */
  readonly confidence: 'list' | 'check';
  readonly note?: string;
}

export const PRICE_LIST = {
  region: 'ap-southeast-1',
  currency: 'USD',
  asOf: '2025 (as last known; not re-checked from this machine, which has no internet access)',
  prices: {
    lambdaRequests: {
      usd: 0.2,
      per: 1_000_000,
      unit: 'Lambda requests',
      source: 'https://aws.amazon.com/lambda/pricing/',
      confidence: 'list',
    },
    lambdaArmGbSeconds: {
      usd: 0.0000133334,
      per: 1,
      unit: 'Lambda GB-second, arm64 (first 7.5 billion GB-s a month)',
      source: 'https://aws.amazon.com/lambda/pricing/',
      confidence: 'list',
    },
    httpApiRequests: {
      usd: 1.2,
      per: 1_000_000,
      unit: 'API Gateway HTTP API requests (first 300 million a month, per 512 KB)',
      source: 'https://aws.amazon.com/api-gateway/pricing/',
      confidence: 'check',
      note: 'us-east-1 is $1.00; the Singapore figure is recalled',
    },
    dynamoWriteRequestUnits: {
      usd: 0.7116,
      per: 1_000_000,
      unit: 'DynamoDB on-demand write request units (Standard table class)',
      source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      confidence: 'check',
      note: 'Singapore list price before the November 2024 on-demand price cut ($1.4231), halved',
    },
    dynamoReadRequestUnits: {
      usd: 0.1423,
      per: 1_000_000,
      unit: 'DynamoDB on-demand read request units (Standard table class)',
      source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      confidence: 'check',
      note: 'Singapore list price before the November 2024 on-demand price cut ($0.2846), halved',
    },
    sqsRequests: {
      usd: 0.4,
      per: 1_000_000,
      unit: 'SQS standard queue requests (per 64 KB chunk)',
      source: 'https://aws.amazon.com/sqs/pricing/',
      confidence: 'list',
    },
    streamReadRequests: {
      usd: 0.2278,
      per: 1_000_000,
      unit: 'DynamoDB Streams read request units',
      source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      confidence: 'check',
      note: 'GetRecords calls made by a Lambda trigger are free: the model counts none',
    },
    logsIngestedGb: {
      usd: 0.7,
      per: 1,
      unit: 'CloudWatch Logs ingestion, Standard class, per GB',
      source: 'https://aws.amazon.com/cloudwatch/pricing/',
      confidence: 'check',
      note: 'us-east-1 is $0.50; Lambda logs get volume tiers above 10 TB a month',
    },
  },
} as const satisfies {
  region: string;
  currency: string;
  asOf: string;
  prices: Record<string, Price>;
};

export type PriceName = keyof typeof PRICE_LIST.prices;
