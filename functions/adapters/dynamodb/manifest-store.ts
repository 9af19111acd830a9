/** Handover manifests, one record each; confirming one is a conditional write, so it happens once. */
import type { Manifest } from '../../../schemas/manifests.ts';
import { ConditionalCheckFailedException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { ENTITY, KEY } from './keys.ts';

export class DynamoManifestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(manifest: Manifest): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...KEY.manifest(manifest.manifestId), entity: ENTITY.manifest, ...manifest },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(manifestId: string): Promise<Manifest | null> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.manifest(manifestId), ConsistentRead: true }),
    );
    if (!answer.Item) return null;
    const { pk: _pk, sk: _sk, entity: _entity, ...manifest } = answer.Item;
    return manifest as Manifest;
  }

  async confirm(manifest: Manifest): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.manifest(manifest.manifestId),
          UpdateExpression: 'SET #status = :confirmed, confirmation = :confirmation',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':open': 'open',
            ':confirmation': manifest.confirmation,
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new DomainRefusal('conflict', `Manifest ${manifest.manifestId} is already confirmed`);
      }
      throw error;
    }
  }
}
