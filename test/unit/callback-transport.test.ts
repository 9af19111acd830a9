/**
 * The callback transport against a real HTTP server on this machine: the socket connects to
 * the address its own lookup checked (resolved once, no second resolution), a name that
 * resolves to any non-public address is refused before anything is sent, redirects are
 * answers (never followed), and a receiver's answer is read only up to a bound.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallbackAddressRefused,
  MAX_CALLBACK_ANSWER_BYTES,
  postCallback,
} from '../../functions/adapters/http/callback-transport.ts';

let server: Server;
let port: number;
const received: { path: string; body: string }[] = [];

function receiver(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', body: Buffer.concat(chunks).toString() });
    if (request.url === '/redirect') {
      response.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    } else if (request.url === '/huge') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      // 10 MB the transport must not download.
      const chunk = Buffer.alloc(65_536, 0x61);
      let sent = 0;
      const more = () => {
        while (sent < 160 && response.write(chunk)) sent++;
        if (sent < 160) response.once('drain', more);
        else response.end();
      };
      more();
    } else {
      response.writeHead(204).end();
    }
  });
}

beforeAll(async () => {
  server = createServer(receiver);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

const post = (url: string, options: Partial<Parameters<typeof postCallback>[0]> = {}) =>
  postCallback({
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"n":1}',
    timeoutMs: 5_000,
    allowPrivate: true,
    ...options,
  });

describe('callback transport', () => {
  it('connects to the address its lookup returned, resolving the name once', async () => {
    const lookups: string[] = [];
    const answer = await post(`http://receiver.example.vn:${port}/ok`, {
      resolve: async (hostname) => {
        lookups.push(hostname);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    expect(answer.status).toBe(204);
    expect(lookups).toEqual(['receiver.example.vn']);
    expect(received.at(-1)).toEqual({ path: '/ok', body: '{"n":1}' });
  });

  it('refuses a name that resolves to any non-public address, before sending anything', async () => {
    const before = received.length;
    for (const addresses of [
      [{ address: '127.0.0.1', family: 4 }],
      [
        { address: '203.0.113.7', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
      [{ address: '::ffff:169.254.169.254', family: 6 }],
    ]) {
      await expect(
        post(`http://receiver.example.vn:${port}/steered`, {
          allowPrivate: false,
          resolve: async () => addresses,
        }),
      ).rejects.toBeInstanceOf(CallbackAddressRefused);
    }
    await expect(post(`http://127.0.0.1:${port}/literal`, { allowPrivate: false })).rejects.toBeInstanceOf(
      CallbackAddressRefused,
    );
    await expect(
      post(`http://localhost:${port}/system-resolver`, { allowPrivate: false }),
    ).rejects.toBeInstanceOf(CallbackAddressRefused);
    expect(received.length).toBe(before);
  });

  it('never follows a redirect', async () => {
    const before = received.length;
    const answer = await post(`http://127.0.0.1:${port}/redirect`);
    expect(answer.status).toBe(302);
    expect(received.slice(before).map((request) => request.path)).toEqual(['/redirect']);
  });

  it("reads a receiver's answer only up to the bound", async () => {
    const answer = await post(`http://127.0.0.1:${port}/huge`);
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(MAX_CALLBACK_ANSWER_BYTES);
  });
});
