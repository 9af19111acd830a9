/**
 * Erasure of personal data once its retention has passed: the dossiers an agency registered on
 * a day (gsi1, as the reconciliation reads them), and one transaction per dossier that masks
 * the applicant on the dossier and the citizen's addressee on its items, once only.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '../../commons/sdk/lib-dynamodb.ts';
import type { Dossier } from '../../domain/dossiers.ts';
import type { Addressee, ItemRecord } from '../../domain/items/items.ts';
import type { ApplicantData } from '../../domain/retention.ts';
import { batchGetAll } from './batch.ts';
import { KEY } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** Pages of one agency's day read at most (1,000 dossiers each): far above 350 dossiers a day. */
const MAX_PAGES_PER_DAY = 10;

export class DynamoPersonalDataStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async dossiersRegisteredOn(agencyCode: string, day: string): Promise<Dossier[]> {
    const dossiers: Dossier[] = [];
    const pages = queryPages(
      this.client,
      {
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :day',
        ExpressionAttributeValues: { ':day': KEY.agencyDossiersOfDay(agencyCode, day) },
        Limit: 1_000,
      },
      { maxPages: MAX_PAGES_PER_DAY },
    );
    for await (const rows of pages) dossiers.push(...(rows as Dossier[]));
    return dossiers;
  }

  /** Masks the dossier's applicant and its items' citizen addressee, and drops the ID digest; false if already erased. */
  async erase(
    dossier: Dossier,
    applicant: ApplicantData,
    mask: (addressee: Addressee) => Addressee,
    erasedAt: string,
  ): Promise<boolean> {
    const items = (await batchGetAll(
      this.client,
      this.table,
      dossier.items.map((item) => KEY.item(item.itemCode)),
    )) as unknown as ItemRecord[];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: KEY.dossier(dossier.consignmentRef),
                // The digest of the ID digits goes with the number it stood for, the phone's index key too.
                UpdateExpression:
                  'SET applicant = :applicant, personalDataErasedAt = :at REMOVE idDigitsDigest, gsi3pk, gsi3sk',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(personalDataErasedAt)',
                ExpressionAttributeValues: { ':applicant': applicant, ':at': erasedAt },
              },
            },
            ...items.map((item) => ({
              Update: {
                TableName: this.table,
                Key: KEY.item(item.itemCode),
                UpdateExpression: 'SET addressee = :addressee REMOVE idDigitsDigest',
                ExpressionAttributeValues: { ':addressee': mask(item.addressee) },
              },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) {
        return false;
      }
      throw error;
    }
  }
}
