/** The cost model's notices: prices as data with their sources and dates, and the cost per 1,000 dossiers by channel. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  loadNotificationPrices,
  NOTIFICATION_PRICES_FILE,
  notificationCost,
  usdPerNotice,
} from '../../bench/notification-cost.ts';

describe('the notices in the cost model', () => {
  it('reads a price for each channel, each with its source and the month it was read', () => {
    const data = loadNotificationPrices();
    for (const channel of CHANNELS) {
      expect(data.channels[channel].source.length).toBeGreaterThan(10);
      expect(data.channels[channel].asOf).toMatch(/^20\d\d-\d\d$/);
      expect(usdPerNotice(data, channel)).toBeGreaterThan(0);
    }
    // An SMS costs more than a ZNS message, as the design says.
    expect(usdPerNotice(data, 'brandname-sms')).toBeGreaterThan(usdPerNotice(data, 'zalo-zns'));
  });

  it('prices every notice on one channel and the mix the shares give, per 1,000 dossiers', () => {
    const data = loadNotificationPrices();
    const cost = notificationCost(data, 6, 1_000);
    const brandname = 6_000 * (data.channels['brandname-sms'].priceVnd as number) * data.usdPerVnd.value;
    expect(cost.allOn['brandname-sms']).toBeCloseTo(brandname, 9);
    expect(cost.allOn['sns-sms']).toBeCloseTo(6_000 * (data.channels['sns-sms'].priceUsd as number), 9);
    const expectedMix = CHANNELS.reduce(
      (total, channel) => total + 6_000 * data.channelShares[channel] * usdPerNotice(data, channel),
      0,
    );
    expect(cost.mixUsd).toBeCloseTo(expectedMix, 9);
    expect(
      cost.mixNotices['zalo-zns'] + cost.mixNotices['brandname-sms'] + cost.mixNotices['sns-sms'],
    ).toBeCloseTo(6_000, 9);
    expect(notificationCost(data, 0).mixUsd).toBe(0);
  });

  it('refuses a price without its source or date, and shares that do not add up to one', () => {
    const original = JSON.parse(readFileSync(NOTIFICATION_PRICES_FILE, 'utf8'));
    const folder = mkdtempSync(join(tmpdir(), 'bcci-prices-'));
    const write = (data: unknown) => {
      const file = join(folder, `${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(data));
      return pathToFileURL(file);
    };
    const { source: _source, ...undated } = original.channels['zalo-zns'];
    expect(() =>
      loadNotificationPrices(write({ ...original, channels: { ...original.channels, 'zalo-zns': undated } })),
    ).toThrow();
    expect(() =>
      loadNotificationPrices(
        write({ ...original, channelShares: { ...original.channelShares, 'sns-sms': 0.5 } }),
      ),
    ).toThrow(/add up/);
    expect(loadNotificationPrices(write(original)).channels['sns-sms'].priceUsd).toBe(
      original.channels['sns-sms'].priceUsd,
    );
  });
});
