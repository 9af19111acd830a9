/** Callback subscriptions (API.md: Callbacks), delivered per the Standard Webhooks specification. */
import * as z from 'zod';
import { schema, TimestampSchema, text } from './common.ts';

export const EventFilterSchema = /* @__PURE__ */ z
  .string()
  .regex(
    /^(\*|[a-z]+(\.[a-z-]+|\.\*)?)$/,
    'Expected an event type (item.delivered), a pattern (item.*) or *',
  );

export const SubscribeSchema = /* @__PURE__ */ z
  .object({
    url: z.url().max(2000),
    events: z.array(EventFilterSchema).min(1).max(20),
    contactEmail: z
      .email()
      .max(254)
      .optional()
      .describe('Told when the endpoint is disabled after repeated failures'),
    description: text(200).optional(),
  })
  .meta({ id: 'Subscribe' });

export const WebhookSchema = /* @__PURE__ */ z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    status: z.enum(['active', 'disabled']),
    consecutiveFailures: z.number().int().describe('Failed attempts since the last success'),
    failingSince: TimestampSchema.optional().describe(
      'When the failures in a row began; absent while the endpoint answers',
    ),
    createdAt: TimestampSchema,
    disabledAt: TimestampSchema.optional(),
  })
  .meta({ id: 'Webhook' });

export const SubscriptionCreatedSchema = /* @__PURE__ */ WebhookSchema.extend({
  secret: z.string().describe('Standard Webhooks signing secret (whsec_…): shown once'),
}).meta({ id: 'SubscriptionCreated' });

export const WebhookListSchema = /* @__PURE__ */ z
  .object({ webhooks: z.array(WebhookSchema) })
  .meta({ id: 'WebhookList' });

export const WebhookParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ webhookId: z.string().regex(/^wh_[0-9a-z]{16}$/) }),
);

export const ReplaySchema = /* @__PURE__ */ z
  .object({
    since: TimestampSchema.describe(
      'Deliveries of events that happened at or after this time, up to 30 days back; deliveries still pending from before it are sent too',
    ),
  })
  .meta({ id: 'Replay' });

export const ReplayResultSchema = /* @__PURE__ */ z
  .object({ replayed: z.number().int(), truncated: z.boolean() })
  .meta({ id: 'ReplayResult' });

export const DeletedSchema = /* @__PURE__ */ z.object({ deleted: z.literal(true) }).meta({ id: 'Deleted' });
