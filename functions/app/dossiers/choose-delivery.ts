/**
 * The citizen chooses how the result comes: a delivery window or collection at the office,
 * from the link sent with the result-ready notice. The link's token proves it is the citizen
 * of this dossier; an unknown dossier and a wrong token are answered alike. The choice is
 * recorded once, as a fact on the dossier's outbound item, in one write with the item's new
 * state; a refused choice writes nothing.
 */
import { type ChoiceRefusal, type CitizenChoice, choiceFact, choiceOf } from '../../domain/citizen-choice.ts';
import { linkTokenMatches } from '../../domain/citizen-links.ts';
import type { DossierRepository } from '../../domain/dossiers.ts';
import type { ItemRepository } from '../../domain/items/ingest.ts';
import { withFacts } from '../../domain/items/items.ts';

export interface ChoicePorts {
  readonly dossiers: Pick<DossierRepository, 'find'>;
  readonly items: Pick<ItemRepository, 'load' | 'commit'>;
  /** The secret the links' tokens are derived from. */
  readonly linkSecret: () => Promise<string>;
}

export interface ChoiceInput {
  readonly dossierRef: string;
  readonly token: string;
  readonly choice: CitizenChoice;
}

export type ChoiceOutcome =
  | {
      readonly kind: 'chosen';
      readonly itemCode: string;
      readonly status: string;
      readonly choice: NonNullable<ReturnType<typeof choiceOf>>;
    }
  | { readonly kind: 'invalid-token' }
  | { readonly kind: 'refused'; readonly refusal: ChoiceRefusal };

/** Commit attempts when another writer (a scan) changes the item between the read and the write. */
export const MAX_CHOICE_ATTEMPTS = 4;

export async function chooseDelivery(
  ports: ChoicePorts,
  input: ChoiceInput,
  now: Date,
): Promise<ChoiceOutcome> {
  const [found, secret] = await Promise.all([ports.dossiers.find(input.dossierRef), ports.linkSecret()]);
  if (!found || !linkTokenMatches(secret, 'choice', found.dossier.consignmentRef, input.token)) {
    return { kind: 'invalid-token' };
  }
  // The last outbound item is the one that carries the result (or a refused dossier's papers).
  const outbound = found.dossier.items.findLast((item) => item.direction === 'outbound');
  if (!outbound) return { kind: 'refused', refusal: 'no-return-by-post' };
  for (let attempt = 1; attempt <= MAX_CHOICE_ATTEMPTS; attempt += 1) {
    const snapshot = await ports.items.load(outbound.itemCode);
    if (!snapshot) return { kind: 'refused', refusal: 'no-return-by-post' };
    const planned = choiceFact(snapshot.item, input.choice, now);
    if ('refusal' in planned) return { kind: 'refused', refusal: planned.refusal };
    const { item, state } = withFacts(snapshot.item, [...snapshot.facts, planned.fact]);
    // A scan dated after this moment may already have moved the item on: then it is too late.
    const taken = state.timeline.find((entry) => entry.factId === planned.fact.factId);
    if (!taken || taken.anomaly) return { kind: 'refused', refusal: 'too-late-to-choose' };
    if (await ports.items.commit(item, snapshot.item.version, [planned.fact])) {
      return {
        kind: 'chosen',
        itemCode: item.itemCode,
        status: item.status,
        choice: choiceOf(item) as NonNullable<ReturnType<typeof choiceOf>>,
      };
    }
  }
  throw new Error(`Item ${outbound.itemCode} stayed busy: the citizen's choice could not be recorded`);
}
