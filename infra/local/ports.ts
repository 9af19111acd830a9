/** TCP port helpers: is a port free, and a free one chosen by the system. */
import { createServer } from 'node:net';

/** True when nothing listens on `port` on any interface (the emulators bind every interface). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '0.0.0.0', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

/**
 * The port to use: `requested` when given (0 means any free port), otherwise `preferred`
 * when it is free, otherwise any free port.
 */
export async function choosePort(requested: number | undefined, preferred: number): Promise<number> {
  if (requested !== undefined) return requested === 0 ? freePort() : requested;
  return (await isPortFree(preferred)) ? preferred : freePort();
}
