/** Delivery receipts from the notification providers. */
import * as z from 'zod';
import { schema, TimestampSchema } from './common.ts';

export const NoticeReceiptParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ provider: z.enum(['zalo-zns', 'brandname-sms', 'sns-sms']) }),
);

export const DeliveryReceiptSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({
    /** The provider's message id, as it answered the send. */
    messageId: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, '1 to 128 letters, digits or ._:-'),
    status: z.enum(['delivered', 'failed', 'expired']),
    occurredAt: TimestampSchema,
    detail: z
      .string()
      .max(200)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters')
      .optional(),
  }),
);

export const ReceiptRecordedSchema = /* @__PURE__ */ schema(() => z.object({ recorded: z.literal(true) }));
