/**
 * The AWS bill per 1,000 dossiers with pickup and return (two items, six scans each), at the
 * list prices of bench/prices.ts. Everything is measured by the DynamoDB cost benchmark: the
 * request units of each operation and of the stream and queue consumers (callbacks,
 * notifications and the ledger included), the handlers' durations in this process — a
 * stand-in for Lambda's, which run on a smaller share of a slower CPU and wait longer on
 * DynamoDB — and their log output. The ledger is priced from its operations as measured one
 * by one (the bookings of the journey's facts, the receipt, the lookups postLedger makes),
 * counted for the model's dossier. How often people call some routes, and how they pay, are
 * estimates, labelled as such, with their reasons.
 */
import { queues } from '../infra/manifest.ts';
import { type ConsumerFigures, LEDGER_OPS, type OpFigures } from './dynamo-cost.ts';
import { round, sum } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome, DetailTable } from './lib/types.ts';
import { CHANNELS, loadNotificationPrices, notificationCost, usdPerNotice } from './notification-cost.ts';
import { PRICE_LIST, type PriceName } from './prices.ts';

export const DOSSIERS = 1_000;

/** The design's assumptions and our estimates, each with its reason. */
export const ASSUMPTIONS = {
  scansPerItem: { value: 6, why: 'the brief: six scans per item, two items per dossier' },
  scansPerRequest: {
    value: 10,
    why: 'estimate: scanners sync in batches; a request of 10 scans is priced at the measured 10-scan batch',
  },
  itemViewsPerDossier: {
    value: 2,
    why: 'estimate: staff or the agency look an item up now and then; callbacks replace polling',
  },
  worklistPagesPerDossier: {
    value: 0.2,
    why: 'estimate: an office loads its worklist a few times a day and a page lists up to 100 items',
  },
  platformLogBytesPerInvocation: {
    value: 350,
    why: 'estimate: the START, END and REPORT lines Lambda writes (with the X-Ray trace line)',
  },
  receiveAndDeletePerBatch: {
    value: 2,
    why: 'estimate: Lambda polls a queue with one ReceiveMessage and one DeleteMessageBatch per batch (its idle polling is a fixed monthly cost, left out)',
  },
  ledgerFactsPerDossier: {
    value: 3,
    why: "the journey: the inbound item's pickup (its collection point) and its handover to the agency (its end), the outbound item's delivery (its collection point and its end); one message each on the ledger queue, one booking each. Failed deliveries and returns to the agency are left out",
  },
  receiptsPerDossier: {
    value: 1,
    why: "the model's dossier (bench/lib/fixtures.ts) has one fee, collected at delivery: the delivery collects postage, the fee and the remittance charge, and the fee gets a delegated receipt in the agency's name; the pickup collects postage only, which is not receipted. A dossier with fees at pickup as well would get a second receipt",
  },
} as const;

interface CostData {
  readonly ops: Record<string, OpFigures>;
  readonly consumers: readonly ConsumerFigures[];
  readonly callbacksMeasured: boolean;
  readonly itemsPerManifest: number;
  readonly scansPerBatch: number;
  readonly smsPerDossier: number;
}

interface Quantities {
  lambdaRequests: number;
  gbSeconds: number;
  apiRequests: number;
  readUnits: number;
  writeUnits: number;
  sqsRequests: number;
  logBytes: number;
}

interface Line {
  readonly name: string;
  readonly source: string;
  readonly perDossier: Quantities;
}

const gbSeconds = (durationMs: number, memoryMb: number): number =>
  (Math.ceil(durationMs) / 1000) * (memoryMb / 1024);

/** `count` calls of an HTTP operation per dossier, each as measured (or `perCall` of a batch). */
function httpLine(name: string, source: string, figures: OpFigures, count: number, unitsPerCall = 1): Line {
  const platform = ASSUMPTIONS.platformLogBytesPerInvocation.value;
  return {
    name: `${name} (${figures.functionName}, ${figures.memoryMb} MB)`,
    source,
    perDossier: {
      lambdaRequests: count,
      gbSeconds: count * gbSeconds(figures.durationMs, figures.memoryMb),
      apiRequests: count,
      readUnits: count * unitsPerCall * figures.readUnits,
      writeUnits: count * unitsPerCall * (figures.writeUnits + figures.indexWriteUnits),
      sqsRequests: 0,
      logBytes: count * (figures.logBytes + platform),
    },
  };
}

