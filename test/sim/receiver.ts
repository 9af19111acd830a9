/**
 * A one-stop-shop system's callback endpoint for the fault-injection suite, as the Standard
 * Webhooks specification asks a receiver to be: it verifies each delivery's signature, keeps
 * what it received (in arrival order, with the sequence numbers per dossier), and drops a
 * repeat of a `webhook-id` it already has — counting it, and counting apart a repeat whose
 * body differs from the first, which no sender may send. It can be down (503) for a while.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface ReceivedCallback {
  readonly webhookId: string;
  readonly type: string;
  readonly consignmentRef: string;
  readonly sequence: number;
}

export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  /** Deliveries refused while down, and deliveries whose signature did not verify. */
  refusedWhileDown = 0;
  badSignatures = 0;
  /** Repeats of a `webhook-id` already received: with the same body (dropped), and with another. */
  repeatsDropped = 0;
  conflictingRepeats = 0;
  readonly #bodies = new Map<string, string>();
  #secret: string | undefined;
  #downUntil = 0;
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      void this.#answer(request).then((status) => {
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/callbacks`;
  }

  /** The subscription's secret, once the runtime has given it. */
  verifyWith(secret: string): void {
    this.#secret = secret;
  }

  goDown(forMs: number): void {
    this.#downUntil = Date.now() + forMs;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  async #answer(request: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (Date.now() < this.#downUntil) {
      this.refusedWhileDown++;
      return 503;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(request.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
    };
    try {
      if (!this.#secret) throw new Error('no secret yet');
      const payload = new Webhook(this.#secret).verify(body, headers) as {
        type: string;
        data: { consignmentRef: string; sequence: number };
      };
      const first = this.#bodies.get(headers['webhook-id']);
      if (first !== undefined) {
        if (first === body) this.repeatsDropped++;
        else this.conflictingRepeats++;
        return 204;
      }
      this.#bodies.set(headers['webhook-id'], body);
      this.received.push({
        webhookId: headers['webhook-id'],
        type: payload.type,
        consignmentRef: payload.data.consignmentRef,
        sequence: payload.data.sequence,
      });
      return 204;
    } catch {
      this.badSignatures++;
      return 400;
    }
  }
}
