/** A local HTTP server that plays a notification provider: it records requests and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** `hang`: never answer (a provider that times out). */
export type FakeAnswer = { readonly status: number; readonly json: unknown } | 'hang';

export interface FakeProvider {
  readonly url: string;
  readonly received: ReceivedRequest[];
  answer: (request: ReceivedRequest) => FakeAnswer;
  close(): Promise<void>;
}

export async function startFakeProvider(path = '/'): Promise<FakeProvider> {
  const fake: { answer: (request: ReceivedRequest) => FakeAnswer } = {
    answer: () => ({ status: 500, json: { error: 'no answer set' } }),
  };
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      received.push(entry);
      const answer = fake.answer(entry);
      if (answer === 'hang') return;
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    get answer() {
      return fake.answer;
    },
    set answer(value) {
      fake.answer = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
