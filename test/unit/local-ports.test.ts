/** Which process listens on a port: a runtime never takes another program's DynamoDB Local for its own. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, isListeningOn } from '../../infra/local/ports.ts';

describe('isListeningOn', () => {
  it('names the process that listens on a port, and no other', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(isListeningOn(process.pid, port)).toBe(true);
      expect(isListeningOn(process.ppid, port)).toBe(false);
      expect(isListeningOn(process.pid, await freePort())).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
