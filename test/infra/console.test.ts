import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { type BridgeApp, buildApp, CONTEXT, DEFAULT_REGION } from '../../infra/app.ts';
import { manifest } from '../../infra/manifest.ts';
import {
  EDGE_REGION,
  PUBLIC_RECEIPT_LOOKUP_PATH_PREFIX,
  PUBLIC_TRACKING_PATH_PREFIX,
  RECEIPT_LOOKUPS_PER_FIVE_MINUTES,
  TRACKING_REQUESTS_PER_FIVE_MINUTES,
} from '../../infra/stacks/edge-stack.ts';
import { CONSOLE_CALLBACK_PATH } from '../../infra/stacks/stateless-stack.ts';
import { CALLBACK_PATH } from '../../web/src/auth/hosted-ui.ts';

/** CloudFront's managed policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const outdir = mkdtempSync(path.join(tmpdir(), 'bcci-infra-console-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const bridge: BridgeApp = buildApp({
  outdir,
  context: { 'aws:cdk:bundling-stacks': [], [CONTEXT.stage]: 'prod' },
});
bridge.app.synth();
const stateless = Template.fromStack(bridge.stateless);
const edge = Template.fromStack(bridge.edge);
const hosting = bridge.stateless.consoleHosting;
if (!hosting || !bridge.stateless.consoleClient) throw new Error('the stateless stack has no console');
const id = (construct: { node: { defaultChild?: unknown } }) =>
  bridge.stateless.getLogicalId(construct.node.defaultChild as never);
const distributionId = id(hosting.distribution);
const bucketId = id(hosting.bucket);
const clientId = id(bridge.stateless.consoleClient);

type Json = Record<string, unknown>;
const onlyResource = (template: Template, type: string): Json => {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return (found[0] as { Properties: Json }).Properties;
};
const distributionConfig = () =>
  onlyResource(stateless, 'AWS::CloudFront::Distribution').DistributionConfig as Json;

describe('the console distribution', () => {
  it('serves the console from the private bucket through origin access control, HTTPS only', () => {
    const config = distributionConfig();
    const origins = config.Origins as Json[];
    const bucketOrigin = origins.find((origin) => JSON.stringify(origin.DomainName).includes(bucketId));
    expect(bucketOrigin?.OriginAccessControlId).toEqual(
      expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) }),
    );
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: bucketOrigin?.Id,
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      CachePolicyId: CACHING_OPTIMIZED,
      FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })],
    });
    expect(config.DefaultRootObject).toBe('index.html');
    stateless.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('lets only this distribution read the bucket, and only over TLS', () => {
    const policies = Object.values(stateless.findResources('AWS::S3::BucketPolicy')).filter(
      (policy) => JSON.stringify(policy.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    );
    expect(policies).toHaveLength(1);
    const statements = JSON.stringify(policies[0]);
    expect(statements).toContain('cloudfront.amazonaws.com');
    expect(statements).toContain(distributionId);
    expect(statements).toContain('"aws:SecureTransport":"false"');
  });

  it('sends /v1/* to the HTTP API on the same origin: every method, nothing cached, all viewer headers but Host', () => {
    const config = distributionConfig();
    const behaviours = config.CacheBehaviors as Json[];
    expect(behaviours).toHaveLength(1);
    const api = behaviours[0] as Json;
    expect(api).toMatchObject({
      PathPattern: '/v1/*',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = (config.Origins as Json[]).find((candidate) => candidate.Id === api.TargetOriginId);
    expect(JSON.stringify(origin?.DomainName)).toContain(id(bridge.stateless.httpApi));
    expect(JSON.stringify(origin?.DomainName)).toContain('.execute-api.');
    expect(origin?.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('logs to a bucket of its own and carries the web ACL from us-east-1', () => {
    const config = distributionConfig();
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    // The ARN arrives through the cross-region reference: an SSM parameter the reader resolves.
    expect(JSON.stringify(config.WebACLId)).toContain('ExportsReader');
    stateless.hasResourceProperties('Custom::CrossRegionExportReader', {
      ReaderProps: Match.objectLike({
        region: DEFAULT_REGION,
        imports: Match.objectLike({}),
      }),
    });
    expect(JSON.stringify(stateless.findResources('Custom::CrossRegionExportReader'))).toContain('WebAclArn');
  });

  it('answers page paths with index.html and leaves the build files alone', () => {
    const fn = onlyResource(stateless, 'AWS::CloudFront::Function');
    expect((fn.FunctionConfig as Json).Runtime).toBe('cloudfront-js-2.0');
    const handler = runInNewContext(`${fn.FunctionCode as string}; handler`) as (event: {
      request: { uri: string };
    }) => { uri: string };
    const served = (uri: string) => handler({ request: { uri } }).uri;
    for (const page of [
      '/',
      '/scan',
      '/round',
      '/agency',
      '/auth/callback',
      '/track/000.00.06.H26-261120-0042',
    ]) {
      expect(served(page), page).toBe('/index.html');
    }
    for (const file of [
      '/index.html',
      '/assets/index-abc123.js',
      '/assets/index-abc.css',
      '/sw.js',
      '/config.json',
      '/icon.svg',
      '/manifest.webmanifest',
    ]) {
      expect(served(file), file).toBe(file);
    }
  });
});

describe('the security headers', () => {
  const policy = () =>
    (onlyResource(stateless, 'AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig as Json)
      .SecurityHeadersConfig as Json;

  it('go on the console and on the API answers alike', () => {
    const config = distributionConfig();
    const policyRef = (config.DefaultCacheBehavior as Json).ResponseHeadersPolicyId;
    expect(policyRef).toEqual({ Ref: expect.any(String) });
    expect(((config.CacheBehaviors as Json[])[0] as Json).ResponseHeadersPolicyId).toEqual(policyRef);
  });

  it('set a CSP of the console itself plus the Cognito domain, and forbid framing', () => {
    const csp = JSON.stringify((policy().ContentSecurityPolicy as Json).ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    // connect-src: the console's own origin and the Cognito domain's token endpoint.
    expect(csp).toContain("connect-src 'self' https://");
    expect(csp).toContain('AuthDomain');
    expect(csp).toContain(`.auth.${DEFAULT_REGION}.amazoncognito.com`);
    // WebAssembly may be compiled (the camera's barcode reader); JavaScript may not be evaluated.
    expect(csp).not.toContain("'unsafe-eval'");
  });

  it('set HSTS for a year, X-Frame-Options DENY, nosniff and a strict referrer policy', () => {
    expect(policy()).toMatchObject({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 31_536_000,
        IncludeSubdomains: true,
        Override: true,
      },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
  });
});

describe('the web ACL', () => {
  it('lives in us-east-1 with CLOUDFRONT scope', () => {
    expect(bridge.edge.region).toBe(EDGE_REGION);
    expect(bridge.stateless.region).toBe(DEFAULT_REGION);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
  });

  it('blocks an address that reads the public tracking route too often', () => {
    const tracking = manifest.routes.filter((route) => route.function === 'trackDossier');
    expect(tracking.length).toBeGreaterThan(0);
    for (const route of tracking) expect(route.path.startsWith(PUBLIC_TRACKING_PATH_PREFIX)).toBe(true);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: {
              Limit: TRACKING_REQUESTS_PER_FIVE_MINUTES,
              EvaluationWindowSec: 300,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  FieldToMatch: { UriPath: {} },
                  PositionalConstraint: 'STARTS_WITH',
                  SearchString: PUBLIC_TRACKING_PATH_PREFIX,
                }),
              },
            },
          },
        }),
      ]),
    });
  });

  it('blocks an address that looks receipts up too often', () => {
    const lookup = manifest.routes.filter((route) => route.function === 'receiptLookup');
    expect(lookup.length).toBeGreaterThan(0);
    for (const route of lookup) expect(route.path.startsWith(PUBLIC_RECEIPT_LOOKUP_PATH_PREFIX)).toBe(true);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'receipt-lookup-rate-per-address',
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: RECEIPT_LOOKUPS_PER_FIVE_MINUTES,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({ SearchString: PUBLIC_RECEIPT_LOOKUP_PATH_PREFIX }),
              },
            }),
          },
        }),
      ]),
    });
  });

  it("applies AWS's managed common rule set, counting only the body-size rule the API enforces itself", () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: {
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            },
          },
        }),
      ]),
    });
  });

  it('keeps the HTTP API throttling of its own', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });
});

describe("the console's app client", () => {
  it('signs in through the Hosted UI with the authorization code grant and no secret', () => {
    const client = stateless.toJSON().Resources[clientId].Properties as Json;
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(client.ExplicitAuthFlows ?? []).toEqual([]);
    expect(client.WriteAttributes).not.toContain('custom:postOfficeCode');
    expect(client.WriteAttributes).not.toContain('custom:agencyCode');
  });

  it("calls back to and signs out to the distribution's own domain", () => {
    expect(CONSOLE_CALLBACK_PATH).toBe(CALLBACK_PATH);
    const client = stateless.toJSON().Resources[clientId].Properties as Json;
    const onDistribution = (suffix: string) => [
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, suffix]] },
    ];
    expect(client.CallbackURLs).toEqual(onDistribution('/auth/callback'));
    expect(client.LogoutURLs).toEqual(onDistribution('/'));
  });

  it("is one of the JWT authorizer's audiences", () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Audience: Match.arrayWith([{ Ref: clientId }]) },
    });
  });
});

describe('config.json', () => {
  const deployment = () => onlyResource(stateless, 'Custom::CDKBucketDeployment');

  it('is written next to index.html with the Cognito domain, the client and the issuer', () => {
    const props = deployment();
    expect(props.DestinationBucketName).toEqual({ Ref: bucketId });
    const keys = props.SourceObjectKeys as string[];
    expect(keys).toHaveLength(2);
    const dataHash = (keys[1] as string).replace(/\.zip$/, '');
    const written = JSON.parse(readFileSync(path.join(outdir, `asset.${dataHash}`, 'config.json'), 'utf8'));
    expect(written).toEqual({
      auth: 'cognito',
      cognitoDomain: `https://<<marker:0xbaba:0>>.auth.${DEFAULT_REGION}.amazoncognito.com`,
      clientId: '<<marker:0xbaba:1>>',
      issuer: 'https://cognito-idp.<<marker:0xbaba:2>>.amazonaws.com/<<marker:0xbaba:3>>',
      scopes: ['openid', 'email', 'profile'],
    });
    const markers = (props.SourceMarkers as Json[])[1] as Json;
    expect(JSON.stringify(markers['<<marker:0xbaba:0>>'])).toContain('AuthDomain');
    expect(markers['<<marker:0xbaba:1>>']).toEqual({ Ref: clientId });
    expect(markers['<<marker:0xbaba:2>>']).toEqual({ Ref: 'AWS::Region' });
    expect(JSON.stringify(markers['<<marker:0xbaba:3>>'])).toContain('UserPool');
  });

  it('replaces the files of the last deployment and clears the distribution cache', () => {
    expect(deployment()).toMatchObject({
      Prune: true,
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/*'],
    });
  });
});
