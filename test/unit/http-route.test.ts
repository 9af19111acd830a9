/**
 * The shared HTTP wrapper, driven through real route handlers with DynamoDB mocked:
 * authorisation, limits, validation, problem+json and Idempotency-Key.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { AGENCY, claimsFor, dossierRequest, httpEvent, lambdaContext } from '../support/http-event.ts';

process.env.TABLE_NAME = 'unit-table';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.DELIVERY_CODE_SECRET = 'unit-test-delivery-code-secret-0123456789';

const dynamo = mockClient(DynamoDBDocumentClient);
type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;
let register: Handler;
let notFound: Handler;

const ROUTE = 'POST /v1/dossiers';
const agencyClaims = claimsFor('agency', { agencyCode: AGENCY });
const call = (options: Parameters<typeof httpEvent>[0]) => register(httpEvent(options), lambdaContext());
const problemOf = (answer: { headers?: Record<string, string>; body?: string }) => {
  expect(answer.headers?.['content-type']).toBe('application/problem+json');
  return JSON.parse(answer.body ?? '{}') as {
    type: string;
    status: number;
    detail: string;
    errors?: { path: string }[];
  };
};

beforeAll(async () => {
  register = (await import('../../functions/http/register-dossier.ts')).handler as unknown as Handler;
  notFound = (await import('../../functions/http/not-found.ts')).handler as unknown as Handler;
});

/** Reference data as DynamoDB holds it: the agency served from Hà Nội, the citizen's commune from TP HCM. */
function mockReferenceData() {
  dynamo
    .on(GetCommand, { Key: KEY.agency(AGENCY) })
    .resolves({ Item: { agencyCode: AGENCY, postOfficeCode: 'BC-HN-01' } });
  dynamo.on(GetCommand, { Key: KEY.commune('26743') }).resolves({ Item: { postOfficeCode: 'BC-HCM-01' } });
  dynamo.on(GetCommand, { Key: KEY.postOffice('BC-HN-01') }).resolves({
    Item: { postOfficeCode: 'BC-HN-01', provinceCode: '01', name: 'Bưu cục Hà Nội', communeCodes: [] },
  });
  dynamo.on(GetCommand, { Key: KEY.postOffice('BC-HCM-01') }).resolves({
    Item: {
      postOfficeCode: 'BC-HCM-01',
      provinceCode: '79',
      name: 'Bưu cục Sài Gòn',
      communeCodes: ['26743'],
    },
  });
  dynamo
    .on(UpdateCommand, { Key: KEY.s10Series('BC-HN-01', 'RK') })
    .resolves({ Attributes: { nextSerial: 1 } });
}

beforeEach(() => {
  dynamo.reset();
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  mockReferenceData();
});

