/** TCP port helpers: is a port free, and a free one chosen by the system. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
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

/** Socket inodes listening on `port` (TCP over IPv4 and IPv6), from Linux's /proc; undefined elsewhere. */
function listeningInodes(port: number): Set<string> | undefined {
  const inodes = new Set<string>();
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address, rem_address, st (0A: listening), …, inode (the tenth field)
      if (fields[1]?.endsWith(portHex) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return readable ? inodes : undefined;
}

/**
 * Whether the process `pid` is the one listening on `port`: true or false on Linux, undefined
 * where the system does not say. Another program that answers on the port (a second runtime's
 * DynamoDB Local, say) is thereby never taken for one's own child.
 */
export function isListeningOn(pid: number, port: number): boolean | undefined {
  const inodes = listeningInodes(port);
  if (!inodes) return undefined;
  if (inodes.size === 0) return false;
  let descriptors: string[];
  try {
    descriptors = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  for (const descriptor of descriptors) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${descriptor}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return true;
    } catch {
      // Closed meanwhile.
    }
  }
  return false;
}