export const costModel: Benchmark = {
  id: 'cost-model',
  title: `AWS bill per ${DOSSIERS.toLocaleString('en')} dossiers (pickup and return), ${PRICE_LIST.region} list prices`,
  timeLimitMs: 30_000,
  async run({ previous }): Promise<BenchmarkOutcome> {
    const measured = previous.get('dynamo-cost')?.data as CostData | undefined;
    if (!measured)
      throw new Error('needs the measurements of the dynamo-cost benchmark (run it in the same run)');
    const op = (name: string): OpFigures => {
      const figures = measured.ops[name];
      if (!figures) throw new Error(`the dynamo-cost benchmark measured no ${name}`);
      return figures;
    };
    const scans = 2 * ASSUMPTIONS.scansPerItem.value;
    const scanTypes = Object.values(measured.ops).filter((figures) => figures.op.startsWith('scan:'));
    const perScan = {
      readUnits: sum(scanTypes.map((figures) => figures.readUnits)) / scanTypes.length,
      writeUnits:
        sum(scanTypes.map((figures) => figures.writeUnits + figures.indexWriteUnits)) / scanTypes.length,
    };
    const batch = op('scan-batch-10 (10 items)');
    const scanRequests = scans / ASSUMPTIONS.scansPerRequest.value;
    const perManifest = 1 / measured.itemsPerManifest;
    // Requests of 10 scans priced at the measured 10-scan batch; units per scan: the mean of the journey's scan types.
    const scanLine = httpLine(
      `POST /v1/scans: ${scans} scans in ${scanRequests} requests`,
      'measured; scans per request estimated',
      batch,
      scanRequests,
    );
    const scanUnits = { readUnits: scans * perScan.readUnits, writeUnits: scans * perScan.writeUnits };

    // The ledger: postLedger's batches and time as it ran on the journeys, its DynamoDB units
    // from the operations measured one by one, counted for the model's dossier.
    const postLedger = measured.consumers.find(
      (consumer) => consumer.functionName === queues.ledger.consumer,
    );
    if (!postLedger)
      throw new Error(`the dynamo-cost benchmark measured no ${queues.ledger.consumer} consumer`);
    const facts = ASSUMPTIONS.ledgerFactsPerDossier.value;
    const receipts = ASSUMPTIONS.receiptsPerDossier.value;
    // Per dossier, each operation as often as postLedger does it: an item lookup per message, a
    // booking per fact, a dossier lookup and a receipt per collection with fees.
    const ledgerOps: readonly (readonly [OpFigures, number])[] = [
      [op(LEDGER_OPS.itemLookup), facts],
      [op(LEDGER_OPS.pickup), 1],
      [op(LEDGER_OPS.end), 1],
      [op(LEDGER_OPS.delivery), 1],
      [op(LEDGER_OPS.dossierLookup), receipts],
      [op(LEDGER_OPS.receipt), receipts],
    ];
    const ledgerLine: Line = {
      name: `${postLedger.functionName} (${postLedger.memoryMb} MB): ${facts} messages, booking the pickup, the handover and the delivery; ${receipts} receipt`,
      source: 'measured: units per operation; batches and handler time on the journeys',
      perDossier: {
        lambdaRequests: postLedger.invocations,
        gbSeconds: gbSeconds(postLedger.durationMs, postLedger.memoryMb),
        apiRequests: 0,
        readUnits: sum(ledgerOps.map(([figures, count]) => count * figures.readUnits)),
        writeUnits: sum(
          ledgerOps.map(([figures, count]) => count * (figures.writeUnits + figures.indexWriteUnits)),
        ),
        // One message per fact, sent by publishEvents from the stream; Lambda receives and deletes per batch.
        sqsRequests: facts + ASSUMPTIONS.receiveAndDeletePerBatch.value * postLedger.invocations,
        logBytes:
          postLedger.logBytes + postLedger.invocations * ASSUMPTIONS.platformLogBytesPerInvocation.value,
      },
    };
    const lines: Line[] = [
      httpLine('POST /v1/dossiers', 'measured', op('register'), 1),
      ...(measured.ops['agency-decision']
        ? [httpLine('POST /v1/dossiers/{ref}/agency-decision', 'measured', op('agency-decision'), 1)]
        : []),
      httpLine('POST /v1/dossiers/{ref}/result-ready', 'measured', op('result-ready'), 1),
      { ...scanLine, perDossier: { ...scanLine.perDossier, ...scanUnits } },
      ...(['handover', 'collect'] as const).flatMap((kind) =>
        (['create', 'confirm'] as const).map((step) =>
          httpLine(
            `manifest ${step} (${kind}), 1/${measured.itemsPerManifest} of a ${measured.itemsPerManifest}-item manifest`,
            'measured',
            op(`manifest-${step}:${kind}`),
            perManifest,
          ),
        ),
      ),
      httpLine(
        `GET /v1/items/{code} × ${ASSUMPTIONS.itemViewsPerDossier.value}`,
        'measured; count estimated',
        op('item-view'),
        ASSUMPTIONS.itemViewsPerDossier.value,
      ),
      httpLine(
        `GET /v1/worklist × ${ASSUMPTIONS.worklistPagesPerDossier.value}`,
        'measured; count estimated',
        op('worklist-page'),
        ASSUMPTIONS.worklistPagesPerDossier.value,
      ),
      ...measured.consumers
        .filter((consumer) => consumer !== postLedger)
        .map(
          (consumer): Line => ({
            name: `${consumer.functionName} (${consumer.memoryMb} MB): ${round(consumer.records, 1)} ${consumer.fromQueue ? 'messages' : 'stream records'}`,
            source: 'measured (batches as the local pollers made them)',
            perDossier: {
              lambdaRequests: consumer.invocations,
              gbSeconds: gbSeconds(consumer.durationMs, consumer.memoryMb),
              apiRequests: 0,
              readUnits: consumer.readUnits,
              writeUnits: consumer.writeUnits,
              // Each message was sent once; Lambda receives and deletes per batch.
              sqsRequests: consumer.fromQueue
                ? consumer.records + ASSUMPTIONS.receiveAndDeletePerBatch.value * consumer.invocations
                : 0,
              logBytes:
                consumer.logBytes + consumer.invocations * ASSUMPTIONS.platformLogBytesPerInvocation.value,
            },
          }),
        ),
      ledgerLine,
    ];
    const totals = (pick: (quantities: Quantities) => number) =>
      sum(lines.map((line) => pick(line.perDossier)));
    const { prices } = PRICE_LIST;
    const bill: { service: string; quantity: number; price: PriceName }[] = [
      { service: 'Lambda requests', quantity: totals((q) => q.lambdaRequests), price: 'lambdaRequests' },
      {
        service: 'Lambda duration (arm64)',
        quantity: totals((q) => q.gbSeconds),
        price: 'lambdaArmGbSeconds',
      },
      { service: 'API Gateway HTTP API', quantity: totals((q) => q.apiRequests), price: 'httpApiRequests' },
      {
        service: 'DynamoDB writes (on-demand)',
        quantity: totals((q) => q.writeUnits),
        price: 'dynamoWriteRequestUnits',
      },
      {
        service: 'DynamoDB reads (on-demand)',
        quantity: totals((q) => q.readUnits),
        price: 'dynamoReadRequestUnits',
      },
      { service: 'SQS', quantity: totals((q) => q.sqsRequests), price: 'sqsRequests' },
      { service: 'DynamoDB Streams reads (Lambda trigger: free)', quantity: 0, price: 'streamReadRequests' },
      {
        service: 'CloudWatch Logs ingestion',
        quantity: totals((q) => q.logBytes) / 1024 ** 3,
        price: 'logsIngestedGb',
      },
    ];
    const usd = (entry: (typeof bill)[number]) =>
      ((entry.quantity * DOSSIERS) / prices[entry.price].per) * prices[entry.price].usd;
    const totalUsd = sum(bill.map(usd));
    /** What a line costs per dossier, at the prices of the bill. */
    const lineUsd = (q: Quantities): number =>
      (q.lambdaRequests * prices.lambdaRequests.usd) / prices.lambdaRequests.per +
      (q.gbSeconds * prices.lambdaArmGbSeconds.usd) / prices.lambdaArmGbSeconds.per +
      (q.apiRequests * prices.httpApiRequests.usd) / prices.httpApiRequests.per +
      (q.writeUnits * prices.dynamoWriteRequestUnits.usd) / prices.dynamoWriteRequestUnits.per +
      (q.readUnits * prices.dynamoReadRequestUnits.usd) / prices.dynamoReadRequestUnits.per +
      (q.sqsRequests * prices.sqsRequests.usd) / prices.sqsRequests.per +
      ((q.logBytes / 1024 ** 3) * prices.logsIngestedGb.usd) / prices.logsIngestedGb.per;
    const ledgerUsd = lineUsd(ledgerLine.perDossier) * DOSSIERS;
    const replay = op(LEDGER_OPS.replay);
    const writesOf = (name: string) => round(op(name).writeUnits + op(name).indexWriteUnits, 2);

    const writers = [...lines].sort(
      (left, right) => right.perDossier.writeUnits - left.perDossier.writeUnits,
    );
    const allWrites = totals((q) => q.writeUnits);
    const writersNote = `DynamoDB writes are ${round((usd(bill.find((entry) => entry.price === 'dynamoWriteRequestUnits') as (typeof bill)[number]) / totalUsd) * 100, 0)} % of the bill; the largest writers per dossier: ${writers
      .slice(0, 3)
      .map(
        (line) =>
          `${line.name} ${round(line.perDossier.writeUnits, 1)} WRU (${round((line.perDossier.writeUnits / allWrites) * 100, 0)} %)`,
      )
      .join('; ')}.`;
    const quantitiesTable: DetailTable = {
      title: 'Per dossier, by source of cost',
      columns: [
        'what',
        'source',
        'Lambda requests',
        'GB-s',
        'API requests',
        'RRU',
        'WRU',
        'SQS requests',
        'log KB',
      ],
      rows: [
        ...lines.map((line) => [
          line.name,
          line.source,
          round(line.perDossier.lambdaRequests, 2),
          round(line.perDossier.gbSeconds, 4),
          round(line.perDossier.apiRequests, 2),
          round(line.perDossier.readUnits, 2),
          round(line.perDossier.writeUnits, 2),
          round(line.perDossier.sqsRequests, 2),
          round(line.perDossier.logBytes / 1024, 2),
        ]),
        [
          '**total**',
          '',
          round(
            totals((q) => q.lambdaRequests),
            2,
          ),
          round(
            totals((q) => q.gbSeconds),
            4,
          ),
          round(
            totals((q) => q.apiRequests),
            2,
          ),
          round(
            totals((q) => q.readUnits),
            2,
          ),
          round(
            totals((q) => q.writeUnits),
            2,
          ),
          round(
            totals((q) => q.sqsRequests),
            2,
          ),
          round(totals((q) => q.logBytes) / 1024, 2),
        ],
      ],
    };
    const billTable: DetailTable = {
      title: `Per ${DOSSIERS.toLocaleString('en')} dossiers, ${PRICE_LIST.region}, ${PRICE_LIST.currency} (prices ${PRICE_LIST.asOf})`,
      columns: ['service', `quantity per ${DOSSIERS.toLocaleString('en')} dossiers`, 'list price', 'USD'],
      rows: [
        ...bill.map((entry) => {
          const price = prices[entry.price];
          const per = price.per === 1 ? '' : ` per ${price.per.toLocaleString('en')}`;
          return [
            entry.service,
            round(entry.quantity * DOSSIERS, entry.price === 'logsIngestedGb' ? 4 : 1),
            `$${price.usd}${per}${price.confidence === 'check' ? ' (check)' : ''}`,
            round(usd(entry), 4),
          ];
        }),
        ['**total**', '', '', round(totalUsd, 2)],
      ],
    };
    const noticePrices = loadNotificationPrices();
    const notices = notificationCost(noticePrices, measured.smsPerDossier, DOSSIERS);
    const noticesTable: DetailTable = {
      title: `Citizens' notices per ${DOSSIERS.toLocaleString('en')} dossiers (${round(notices.noticesPerDossier, 1)} a dossier, measured), USD`,
      columns: [
        'channel',
        'list price',
        'price source (date)',
        'every notice on it',
        'the mix',
        'notices in the mix',
      ],
      rows: CHANNELS.map((channel) => {
        const price = noticePrices.channels[channel];
        return [
          price.name,
          `${price.priceVnd !== undefined ? `${price.priceVnd} VND` : `$${price.priceUsd}`} per ${price.per}${price.confidence === 'check' ? ' (check)' : ''}`,
          `${price.source} (${price.asOf})`,
          round(notices.allOn[channel], 2),
          round(notices.mixNotices[channel] * usdPerNotice(noticePrices, channel), 2),
          round(notices.mixNotices[channel], 0),
        ];
      }),
    };
    return {
      metrics: [
        {
          id: 'usd-per-1000-dossiers',
          label: `AWS bill per ${DOSSIERS.toLocaleString('en')} dossiers (pickup and return)`,
          value: round(totalUsd, 2),
          unit: 'USD',
        },
        {
          id: 'usd-ledger-part',
          label: `of which the ledger (postLedger: ${ASSUMPTIONS.ledgerFactsPerDossier.value} bookings and ${ASSUMPTIONS.receiptsPerDossier.value} receipt per dossier)`,
          value: round(ledgerUsd, 2),
          unit: 'USD',
        },
        {
          id: 'usd-per-1000-dossiers-with-notices',
          label: `AWS bill and citizens' notices per ${DOSSIERS.toLocaleString('en')} dossiers (ZNS first, brandname SMS, SNS)`,
          value: round(totalUsd + notices.mixUsd, 2),
          unit: 'USD',
        },
        {
          id: 'usd-notices-part',
          label: `of which the notices (${round(notices.noticesPerDossier, 1)} a dossier)`,
          value: round(notices.mixUsd, 2),
          unit: 'USD',
        },
      ],
      tables: [quantitiesTable, billTable, noticesTable],
      notes: [
        writersNote,
        "Durations are the handlers' own times in this process (warm, on this machine's CPU, against DynamoDB Local on loopback), standing in for Lambda's: Lambda at 512–1024 MB gets a fraction of a vCPU and waits longer on DynamoDB, so real GB-s are likely several times higher. Memory sizes are the manifest's. Cold starts (whose init Lambda bills) are left out.",
        `The ledger: ${round(ledgerLine.perDossier.writeUnits, 1)} WRU and ${round(ledgerLine.perDossier.readUnits, 1)} RRU per dossier (${round((ledgerUsd / totalUsd) * 100, 0)} % of the bill), from its operations measured one by one: the bookings of the pickup (${writesOf(LEDGER_OPS.pickup)} W), the handover (${writesOf(LEDGER_OPS.end)} W) and the delivery (${writesOf(LEDGER_OPS.delivery)} W), the receipt (${writesOf(LEDGER_OPS.receipt)} W), and the lookups postLedger makes (the item for each message, the dossier for a receipt: reads only). On the journeys postLedger booked ${round(postLedger.records, 2)} messages per dossier (the model counts ${facts}) with ${round(postLedger.readUnits, 2)} RRU and ${round(postLedger.writeUnits, 2)} WRU, not added again: above the operations, it retried transactions DynamoDB refused when records of one batch competed (the dynamo-cost notes say which). A message delivered twice costs a replay, ${round(replay.readUnits, 2)} RRU and ${writesOf(LEDGER_OPS.replay)} WRU (SQS delivers at least once; redeliveries are rare and left out). Collections are booked as paid in cash; a VietQR payment books the same rows (the office's clearing account instead of the staff's cash), and its confirmation from the bank statement, a later booking, is not priced; nor are cash hand-ins, remittances and the nightly reconciliation, which come per office or agency and day, not per dossier.`,
        `Notices: ${round(measured.smsPerDossier, 1)} per dossier (measured on the journey: registration, result ready with the choice link, out for delivery with its code, delivered, the rating link, and the agency's decisions) cost ${round(notices.mixUsd, 2)} USD per ${DOSSIERS.toLocaleString('en')} dossiers in the mix, ${round(notices.mixUsd / totalUsd, 0)}× the AWS bill; every notice on brandname SMS would cost ${round(notices.allOn['brandname-sms'], 2)} USD, on SNS ${round(notices.allOn['sns-sms'], 2)} USD. Prices and the mix are data in bench/notification-prices.json (${noticePrices.channelShares.why}). Callbacks ${measured.callbacksMeasured ? 'are measured (the consumers above)' : 'were not measured and are missing'}.`,
        "Left out: the free tiers, storage (GB-month of the table, its indexes, PITR backups, S3), X-Ray traces (tracing is active), custom metrics (a fixed monthly cost per metric name), the queues' idle polling, EventBridge Scheduler, data transfer, Cognito.",
        `Prices are data in bench/prices.ts, for ${PRICE_LIST.region}, ${PRICE_LIST.asOf}; those marked (check) are derived or recalled and must be confirmed on the pricing pages before the figure is quoted.`,
        ...Object.entries(ASSUMPTIONS).map(
          ([name, assumption]) => `Assumption ${name} = ${assumption.value}: ${assumption.why}.`,
        ),
      ],
    };
  },
};