describe('POST /v1/dossiers through the wrapper', () => {
  it('registers: dossier, code and first event in one transaction', async () => {
    const answer = await call({ routeKey: ROUTE, body: dossierRequest(), claims: agencyClaims });
    expect(answer.statusCode).toBe(201);
    const body = JSON.parse(answer.body ?? '{}');
    expect(body.dossier.dossierCode).toBe(`${AGENCY}-261120-0042`);
    expect(body.dossier.consignmentRef).toMatch(/^PG/);
    expect(body.dossier).not.toHaveProperty('contentHash');
    const writes = dynamo.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const items = writes[0]!.args[0].input.TransactItems ?? [];
    expect(items.map((item) => String(item.Put?.Item?.entity))).toEqual([
      'dossier-code',
      'dossier',
      'event',
      'item',
    ]);
    expect(body.items).toEqual([{ itemCode: 'RK000000014VN', direction: 'outbound', status: 'registered' }]);
    const item = items[3]?.Put?.Item;
    expect(item).toMatchObject({
      originOfficeCode: 'BC-HN-01',
      destinationOfficeCode: 'BC-HCM-01',
      routeClass: 'special-cities',
    });
  });

  it('is 403 for a role the route does not allow', async () => {
    const answer = await call({ routeKey: ROUTE, body: dossierRequest(), claims: claimsFor('finance') });
    expect(problemOf(answer)).toMatchObject({
      status: 403,
      type: 'https://bcci-bridge.vn/problems/forbidden',
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is 401 when the token carries no subject', async () => {
    const answer = await call({
      routeKey: ROUTE,
      body: dossierRequest(),
      claims: { 'cognito:groups': '[agency]' },
    });
    expect(problemOf(answer).status).toBe(401);
  });

  it("is 403 for another agency's dossier", async () => {
    const claims = claimsFor('agency', { agencyCode: '000.00.07.H57' });
    const answer = await call({ routeKey: ROUTE, body: dossierRequest(), claims });
    expect(problemOf(answer)).toMatchObject({ status: 403 });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is 415 for a body that is not JSON by its content type', async () => {
    const answer = await call({
      routeKey: ROUTE,
      body: dossierRequest(),
      claims: agencyClaims,
      headers: { 'content-type': 'text/plain' },
    });
    expect(problemOf(answer)).toMatchObject({
      status: 415,
      type: 'https://bcci-bridge.vn/problems/unsupported-media-type',
    });
  });

  it('is 400 malformed-json for broken JSON', async () => {
    const answer = await call({ routeKey: ROUTE, rawBody: '{"dossierCode": ', claims: agencyClaims });
    expect(problemOf(answer)).toMatchObject({
      status: 400,
      type: 'https://bcci-bridge.vn/problems/malformed-json',
    });
  });

  it('is 413 for a 2 MB body, before parsing', async () => {
    const answer = await call({
      routeKey: ROUTE,
      rawBody: `"${'x'.repeat(2 * 1024 * 1024)}"`,
      claims: agencyClaims,
    });
    expect(problemOf(answer)).toMatchObject({
      status: 413,
      type: 'https://bcci-bridge.vn/problems/payload-too-large',
    });
  });

  it('is 400 validation-failed naming every bad field', async () => {
    const body = dossierRequest({
      services: { pickup: false, return: false },
      applicant: { fullName: '', phone: '12', address: { line: 'x', communeCode: '1', provinceCode: '68' } },
    });
    const answer = await call({ routeKey: ROUTE, body, claims: agencyClaims });
    const problem = problemOf(answer);
    expect(problem.status).toBe(400);
    const paths = problem.errors?.map((error) => error.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.services',
        'body.applicant.fullName',
        'body.applicant.phone',
        'body.applicant.address.communeCode',
      ]),
    );
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is 422 when an agency registers a dossier without its code', async () => {
    const answer = await call({
      routeKey: ROUTE,
      body: dossierRequest({ dossierCode: undefined }),
      claims: agencyClaims,
    });
    expect(problemOf(answer)).toMatchObject({
      status: 422,
      type: 'https://bcci-bridge.vn/problems/unprocessable',
    });
  });

  it('never leaks an internal error', async () => {
    dynamo.on(TransactWriteCommand).rejects(new Error('socket hang up at 10.0.0.1'));
    const answer = await call({ routeKey: ROUTE, body: dossierRequest(), claims: agencyClaims });
    const problem = problemOf(answer);
    expect(problem).toMatchObject({ status: 500, type: 'https://bcci-bridge.vn/problems/internal' });
    expect(answer.body).not.toContain('socket');
    expect(answer.body).not.toContain('at ');
  });

  it('is 409 when the dossier code is registered with other content', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    dynamo
      .on(GetCommand, { Key: KEY.dossierCode(`${AGENCY}-261120-0042`) })
      .resolves({ Item: { consignmentRef: 'PG0000000000AA' } });
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          entity: 'dossier',
          consignmentRef: 'PG0000000000AA',
          contentHash: 'other',
          agency: { code: AGENCY },
        },
      ],
    });
    const answer = await call({ routeKey: ROUTE, body: dossierRequest(), claims: agencyClaims });
    expect(problemOf(answer)).toMatchObject({
      status: 409,
      type: 'https://bcci-bridge.vn/problems/conflict',
    });
  });
});

describe('Idempotency-Key', () => {
  it('claims the key, then stores the answer', async () => {
    const answer = await call({
      routeKey: ROUTE,
      body: dossierRequest(),
      claims: agencyClaims,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-00000001' },
    });
    expect(answer.statusCode).toBe(201);
    const claim = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(claim.Item?.status).toBe('in-progress');
    expect(String(claim.Item?.pk)).toContain('POST /v1/dossiers:key-00000001');
    const completions = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input)
      .filter((input) => String(input.Key?.pk).startsWith('IDEMPOTENCY#'));
    expect(completions).toHaveLength(1);
    expect(completions[0]?.ExpressionAttributeValues?.[':answer']).toMatchObject({ statusCode: 201 });
  });

  it('replays the first answer for the same key and body, without registering again', async () => {
    const { requestFingerprint } = await import('../../functions/commons/http/idempotency.ts');
    const body = dossierRequest();
    const fingerprint = requestFingerprint(ROUTE, '/v1/dossiers', JSON.stringify(body));
    dynamo.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'taken',
        $metadata: {},
        Item: {
          fingerprint: { S: fingerprint },
          status: { S: 'completed' },
          answer: { M: { statusCode: { N: '201' }, headers: { M: {} }, body: { S: '{"first":true}' } } },
        },
      }),
    );
    const answer = await call({
      routeKey: ROUTE,
      body,
      claims: agencyClaims,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-00000001' },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toBe('{"first":true}');
    expect(answer.headers?.['idempotent-replayed']).toBe('true');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('is 409 for the same key with a different body', async () => {
    dynamo.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'taken',
        $metadata: {},
        Item: { fingerprint: { S: 'another-body' }, status: { S: 'completed' }, answer: { M: {} } },
      }),
    );
    const answer = await call({
      routeKey: ROUTE,
      body: dossierRequest(),
      claims: agencyClaims,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-00000001' },
    });
    expect(problemOf(answer)).toMatchObject({
      status: 409,
      type: 'https://bcci-bridge.vn/problems/idempotency-key-reused',
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a malformed key', async () => {
    const answer = await call({
      routeKey: ROUTE,
      body: dossierRequest(),
      claims: agencyClaims,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'short' },
    });
    expect(problemOf(answer).status).toBe(400);
  });
});

describe('unknown routes', () => {
  it('answer problem+json 404', async () => {
    const answer = await notFound(
      httpEvent({ routeKey: '$default', path: '/v1/nothing-here' }),
      lambdaContext(),
    );
    expect(problemOf(answer)).toMatchObject({
      status: 404,
      type: 'https://bcci-bridge.vn/problems/route-not-found',
    });
  });
});
