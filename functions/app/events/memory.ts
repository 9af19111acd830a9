/** In-memory ports of the stream's work, for the use case's tests. */
import type { WorklistChanges } from '../../domain/items/worklist.ts';
import type { MessagePublisher, QueueName, Worklist } from './publish-events.ts';

export class MemoryPublisher implements MessagePublisher {
  readonly sent: { queue: QueueName; body: unknown; attributes: Readonly<Record<string, string>> }[] = [];
  async send(queue: QueueName, body: unknown, attributes: Readonly<Record<string, string>>): Promise<void> {
    this.sent.push({ queue, body, attributes });
  }
}

export class MemoryWorklist implements Worklist {
  readonly applied: WorklistChanges[] = [];
  async applyWorklist(changes: WorklistChanges): Promise<void> {
    this.applied.push(changes);
  }
}
