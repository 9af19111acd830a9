/** The addresses that receive a province's monthly indicator report: one partition per province, read by key. */
import type { ReportSubscriptions } from '../../app/indicators/monthly-mail.ts';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { ReportSubscription } from '../../domain/indicator-mail.ts';
import { ENTITY, KEY } from './keys.ts';

export class DynamoReportSubscriptions implements ReportSubscriptions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(subscription: ReportSubscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...KEY.reportSubscription(subscription.provinceCode, subscription.email),
          entity: ENTITY.reportSubscription,
          ...subscription,
        },
      }),
    );
  }

  async remove(provinceCode: string, email: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: KEY.reportSubscription(provinceCode, email) }),
    );
  }

  async list(provinceCode: string, limit: number): Promise<ReportSubscription[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
        ExpressionAttributeValues: { ':pk': KEY.reportSubscriptions(provinceCode), ':email': 'EMAIL#' },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (answer.Items ?? []).map((row) => ({
      provinceCode: String(row.provinceCode),
      email: String(row.email),
      subscribedBy: String(row.subscribedBy),
      subscribedAt: String(row.subscribedAt),
    }));
  }
}
