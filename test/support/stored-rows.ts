/**
 * Table rows exactly as the DynamoDB stores write them: each store is run against a client that
 * keeps the items of the puts it is sent, so that a test's rows cannot drift from the adapters.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDossierStore } from '../../functions/adapters/dynamodb/dossier-store.ts';
import { DynamoRatingStore } from '../../functions/adapters/dynamodb/indicator-store.ts';
import { ENTITY } from '../../functions/adapters/dynamodb/keys.ts';
import { type Registration, registerDossier } from '../../functions/domain/dossiers.ts';
import type { Rating } from '../../functions/domain/satisfaction.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest, PLACEMENT } from './http-event.ts';

export type Row = Record<string, unknown>;

interface PutInput {
  readonly Item?: Row;
  readonly TransactItems?: readonly { readonly Put?: { readonly Item: Row } }[];
}

/** The items of every put a store's write sends, in order. */
export async function rowsWritten(
  write: (client: DynamoDBDocumentClient) => Promise<unknown>,
): Promise<Row[]> {
  const rows: Row[] = [];
  const client = {
    send: async (command: { readonly input: PutInput }) => {
      const { Item, TransactItems } = command.input;
      if (Item) rows.push(Item);
      for (const entry of TransactItems ?? []) if (entry.Put) rows.push(entry.Put.Item);
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  await write(client);
  return rows;
}

const TABLE = 'bridge-test';

/** A dossier registered at 10:00 Vietnam time, pickup and return, with the rows its registration writes. */
export async function registeredDossier(consignmentRef: string, serial: string) {
  const registration: Registration = registerDossier({
    request: RegisterDossierSchema.parse(
      dossierRequest({
        dossierCode: `${AGENCY}-261120-${serial}`,
        services: { pickup: true, return: true },
      }),
    ),
    registrant: { role: 'agency', agencyCode: AGENCY },
    consignmentRef,
    contentHash: `hash-${serial}`,
    now: new Date('2026-11-20T03:00:00.000Z'),
    placement: PLACEMENT,
  });
  const rows = await rowsWritten((client) => new DynamoDossierStore(client, TABLE).register(registration));
  const ofEntity = (entity: string) => rows.filter((row) => row.entity === entity);
  return {
    registration,
    dossierRow: ofEntity(ENTITY.dossier)[0] as Row,
    eventRow: ofEntity(ENTITY.event)[0] as Row,
    itemRows: ofEntity(ENTITY.item),
  };
}

/** A rating's row as the rating store writes it. */
export async function ratingRow(rating: Rating): Promise<Row> {
  const [row] = await rowsWritten((client) => new DynamoRatingStore(client, TABLE).record(rating));
  return row as Row;
}
