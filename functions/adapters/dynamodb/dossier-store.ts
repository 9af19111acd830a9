/** Dossiers in the single table: the dossier, its code alias and its events share one transaction. */
import { CONSIGNMENT_REF_PATTERN } from '../../../schemas/common.ts';
import { TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { Dossier, DossierEvent, DossierRepository, Registration } from '../../domain/dossiers.ts';
import { DomainRefusal, StaleWrite } from '../../domain/refusal.ts';
import { dossierListKeys } from './dossier-lists.ts';
import { financeLineWrite } from './finance-lines.ts';
import { itemRow } from './item-store.ts';
import { ENTITY, KEY } from './keys.ts';
import { DynamoLedger, type TransactItem } from './ledger-store.ts';

/** A dossier's events are a few dozen in a lifetime; this bounds one read of them. */
export const MAX_EVENTS_PER_DOSSIER_READ = 500;

type Row = Record<string, unknown>;

const dossierRow = (dossier: Dossier): Row => ({
  ...KEY.dossier(dossier.consignmentRef),
  entity: ENTITY.dossier,
  // Agency listings by day: spread over days so that no agency partition grows without end.
  gsi1pk: KEY.agencyDossiersOfDay(dossier.agency.code, dossier.registeredAt.slice(0, 10)),
  gsi1sk: `DOSSIER#${dossier.registeredAt}#${dossier.consignmentRef}`,
  ...dossierListKeys(dossier),
  ...dossier,
});

export const eventRow = (event: DossierEvent): Row => ({
  ...KEY.dossierEvent(event.consignmentRef, event.sequence),
  entity: ENTITY.event,
  ...event,
});

const withoutKeys = <T>(row: Row): T => {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g1, gsi1sk: _g1s, ...rest } = row;
  const { gsi2pk: _g2, gsi2sk: _g2s, gsi3pk: _g3, gsi3sk: _g3s, ...record } = rest;
  return record as T;
};

export class DynamoDossierStore implements DossierRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async register(registration: Registration): Promise<{ created: boolean; dossier: Dossier }> {
    const { dossier, event } = registration;
    const code = dossier.dossierCode;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(code
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: {
                        ...KEY.dossierCode(code),
                        entity: ENTITY.dossierCode,
                        consignmentRef: dossier.consignmentRef,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
            {
              Put: {
                TableName: this.table,
                Item: dossierRow(dossier),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: eventRow(event),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(registration.items ?? []).map((item) => ({
              Put: {
                TableName: this.table,
                Item: itemRow(item),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
      return { created: true, dossier };
    } catch (error) {
      const codeTaken =
        code &&
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (!codeTaken) throw error;
      const existing = await this.find(code);
      if (!existing) throw new Error(`Dossier code ${code} is taken but its dossier cannot be read`);
      return { created: false, dossier: existing.dossier };
    }
  }

  /** The ledger transfers and finance lines a change carries, as writes of its transaction. */
  private booksOf(change: Registration): TransactItem[] {
    const agencyCode = change.dossier.agency.code;
    return [
      ...(change.transfers?.length
        ? new DynamoLedger(this.client, this.table).writesFor(change.transfers)
        : []),
      ...(change.financeLines ?? []).map((line) => financeLineWrite(this.table, agencyCode, line)),
    ];
  }

  async recordChange(change: Registration): Promise<void> {
    const { dossier, event } = change;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: dossierRow(dossier),
                ConditionExpression: 'eventSequence = :previous',
                ExpressionAttributeValues: { ':previous': dossier.eventSequence - 1 },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: eventRow(event),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(change.items ?? []).map((item) => ({
              Put: {
                TableName: this.table,
                Item: itemRow(item),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            ...(change.updatedItems ?? []).map((item) => ({
              Put: {
                TableName: this.table,
                Item: itemRow(item),
                ConditionExpression: 'version = :read',
                ExpressionAttributeValues: { ':read': item.version - 1 },
              },
            })),
            ...this.booksOf(change),
            ...(change.newDossierCode
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: {
                        ...KEY.dossierCode(change.newDossierCode),
                        entity: ENTITY.dossierCode,
                        consignmentRef: dossier.consignmentRef,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const codeReason = change.newDossierCode ? error.CancellationReasons?.at(-1)?.Code : undefined;
        if (codeReason === 'ConditionalCheckFailed') {
          throw new DomainRefusal(
            'conflict',
            `Dossier code ${change.newDossierCode} is already used by another dossier`,
          );
        }
        throw new StaleWrite(`Dossier ${dossier.consignmentRef} changed meanwhile: read it and retry`);
      }
      throw error;
    }
  }

  /** The lawful submission time: the first signed handover to the agency, never moved afterwards. */
  async recordSubmission(consignmentRef: string, signedAt: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: KEY.dossier(consignmentRef),
        UpdateExpression: 'SET submittedAt = if_not_exists(submittedAt, :signedAt)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':signedAt': signedAt },
      }),
    );
  }

  async find(dossierRef: string): Promise<{ dossier: Dossier; events: DossierEvent[] } | null> {
    const consignmentRef = CONSIGNMENT_REF_PATTERN.test(dossierRef)
      ? dossierRef
      : await this.refOf(dossierRef);
    if (!consignmentRef) return null;
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.dossierPartition(consignmentRef) },
        // DOSSIER sorts before EVENT#…: the dossier comes first, then its events in order.
        Limit: MAX_EVENTS_PER_DOSSIER_READ + 1,
        ConsistentRead: true,
      }),
    );
    const rows = answer.Items ?? [];
    const dossierRowFound = rows.find((row) => row.entity === ENTITY.dossier);
    if (!dossierRowFound) return null;
    const events = rows
      .filter((row) => row.entity === ENTITY.event)
      .map((row) => withoutKeys<DossierEvent>(row));
    return { dossier: withoutKeys<Dossier>(dossierRowFound), events };
  }

  private async refOf(dossierCode: string): Promise<string | null> {
    const alias = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.dossierCode(dossierCode), ConsistentRead: true }),
    );
    const ref = alias.Item?.consignmentRef;
    return typeof ref === 'string' ? ref : null;
  }
}
