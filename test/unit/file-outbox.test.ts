/** The local notification outbox: every notification one whole JSON line, however many are sent at once. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOutbox, OUTBOX_FILE } from '../../functions/adapters/notifications/file-outbox.ts';

describe('the file outbox', () => {
  it('writes each notification as one whole line, also when many are sent at once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bcci-outbox-'));
    try {
      const outbox = new FileOutbox(folder);
      const text = 'Buu dien se giao ket qua ho so cua ban. '.repeat(200);
      const ids = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          outbox.send({ notificationId: `n-${index}`, channel: 'sms', to: '0987654321', text }),
        ),
      );
      expect(ids).toEqual(Array.from({ length: 40 }, (_, index) => `file:n-${index}`));
      const lines = readFileSync(join(folder, OUTBOX_FILE), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      const sent = lines.map((line) => JSON.parse(line) as { notificationId: string; text: string });
      expect(sent.map((notification) => notification.notificationId).sort()).toEqual(
        [...ids.map((id) => id.slice(5))].sort(),
      );
      expect(sent.every((notification) => notification.text === text)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
