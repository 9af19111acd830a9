/** In-memory manifest ports, for the use cases' tests. */
import type { Manifest, ManifestRepository } from './ports.ts';

export class MemoryManifests implements ManifestRepository {
  readonly manifests = new Map<string, Manifest>();
  async create(manifest: Manifest): Promise<void> {
    if (this.manifests.has(manifest.manifestId)) throw new Error(`Manifest ${manifest.manifestId} exists`);
    this.manifests.set(manifest.manifestId, manifest);
  }
  async get(manifestId: string): Promise<Manifest | null> {
    return this.manifests.get(manifestId) ?? null;
  }
  async confirm(manifest: Manifest): Promise<void> {
    this.manifests.set(manifest.manifestId, manifest);
  }
}

/** The first signing time kept per dossier, as the table's store keeps it. */
export class MemorySubmissions {
  readonly submittedAt = new Map<string, string>();
  async recordSubmission(consignmentRef: string, signedAt: string): Promise<void> {
    if (!this.submittedAt.has(consignmentRef)) this.submittedAt.set(consignmentRef, signedAt);
  }
}
