/**
 * Reference data: post offices (with the communes they serve) and agencies (with the
 * office that serves them). Written rarely by admins; read on every registration, so
 * reads go through a short in-memory cache.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { type Agency, MAX_REFERENCE_LIST, type PostOffice } from '../../../schemas/reference.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { ReferenceData } from '../../domain/reference.ts';
import { ENTITY, KEY } from './keys.ts';

const CACHE_TTL_MS = 60_000;
const TRANSACTION_LIMIT = 100;

type Row = Record<string, NativeAttributeValue>;
const strip = <T>({ pk: _pk, sk: _sk, entity: _entity, ...rest }: Row): T => rest as T;

export class DynamoReferenceStore implements ReferenceData {
  private readonly cache = new Map<string, { value: unknown; until: number }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value as T;
    const value = await load();
    this.cache.set(key, { value, until: Date.now() + CACHE_TTL_MS });
    return value;
  }

  private async get(key: Row): Promise<Row | undefined> {
    return (await this.client.send(new GetCommand({ TableName: this.table, Key: key }))).Item;
  }

  postOffice(postOfficeCode: string): Promise<PostOffice | null> {
    return this.cached(`office:${postOfficeCode}`, async () => {
      const row = await this.get(KEY.postOffice(postOfficeCode));
      return row ? strip<PostOffice>(row) : null;
    });
  }

  agency(agencyCode: string): Promise<Agency | null> {
    return this.cached(`agency:${agencyCode}`, async () => {
      const row = await this.get(KEY.agency(agencyCode));
      return row ? strip<Agency>(row) : null;
    });
  }

  officeServingCommune(communeCode: string): Promise<string | null> {
    return this.cached(`commune:${communeCode}`, async () => {
      const row = await this.get(KEY.commune(communeCode));
      return typeof row?.postOfficeCode === 'string' ? row.postOfficeCode : null;
    });
  }

  /** The office and the communes it serves; communes it no longer lists keep their last office. */
  async putPostOffice(office: PostOffice): Promise<void> {
    const communeWrites = office.communeCodes.map((communeCode) => ({
      Put: {
        TableName: this.table,
        Item: {
          ...KEY.commune(communeCode),
          entity: ENTITY.commune,
          communeCode,
          postOfficeCode: office.postOfficeCode,
        },
      },
    }));
    const officeWrite = {
      Put: {
        TableName: this.table,
        Item: { ...KEY.postOffice(office.postOfficeCode), entity: ENTITY.postOffice, ...office },
      },
    };
    const writes = [officeWrite, ...communeWrites];
    for (let start = 0; start < writes.length; start += TRANSACTION_LIMIT) {
      await this.client.send(
        new TransactWriteCommand({ TransactItems: writes.slice(start, start + TRANSACTION_LIMIT) }),
      );
    }
    this.cache.clear();
  }

  async putAgency(agency: Agency): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...KEY.agency(agency.agencyCode), entity: ENTITY.agency, ...agency },
      }),
    );
    this.cache.clear();
  }

  private async list<T>(partition: string): Promise<T[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: MAX_REFERENCE_LIST,
      }),
    );
    return (answer.Items ?? []).map((row) => strip<T>(row));
  }

  listPostOffices(): Promise<PostOffice[]> {
    return this.list<PostOffice>(KEY.postOffices);
  }

  listAgencies(): Promise<Agency[]> {
    return this.list<Agency>(KEY.agencies);
  }
}
