/** The citizen's choices from the links sent to them (API.md: Citizens). */
import * as z from 'zod';
import { HOLD_AT_OFFICE_WORKING_DAYS } from '../functions/domain/items/lifecycle.ts';
import { TimestampSchema } from './common.ts';
import { DeliveryWindowSchema } from './items.ts';

const LinkTokenSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, 'Expected the token of the link');

export const ChoiceRequestSchema = /* @__PURE__ */ z
  .discriminatedUnion('kind', [
    z.object({
      token: LinkTokenSchema.describe('The token of the link sent with the result-ready notice'),
      kind: z.literal('window'),
      window: DeliveryWindowSchema,
    }),
    z.object({
      token: LinkTokenSchema.describe('The token of the link sent with the result-ready notice'),
      kind: z.literal('held-at-office'),
    }),
  ])
  .meta({ id: 'ChoiceRequest' });

/** What the citizen chose: shown on the tracking page and answered by the choice route. */
export const CitizenChoiceSchema = /* @__PURE__ */ z
  .object({
    kind: z.enum(['window', 'held-at-office']),
    window: DeliveryWindowSchema.optional(),
    heldUntil: TimestampSchema.nullable()
      .optional()
      .describe(
        `While the office holds the result: the end of the hold (${HOLD_AT_OFFICE_WORKING_DAYS} working days ` +
          'after the later of the hold and the day the result is due there), after which it goes back to the agency',
      ),
  })
  .meta({ id: 'CitizenChoice' });

export const ChoiceSchema = /* @__PURE__ */ z
  .object({
    itemCode: z.string(),
    status: z.string().describe("The item's status after the choice (held-at-office once the post holds it)"),
    choice: CitizenChoiceSchema,
  })
  .meta({ id: 'Choice' });

export const OptOutRequestSchema = /* @__PURE__ */ z
  .object({
    token: LinkTokenSchema.describe(
      'The token of a link sent to the citizen (the result-ready notice or the rating request)',
    ),
    optedOut: z.boolean().default(true).describe('false opts in again'),
  })
  .meta({ id: 'OptOutRequest' });

export const OptOutSchema = /* @__PURE__ */ z
  .object({
    optedOut: z
      .boolean()
      .describe('Whether notices other than delivery codes stop for the phone of this dossier'),
  })
  .meta({ id: 'OptOut' });
