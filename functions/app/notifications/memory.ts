/** In-memory notification ports, for the use case's tests. */
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';
import type { NotificationPreferences, SendOnceGuard } from './send-notifications.ts';

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

export class MemoryPreferences implements NotificationPreferences {
  readonly optedOutPhones = new Set<string>();
  async optedOut(phone: string): Promise<boolean> {
    return this.optedOutPhones.has(phone);
  }
  async setOptedOut(phone: string, optedOut: boolean): Promise<void> {
    if (optedOut) this.optedOutPhones.add(phone);
    else this.optedOutPhones.delete(phone);
  }
}
