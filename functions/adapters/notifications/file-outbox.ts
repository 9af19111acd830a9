/** The embedded runtime's outbox: every notification is appended to a JSON-lines file to read. */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';

export const OUTBOX_FILE = 'notifications.jsonl';

export class FileOutbox implements NotificationOutbox {
  constructor(private readonly directory: string) {}

  async send(notification: Notification): Promise<string> {
    await mkdir(this.directory, { recursive: true });
    const line = JSON.stringify({ ...notification, sentAt: new Date().toISOString() });
    await appendFile(join(this.directory, OUTBOX_FILE), `${line}\n`, 'utf8');
    return `file:${notification.notificationId}`;
  }
}
