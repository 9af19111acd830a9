/**
 * The dead-letter path on the local SQS (fauxqs) and DynamoDB Local: a ledger message whose
 * item is not yet known fails every receive until the queue's redrive policy moves it to the
 * dead-letter queue; once the cause is fixed, the operators' redrive (`npm run redrive`) brings
 * it back, the ledger's consumer books it, and it is booked once — a second redrive finds
 * nothing and a repeated message books nothing more.
 */
import { type Message, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DynamoItemStore, itemRow } from '../../functions/adapters/dynamodb/item-store.ts';
import { ledger } from '../../functions/adapters/index.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { sqs } from '../../functions/commons/sqs-client.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { newItem } from '../../functions/domain/items/items.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import { handler as postLedger } from '../../functions/events/post-ledger.ts';
import { ENV, queues } from '../../infra/manifest.ts';
import { s10Code } from '../../schemas/s10.ts';
import { redriveDeadLetters } from '../../scripts/redrive.ts';
import { lambdaContext } from '../support/http-event.ts';

const POSTAGE_VND = 26_000;
const run = Date.now() % 100_000;
const OFFICE = `BC-DL${run}`;
const STAFF = 'NV-DLQ';
const itemCode = s10Code('RL', 50_000_000 + run);
const queueUrl = () => process.env[ENV.queueUrl('ledger')]!;
const deadLetterUrl = () => process.env[ENV.deadLetterQueueUrl('ledger')]!;
const cash = async () => (await ledger().balance(account.staffCash(OFFICE, STAFF))).balance;

async function receiveOne(url: string, waitSeconds = 2): Promise<Message | undefined> {
  const { Messages } = await sqs().send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: waitSeconds,
      VisibilityTimeout: 1,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  return Messages?.[0];
}

/** The message as Lambda's SQS event would carry it to the consumer. */
const asRecord = (message: Message): SQSRecord =>
  ({
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body,
    attributes: message.Attributes ?? {},
    messageAttributes: {},
    eventSource: 'aws:sqs',
  }) as unknown as SQSRecord;

async function consume(message: Message): Promise<boolean> {
  try {
    const answer = await postLedger({ Records: [asRecord(message)] }, lambdaContext());
    return answer.batchItemFailures.length === 0;
  } catch {
    return false;
  }
}

describe('a ledger message in the dead-letter queue', () => {
  it('goes there after its receives, comes back with the redrive and is booked once', async () => {
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
    const body = {
      itemCode,
      fact: {
        factId: `dlq-${run}`,
        type: 'pickup',
        occurredAt,
        postOfficeCode: OFFICE,
        staffId: STAFF,
        collected: { amount: POSTAGE_VND, method: 'cash' },
      },
    };
    await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(body) }));

    // The item is not known yet: every receive fails, until the redrive policy moves the message.
    let failures = 0;
    for (let receive = 0; receive < queues.ledger.maxReceiveCount + 3; receive++) {
      const message = await receiveOne(queueUrl());
      if (!message) continue;
      expect(await consume(message)).toBe(false);
      failures += 1;
    }
    expect(failures).toBe(queues.ledger.maxReceiveCount);
    expect(await cash()).toBe(0);

    // The cause is fixed: the item is registered. The operator redrives the dead-letter queue.
    const item = newItem({
      itemCode,
      direction: 'inbound',
      consignmentRef: `PGDL${run}`,
      dossierCode: null,
      agencyCode: '000.00.06.H56',
      originOfficeCode: OFFICE,
      destinationOfficeCode: 'BC-HN-99',
      routeClass: 'within-province',
      addressee: { name: 'UBND', phone: null, addressLine: 'UBND', communeCode: null, provinceCode: '01' },
      collectAmountVnd: POSTAGE_VND,
      feesAmountVnd: 0,
      createdAt: occurredAt,
    });
    await dynamoDocumentClient().send(new PutCommand({ TableName: tableName(), Item: itemRow(item) }));
    const { outcomes } = await ingestScans(
      new DynamoItemStore(dynamoDocumentClient(), tableName()),
      [
        {
          scanId: body.fact.factId,
          itemCode,
          ...body.fact,
          type: 'pickup' as const,
          collected: { amount: POSTAGE_VND, method: 'cash' as const },
        },
      ],
      {
        receivedAt: new Date(),
        callerOfficeCode: OFFICE,
        deliveryCodeSecret: 'integration-delivery-code-secret-0000000000',
      },
    );
    expect(outcomes[0]?.outcome).toBe('accepted');
    expect(await redriveDeadLetters(sqs(), { from: deadLetterUrl(), to: queueUrl() })).toBe(1);
    expect(await redriveDeadLetters(sqs(), { from: deadLetterUrl(), to: queueUrl() })).toBe(0);

    const back = await receiveOne(queueUrl(), 5);
    expect(JSON.parse(back?.Body ?? '{}')).toEqual(body);
    expect(await consume(back!)).toBe(true);
    expect(await cash()).toBe(POSTAGE_VND);
    // The same message again (SQS may deliver twice): nothing more is booked.
    expect(await consume(back!)).toBe(true);
    expect(await cash()).toBe(POSTAGE_VND);
  }, 120_000);
});
