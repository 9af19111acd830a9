/**
 * Postal staff's scans, often uploaded long after they happened: each applied once (by its
 * scan id), the item's state folded from its facts in the order they happened, and each scan
 * answered on its own. The delivery-code key is read only for a batch that needs it.
 */
import { type IngestResult, type ItemRepository, ingestScans as ingest } from '../../domain/items/ingest.ts';
import { checksDeliveryCode } from '../../domain/items/scans.ts';

type Scan = Parameters<typeof ingest>[1][number];

export interface IngestPorts {
  readonly items: ItemRepository;
  /** The key that derives recipients' one-time delivery codes. */
  readonly deliveryCodeSecret: () => Promise<string>;
}

export async function ingestScans(
  ports: IngestPorts,
  scans: readonly Scan[],
  input: { readonly receivedAt: Date; readonly callerOfficeCode: string | null },
): Promise<IngestResult> {
  return ingest(ports.items, scans, {
    ...input,
    deliveryCodeSecret: checksDeliveryCode(scans) ? await ports.deliveryCodeSecret() : null,
  });
}
