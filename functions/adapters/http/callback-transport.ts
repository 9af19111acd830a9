/**
 * The HTTP POST of a callback to a receiver, made so that it cannot be steered inside:
 *
 * - the host name is resolved once, at connection time, by the socket's own `lookup`; every
 *   address it resolves to is checked, and the socket connects to the very address that
 *   passed (no second resolution a rebinding DNS server could answer differently);
 * - a redirect is an answer like any other: never followed;
 * - the receiver's answer is read up to a bound, then the connection is dropped;
 * - one deadline covers the connection, the request and the answer.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isNonPublicAddress } from '../../domain/callbacks.ts';

/** The part of a receiver's answer that is read; the rest is never downloaded. */
export const MAX_CALLBACK_ANSWER_BYTES = 4_096;

export interface CallbackPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Local mode only: receivers on this machine are allowed. */
  readonly allowPrivate: boolean;
  /** How host names are resolved; the system resolver unless a test gives another. */
  readonly resolve?: (hostname: string) => Promise<readonly LookupAddress[]>;
}

export interface CallbackAnswer {
  readonly status: number;
  /** At most MAX_CALLBACK_ANSWER_BYTES of the answer's body. */
  readonly body: string;
}

/** The receiver resolves to, or names, an address that is not public. */
export class CallbackAddressRefused extends Error {}

const systemResolve = (hostname: string): Promise<readonly LookupAddress[]> =>
  new Promise((resolveAddresses, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolveAddresses(addresses),
    );
  });

/** A socket `lookup` that resolves once and refuses the connection unless every address is public. */
function checkedLookup(post: CallbackPost): LookupFunction {
  const resolve = post.resolve ?? systemResolve;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = !post.allowPrivate && addresses.some(({ address }) => isNonPublicAddress(address));
        if (addresses.length === 0 || refused) {
          callback(new CallbackAddressRefused(`${hostname} resolves to a non-public address`), '', 0);
          return;
        }
        if (options.all) {
          (callback as unknown as (error: null, all: readonly LookupAddress[]) => void)(null, addresses);
          return;
        }
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** Reads at most `limit` bytes of an answer's body, then drops the connection. */
function readBounded(answer: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolveBody(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    answer.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        answer.destroy();
        done();
      }
    });
    answer.once('end', done);
    answer.once('error', done);
    answer.once('close', done);
  });
}

/** POSTs a callback; throws CallbackAddressRefused, or the network's error, when there is no answer. */
export function postCallback(post: CallbackPost): Promise<CallbackAnswer> {
  const url = new URL(post.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address literal is never looked up: it is checked here instead.
  if (isIP(host) !== 0 && !post.allowPrivate && isNonPublicAddress(host)) {
    return Promise.reject(new CallbackAddressRefused(`${host} is not a public address`));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolveAnswer, reject) => {
    const request = send(url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup: checkedLookup(post),
      // One connection per attempt: nothing resolved or connected is reused for another receiver.
      agent: false,
      timeout: post.timeoutMs,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    request.once('error', reject);
    request.once('response', (answer) => {
      readBounded(answer, MAX_CALLBACK_ANSWER_BYTES).then(
        (body) => resolveAnswer({ status: answer.statusCode ?? 0, body }),
        reject,
      );
    });
    request.end(post.body);
  });
}
