/**
 * The register of agency systems' machine clients: which agency each Cognito app client (client
 * credentials) speaks for. Admins keep it; the pre-token-generation trigger reads it, so that a
 * machine token carries its agency as a user's token does.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '../../commons/sdk/lib-dynamodb.ts';
import { ENTITY, KEY } from './keys.ts';

export interface AgencyClient {
  readonly clientId: string;
  readonly agencyCode: string;
  readonly updatedAt: string;
}

export class DynamoAgencyClientStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(entry: AgencyClient): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...KEY.agencyClient(entry.clientId), entity: ENTITY.agencyClient, ...entry },
      }),
    );
  }

  async get(clientId: string): Promise<AgencyClient | null> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.agencyClient(clientId), ConsistentRead: true }),
    );
    if (!answer.Item) return null;
    const { clientId: id, agencyCode, updatedAt } = answer.Item as AgencyClient;
    return { clientId: id, agencyCode, updatedAt };
  }
}
