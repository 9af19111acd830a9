import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { SERVICE_NAME } from '../manifest.ts';

/** CloudFront reads web ACLs only from us-east-1, whatever region the rest of the system is in. */
export const EDGE_REGION = 'us-east-1';

/** The path prefix of the public tracking route, which answers without a token. */
export const PUBLIC_TRACKING_PATH_PREFIX = '/v1/track/';

/**
 * Requests to the public tracking route that one client address may make in five minutes
 * before the rate-based rule blocks it. A citizen reads a few times; a post-office counter
 * behind one address reads through its tokened routes, which this rule does not count.
 */
export const TRACKING_REQUESTS_PER_FIVE_MINUTES = 300;

/** The path prefix of the public receipt lookup (the address printed on every fee receipt). */
export const PUBLIC_RECEIPT_LOOKUP_PATH_PREFIX = '/v1/receipt-lookup/';

/** Receipt lookups one client address may make in five minutes: a payer checks one or two receipts. */
export const RECEIPT_LOOKUPS_PER_FIVE_MINUTES = 100;
const RATE_WINDOW_SECONDS = 300;

export interface EdgeStackProps extends StackProps {
  /** Prefix of the web ACL's name and metrics (`bcci-bridge-prod`). */
  readonly namePrefix: string;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** A rule that blocks a client address sending more than `limit` requests under a path in five minutes. */
function ratePerAddress(rule: {
  name: string;
  priority: number;
  limit: number;
  pathPrefix: string;
  metricName: string;
}): CfnWebACL.RuleProperty {
  return {
    name: rule.name,
    priority: rule.priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit: rule.limit,
        evaluationWindowSec: RATE_WINDOW_SECONDS,
        aggregateKeyType: 'IP',
        scopeDownStatement: {
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: 'STARTS_WITH',
            searchString: rule.pathPrefix,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
      },
    },
    visibilityConfig: visibility(rule.metricName),
  };
}

/**
 * The web ACL in front of the CloudFront distribution: a per-address rate-based rule on the
 * public tracking route and AWS's managed common rule set. It lives in us-east-1 (CloudFront's
 * web ACLs must); the stack that holds the distribution reads its ARN through a cross-region
 * reference.
 */
export class EdgeStack extends Stack {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `${props.namePrefix}-console`,
      description: `${SERVICE_NAME}: rate limits on public tracking and receipt lookup, AWS managed common rules`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.namePrefix}-web-acl`),
      rules: [
        ratePerAddress({
          name: 'public-tracking-rate-per-address',
          priority: 0,
          limit: TRACKING_REQUESTS_PER_FIVE_MINUTES,
          pathPrefix: PUBLIC_TRACKING_PATH_PREFIX,
          metricName: `${props.namePrefix}-public-tracking-rate`,
        }),
        ratePerAddress({
          name: 'receipt-lookup-rate-per-address',
          priority: 1,
          limit: RECEIPT_LOOKUPS_PER_FIVE_MINUTES,
          pathPrefix: PUBLIC_RECEIPT_LOOKUP_PATH_PREFIX,
          metricName: `${props.namePrefix}-receipt-lookup-rate`,
        }),
        {
          name: 'aws-managed-common-rules',
          priority: 2,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // The API bounds its own bodies (bank statements are larger than this rule's 8 KB)
              // and answers an oversized one with problem+json: the rule only counts them.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility(`${props.namePrefix}-common-rules`),
        },
      ],
    });
  }
}
