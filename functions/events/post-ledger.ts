/**
 * Books what happened at the door. For each new pickup, delivery, handover or return that the
 * item's fold accepts (a flagged fact is quarantined until applied): the finance lines of the
 * agency's day and the ledger transfers of what was collected, then, when fees were
 * collected, the delegated receipt in the agency's name. Both steps are idempotent, so a
 * message seen twice books nothing twice.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { financeStore, itemStore, receiptParties, receiptStore } from '../adapters/index.ts';
import { LedgerFactMessageSchema } from '../app/messages.ts';
import { bookFact } from '../app/money/book-fact.ts';
import { receiptCollection } from '../app/money/receipt-collection.ts';
import { logger } from '../commons/powertools.ts';
import { parseRecord } from '../commons/queue-consumer.ts';
import { isAccepted } from '../domain/items/anomalies.ts';
import { foldRecord } from '../domain/items/items.ts';
import type { PayableItem } from '../domain/money/collections.ts';

const processor = new BatchProcessor(EventType.SQS);

async function book(record: SQSRecord): Promise<void> {
  const { itemCode, fact } = parseRecord(LedgerFactMessageSchema, record);
  const snapshot = await itemStore().load(itemCode);
  if (!snapshot) throw new Error(`Fact ${fact.factId} names an unknown item ${itemCode}`);
  const { item } = snapshot;
  // A flagged fact books nothing until a supervisor applies it (or later facts make it fit).
  if (!isAccepted(foldRecord(item, snapshot.facts), fact.factId)) {
    logger.info('flagged fact not booked', { itemCode, factId: fact.factId });
    return;
  }
  const payable: PayableItem = { ...item, feesAmountVnd: item.feesAmountVnd ?? 0 };
  const { outcome, fees } = await bookFact(financeStore(), payable, fact);
  logger.debug('fact booked', { itemCode, factId: fact.factId, outcome });
  const receipt = await receiptCollection(
    { receipts: receiptStore(), parties: receiptParties() },
    payable,
    fact,
    fees,
  );
  if (receipt) logger.info('receipt issued', { itemCode, series: receipt.series, number: receipt.number });
}

export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) =>
    processPartialResponse(event, book, processor, {
      context,
      // One after another: an agency's receipts share one counter, and two payments of one
      // item must see each other.
      processInParallel: false,
    }),
  );
