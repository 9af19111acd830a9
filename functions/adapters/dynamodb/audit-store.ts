/**
 * The audit trail of personal-data reads: append-only. Each record is put once under its
 * dossier's partition (and indexed by caller on gsi1), with a condition that nothing is
 * there: the store has no way to change or remove a record, and none may be overwritten.
 * Records are kept as long as the records of the dossiers themselves (TTL).
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '../../commons/sdk/lib-dynamodb.ts';
import type { AuditPage, AuditTrail, PersonalDataRead } from '../../domain/audit.ts';
import { batchWriteAll } from './batch.ts';
import { ENTITY, KEY } from './keys.ts';

/** Electronic records are kept at least five years; the trail of who read them as long. */
export const AUDIT_RETENTION_SECONDS = 6 * 366 * 86_400;

type Row = Record<string, NativeAttributeValue>;

const auditRow = (read: PersonalDataRead): Row => ({
  ...KEY.auditOfDossier(read.consignmentRef, read.at, read.auditId),
  gsi1pk: KEY.auditOfCaller(read.caller.subject),
  gsi1sk: `${read.at}#${read.auditId}`,
  entity: ENTITY.audit,
  ...read,
  expiresAt: Math.floor(Date.parse(read.at) / 1000) + AUDIT_RETENTION_SECONDS,
});

const toRecord = (row: Row): PersonalDataRead => {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g, gsi1sk: _s, expiresAt: _e, ...record } = row;
  return record as PersonalDataRead;
};

export class DynamoAuditTrail implements AuditTrail {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(read: PersonalDataRead): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: auditRow(read),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * A batch write takes no condition: a single record goes through `record`, and the records of
   * a batch carry ids made of the request's id and their place in it, so none can meet another.
   */
  async recordAll(reads: readonly PersonalDataRead[]): Promise<void> {
    if (reads.length === 1) return this.record(reads[0] as PersonalDataRead);
    await batchWriteAll(
      this.client,
      this.table,
      reads.map((read) => ({ PutRequest: { Item: auditRow(read) } })),
    );
  }

  byDossier(consignmentRef: string, limit: number, position?: string): Promise<AuditPage> {
    return this.page('pk', KEY.auditOfDossierPartition(consignmentRef), limit, position);
  }

  byCaller(subject: string, limit: number, position?: string): Promise<AuditPage> {
    return this.page('gsi1pk', KEY.auditOfCaller(subject), limit, position, 'gsi1');
  }

  /** Newest first, one page; `position` is the key the previous page ended on. */
  private async page(
    keyName: 'pk' | 'gsi1pk',
    value: string,
    limit: number,
    position: string | undefined,
    indexName?: string,
  ): Promise<AuditPage> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        ...(indexName ? { IndexName: indexName } : {}),
        KeyConditionExpression: `${keyName} = :value`,
        ExpressionAttributeValues: { ':value': value },
        ScanIndexForward: false,
        Limit: limit,
        ...(position ? { ExclusiveStartKey: JSON.parse(position) as Row } : {}),
      }),
    );
    return {
      entries: (answer.Items ?? []).map(toRecord),
      ...(answer.LastEvaluatedKey ? { next: JSON.stringify(answer.LastEvaluatedKey) } : {}),
    };
  }
}
