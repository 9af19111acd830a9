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
      description: `${SERVICE_NAME}: rate limit on public tracking, AWS managed common rules`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.namePrefix}-web-acl`),
      rules: [
        {
          name: 'public-tracking-rate-per-address',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: TRACKING_REQUESTS_PER_FIVE_MINUTES,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: PUBLIC_TRACKING_PATH_PREFIX,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility(`${props.namePrefix}-public-tracking-rate`),
        },
        {
          name: 'aws-managed-common-rules',
          priority: 1,
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
