/**
 * The embedded runtime's outbox: every notification is appended to a JSON-lines file to read.
 * Each line goes to the file in one write and is flushed before the send counts as done, so a
 * crash leaves whole lines only: a notification is in the file, or its message is still queued.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { systemNow } from '../../commons/clock.ts';
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';

export const OUTBOX_FILE = 'notifications.jsonl';

export class FileOutbox implements NotificationOutbox {
  constructor(private readonly directory: string) {}

  async send(notification: Notification): Promise<string> {
    await mkdir(this.directory, { recursive: true });
    const line = Buffer.from(
      `${JSON.stringify({ ...notification, sentAt: systemNow().toISOString() })}\n`,
      'utf8',
    );
    const file = await open(join(this.directory, OUTBOX_FILE), 'a');
    try {
      let written = 0;
      while (written < line.length) written += (await file.write(line, written)).bytesWritten;
      await file.sync();
    } finally {
      await file.close();
    }
    return `file:${notification.notificationId}`;
  }
}
