/**
 * One port for every way a citizen's SMS notice can travel, and the order they are tried in:
 * Zalo ZNS template messages first, brandname SMS second, SNS SMS last.
 *
 * A channel answers `unreachable` when its provider says the number cannot be reached that way
 * (no Zalo account, a number the gateway refuses): the next channel is tried. A provider error
 * or a timeout also moves on to the next channel — a duplicate notice costs less than a
 * missing delivery code. When every channel fails the send throws, so that the queue retries.
 */

import type { RenderedTemplate } from '../../domain/notifications/templates.ts';
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';

export type ChannelName = 'zalo-zns' | 'brandname-sms' | 'sns-sms' | 'file';

/** What a channel sends: the template, rendered; each channel takes the form it needs. */
export interface ChannelMessage {
  readonly notificationId: string;
  /** E.164: +84912345678. */
  readonly to: string;
  readonly template: RenderedTemplate;
}

export type ChannelAnswer =
  | { readonly kind: 'sent'; readonly messageId: string }
  | { readonly kind: 'unreachable'; readonly reason: string };

export interface NotificationChannel {
  readonly name: ChannelName;
  send(message: ChannelMessage): Promise<ChannelAnswer>;
}

/** The carrier id stored for a sent notice: the channel and its provider's message id. */
export const carrierId = (channel: ChannelName, messageId: string): string => `${channel}:${messageId}`;

/** Every channel failed or could not reach the number. */
export class NoChannelReached extends Error {
  override readonly name = 'NoChannelReached';
}

/** Sends through the first channel that takes the message; answers `channel:messageId`. */
export async function sendThroughChannels(
  channels: readonly NotificationChannel[],
  message: ChannelMessage,
): Promise<string> {
  const failures: string[] = [];
  for (const channel of channels) {
    try {
      const answer = await channel.send(message);
      if (answer.kind === 'sent') return carrierId(channel.name, answer.messageId);
      failures.push(`${channel.name}: ${answer.reason}`);
    } catch (error) {
      failures.push(`${channel.name}: ${(error as Error).message}`);
    }
  }
  throw new NoChannelReached(
    `Notification ${message.notificationId} reached no channel (${failures.join('; ')})`,
  );
}

/** The outbox of citizens' SMS notices over channels in order of preference. */
export class ChannelOutbox implements NotificationOutbox {
  constructor(private readonly channels: readonly NotificationChannel[]) {
    if (channels.length === 0) throw new Error('ChannelOutbox needs at least one channel');
  }

  async send(notification: Notification): Promise<string> {
    if (notification.channel !== 'sms' || !notification.template)
      throw new Error(`ChannelOutbox sends templated SMS notices, not ${notification.notificationId}`);
    return sendThroughChannels(this.channels, {
      notificationId: notification.notificationId,
      to: notification.to,
      template: notification.template,
    });
  }
}
