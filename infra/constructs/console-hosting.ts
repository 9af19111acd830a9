import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Aws, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { nagArnText } from './nag.ts';

/** What the console reads from `/config.json` to know how to sign in. */
export interface ConsoleRuntimeConfig {
  readonly auth: 'cognito';
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the Hosted UI and token endpoint. */
  readonly cognitoDomain: string;
  readonly clientId: string;
  /** The `iss` of the user pool's tokens. */
  readonly issuer: string;
  readonly scopes: readonly string[];
}

export interface ConsoleHostingProps {
  /** The HTTP API CloudFront sends `/v1/*` to, on the same origin as the console. */
  readonly httpApi: IHttpApi;
  /** ARN of the CLOUDFRONT-scope web ACL (in us-east-1). */
  readonly webAclArn: string;
  /** Base URL of the Cognito domain, allowed as a `connect-src` for the token exchange. */
  readonly cognitoDomainUrl: string;
  /** Written to `/config.json` next to `index.html`. */
  readonly runtimeConfig: ConsoleRuntimeConfig;
  /** Keep the logs bucket when the stack is removed. */
  readonly retainLogs: boolean;
  /** @default the repository root */
  readonly projectRoot: string;
}

/** The console's paths that are files; any other path is a page the console routes itself. */
export const CONSOLE_FILE_EXTENSIONS = [
  '.html',
  '.js',
  '.css',
  '.svg',
  '.png',
  '.ico',
  '.json',
  '.webmanifest',
  '.txt',
  '.woff2',
  // The camera's barcode reader.
  '.wasm',
] as const;

/** The headers every console answer carries; the same as the embedded runtime sends. */
export function contentSecurityPolicy(cognitoDomainUrl: string): string {
  return [
    "default-src 'self'",
    // The camera's barcode reader is WebAssembly (ZXing), compiled from the console's own origin.
    "script-src 'self' 'wasm-unsafe-eval'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${cognitoDomainUrl}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * A page path (`/scan`, `/track/000.00.06.H26-261120-0042`) is answered with `index.html`;
 * a file path keeps its own. A CloudFront Function on the console's behaviour only, so that an
 * API 404 stays the API's problem+json.
 */
const spaFallbackCode = (): string => `var FILE_EXTENSIONS = ${JSON.stringify(
  Object.fromEntries(CONSOLE_FILE_EXTENSIONS.map((extension) => [extension, true])),
)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var dot = uri.lastIndexOf('.');
  var extension = dot > uri.lastIndexOf('/') ? uri.slice(dot).toLowerCase() : '';
  if (!FILE_EXTENSIONS[extension]) request.uri = '/index.html';
  return request;
}
`;

/**
 * The web console in AWS: the built files in a private bucket that only CloudFront reads
 * (origin access control), `/v1/*` forwarded to the HTTP API on the same origin with nothing
 * cached, the security headers on every answer, the web ACL attached, and `/config.json`
 * telling the console to sign in through Cognito's Hosted UI.
 */
export class ConsoleHosting extends Construct {
  public readonly bucket: Bucket;
  public readonly logsBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.logsBucket = this.createLogsBucket(props.retainLogs);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      // Only the build's files live here; every deployment writes them again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.responseHeadersPolicy = this.createHeadersPolicy(props.cognitoDomainUrl);
    this.distribution = this.createDistribution(props);
    this.deployment = new BucketDeployment(this, 'Files', {
      destinationBucket: this.bucket,
      sources: [consoleBuild(props.projectRoot), Source.jsonData('config.json', props.runtimeConfig)],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler();
  }

  /**
   * The deployment's handler is aws-cdk-lib's own (one per stack, beside this construct): its
   * runtime, managed policy and S3 grants are the library's, scoped to the asset and console
   * buckets.
   */
  private acknowledgeDeploymentHandler(): void {
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!handler) throw new Error('The bucket deployment has no handler');
    const acknowledge = (id: string, reason: string) => Validations.of(handler).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions-L1',
      "The bucket deployment handler's runtime is chosen by aws-cdk-lib, which keeps it current with each release.",
    );
    acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The handler writes its own logs, which is all the AWS managed basic execution policy allows.',
    );
    const wildcardReason =
      "aws-cdk-lib's grants for copying the console build: read the CDK asset bucket's objects, write and prune the console bucket's objects, create and read the distribution's invalidations (CloudFront invalidations have no resource ARN).";
    for (const finding of [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::*',
      `Resource::${nagArnText(handler, this.bucket, this.bucket.bucketArn)}/*`,
      `Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Stack.of(this).region}/*`,
    ]) {
      acknowledge(`AwsSolutions-IAM5[${finding}]`, wildcardReason);
    }
  }

  private createLogsBucket(retain: boolean): Bucket {
    const bucket = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-edge-logs', expiration: Duration.days(400) }],
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !retain,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the destination of the distribution and console bucket access logs; logging it to itself would loop.',
    });
    return bucket;
  }

  private createHeadersPolicy(cognitoDomainUrl: string): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Console and API: CSP, HSTS, no framing, no sniffing, strict referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(cognitoDomainUrl),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
  }

  private createDistribution(props: ConsoleHostingProps): Distribution {
    const spaFallback = new EdgeFunction(this, 'SpaFallback', {
      comment: 'Console page paths answer with index.html',
      code: FunctionCode.fromInline(spaFallbackCode()),
      runtime: FunctionRuntime.JS_2_0,
    });
    const apiOrigin = new HttpOrigin(`${props.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'bcci-bridge console and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Nothing from the API is cached; every viewer header but Host (Authorization and
          // Idempotency-Key among them) and every query string go to the API.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution serves its own *.cloudfront.net name, whose certificate CloudFront manages; a minimum protocol version can only be set with a custom domain and certificate, which an operator adds per stage.',
    });
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Citizens and staff use the console from wherever they are (travelling staff, Vietnamese abroad tracking a dossier); no country is refused.',
    });
    return distribution;
  }
}

/**
 * The console built by Vite straight into the asset's folder, offline, as part of synth;
 * `config.json` is left out of it (the deployment writes the AWS one).
 */
function consoleBuild(projectRoot: string) {
  return Source.asset(path.join(projectRoot, 'web'), {
    exclude: ['node_modules', 'dist'],
    bundling: {
      // Never pulled: the local build below always answers.
      image: DockerImage.fromRegistry('node:24-slim'),
      local: {
        tryBundle(outputDir: string): boolean {
          const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
          const config = path.join(projectRoot, 'web', 'vite.config.ts');
          const built = spawnSync(
            process.execPath,
            [vite, 'build', '--config', config, '--outDir', outputDir, '--emptyOutDir', '--logLevel', 'warn'],
            { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] },
          );
          if (built.status !== 0) throw new Error('The web console did not build: see the messages above');
          rmSync(path.join(outputDir, 'config.json'), { force: true });
          return true;
        },
      },
    },
  });
}
