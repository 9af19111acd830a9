/** In-memory notification ports, for the use case's tests. */
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';
import type { SendOnceGuard } from './send-notifications.ts';

export class MemoryOutbox implements NotificationOutbox {
  readonly sent: Notification[] = [];
  /** Fails the next `failures` sends, as a carrier that is down. */
  failures = 0;
  async send(notification: Notification): Promise<string> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('carrier unavailable');
    }
    this.sent.push(notification);
    return `carrier-${this.sent.length}`;
  }
}

export class MemorySendOnceGuard implements SendOnceGuard {
  readonly state = new Map<string, 'in-progress' | 'sent'>();
  async claim(notificationId: string) {
    const current = this.state.get(notificationId);
    if (current) return current;
    this.state.set(notificationId, 'in-progress');
    return 'claimed' as const;
  }
  async markSent(notificationId: string): Promise<void> {
    this.state.set(notificationId, 'sent');
  }
  async release(notificationId: string): Promise<void> {
    this.state.delete(notificationId);
  }
}
