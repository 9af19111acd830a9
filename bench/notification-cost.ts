/**
 * What citizens' notices cost per 1,000 dossiers, per channel: Zalo ZNS template messages,
 * brandname SMS and SNS SMS, at the list prices of bench/notification-prices.json (each with
 * its source and date), for the notices measured on the journey. The mix follows the order the
 * channels are tried in (ZNS first, the brandname gateway when the number has no Zalo, SNS
 * last), with the shares the data file estimates.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const Dated = z.object({
  source: z.string().min(1),
  asOf: z.string().regex(/^\d{4}-\d{2}$/),
  confidence: z.enum(['list', 'check']),
});
const ChannelPrice = Dated.extend({
  name: z.string(),
  per: z.string(),
  priceVnd: z.number().positive().optional(),
  priceUsd: z.number().positive().optional(),
}).refine(
  (price) => (price.priceVnd === undefined) !== (price.priceUsd === undefined),
  'one price, in VND or USD',
);

export const CHANNELS = ['zalo-zns', 'brandname-sms', 'sns-sms'] as const;
export type Channel = (typeof CHANNELS)[number];

const NotificationPrices = z.object({
  usdPerVnd: Dated.extend({ value: z.number().positive() }),
  channels: z.object({ 'zalo-zns': ChannelPrice, 'brandname-sms': ChannelPrice, 'sns-sms': ChannelPrice }),
  channelShares: z
    .object({
      'zalo-zns': z.number().min(0),
      'brandname-sms': z.number().min(0),
      'sns-sms': z.number().min(0),
      why: z.string(),
    })
    .refine(
      (shares) => Math.abs(shares['zalo-zns'] + shares['brandname-sms'] + shares['sns-sms'] - 1) < 1e-9,
      'shares add up to 1',
    ),
});
export type NotificationPriceData = z.infer<typeof NotificationPrices>;

export const NOTIFICATION_PRICES_FILE = new URL('./notification-prices.json', import.meta.url);

/** The data file, checked: every price has its source and date, the shares add up to 1. */
export const loadNotificationPrices = (file: URL = NOTIFICATION_PRICES_FILE): NotificationPriceData =>
  NotificationPrices.parse(JSON.parse(readFileSync(file, 'utf8')));

/** One notice on a channel, in USD. */
export function usdPerNotice(data: NotificationPriceData, channel: Channel): number {
  const price = data.channels[channel];
  return price.priceUsd ?? (price.priceVnd as number) * data.usdPerVnd.value;
}

export interface NotificationCost {
  readonly noticesPerDossier: number;
  /** Per 1,000 dossiers, USD: every notice on one channel, and the mix. */
  readonly allOn: Readonly<Record<Channel, number>>;
  readonly mixUsd: number;
  /** Per 1,000 dossiers, notices on each channel under the mix. */
  readonly mixNotices: Readonly<Record<Channel, number>>;
}

export function notificationCost(
  data: NotificationPriceData,
  noticesPerDossier: number,
  dossiers = 1_000,
): NotificationCost {
  const notices = noticesPerDossier * dossiers;
  const allOn = Object.fromEntries(
    CHANNELS.map((channel) => [channel, notices * usdPerNotice(data, channel)]),
  ) as Record<Channel, number>;
  const mixNotices = Object.fromEntries(
    CHANNELS.map((channel) => [channel, notices * data.channelShares[channel]]),
  ) as Record<Channel, number>;
  const mixUsd = CHANNELS.reduce(
    (total, channel) => total + mixNotices[channel] * usdPerNotice(data, channel),
    0,
  );
  return { noticesPerDossier, allOn, mixUsd, mixNotices };
}
