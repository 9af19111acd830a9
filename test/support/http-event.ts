/** API Gateway v2 events and Lambda contexts for unit tests, shaped as API Gateway sends them. */
import type { Context } from 'aws-lambda';
import type { HttpEvent } from '../../functions/commons/http/route.ts';
import { DEMO } from '../../infra/local/demo.ts';

export interface EventOptions {
  readonly routeKey: string;
  readonly path?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** Claims as the JWT authorizer hands them over; omit for a public route. */
  readonly claims?: Record<string, string | number | boolean | string[]>;
  readonly pathParameters?: Record<string, string>;
  readonly queryStringParameters?: Record<string, string>;
}

export function httpEvent(options: EventOptions): HttpEvent {
  const [method = 'GET', template = '/'] = options.routeKey.split(' ');
  const path =
    options.path ??
    template.replace(/\{(\w+)\}/g, (_match, name: string) => options.pathParameters?.[name] ?? name);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.queryStringParameters ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.queryStringParameters ? { queryStringParameters: options.queryStringParameters } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: options.routeKey,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: options.claims ?? {}, scopes: [] },
      },
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  } as HttpEvent;
}

export function lambdaContext(functionName = 'test', timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `aws-${Math.random().toString(36).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Claims as API Gateway passes them for a dev or Cognito token. */
export const claimsFor = (
  role: string,
  extra: { agencyCode?: string; postOfficeCode?: string; sub?: string } = {},
): Record<string, string> => ({
  sub: extra.sub ?? `user-${role}`,
  'cognito:groups': `[${role}]`,
  ...(extra.agencyCode ? { 'custom:agencyCode': extra.agencyCode } : {}),
  ...(extra.postOfficeCode ? { 'custom:postOfficeCode': extra.postOfficeCode } : {}),
});

export const AGENCY = '000.00.06.H56';

export function dossierRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dossierCode: `${AGENCY}-261120-0042`,
    procedure: { code: '1.001234', name: 'Cấp đổi giấy phép lái xe' },
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng' },
    documents: [
      { name: 'Tờ khai đề nghị', kind: 'original', count: 1 },
      { name: 'Căn cước công dân', kind: 'certified-copy', count: 1 },
    ],
    applicant: {
      fullName: 'Nguyễn Thị Hoa',
      phone: '0912345678',
      address: { line: '12 Trần Phú', communeCode: '26743', provinceCode: '79' },
    },
    services: { pickup: false, return: true },
    fees: [{ code: 'LPH-GPLX', name: 'Lệ phí cấp đổi', amount: 135000, collectAt: 'delivery' }],
    ...overrides,
  };
}

/**
 * A citizen's paper dossier registered at the counter of the demo agency's office in Hà Nội,
 * for pickup only, with its fee paid at pickup (the runtime gives it a dossier code).
 */
export function counterPickupRequest(
  feeVnd: number,
  applicant: Record<string, unknown> = {},
): Record<string, unknown> {
  return dossierRequest({
    dossierCode: undefined,
    services: { pickup: true, return: false },
    fees: [{ code: 'LPH', name: 'Lệ phí thẩm định', amount: feeVnd, collectAt: 'pickup' }],
    agency: { code: DEMO.agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
    applicant: {
      fullName: 'Trần Văn Bình',
      phone: '0987654321',
      address: { line: '5 Đội Cấn', communeCode: '00004', provinceCode: '01' },
      ...applicant,
    },
  });
}

/** Where the test dossier travels: the agency's office in Hà Nội, the citizen's in TP Hồ Chí Minh. */
export const PLACEMENT = {
  citizenOffice: { postOfficeCode: 'BC-HCM-01', provinceCode: '79' },
  agencyOffice: { postOfficeCode: 'BC-HN-01', provinceCode: '01' },
  inboundItemCode: 'RH000000014VN',
  outboundItemCode: 'RK000000014VN',
} as const;
