/** The S10 item code as the API reads it; the identifier's rules live in the domain. */
import * as z from 'zod';
import { s10Problem } from '../functions/domain/s10.ts';

export * from '../functions/domain/s10.ts';

export const ItemCodeSchema = /* @__PURE__ */ z
  .string()
  .transform((value) => value.replace(/\s+/g, '').toUpperCase())
  .superRefine((value, context) => {
    const problem = s10Problem(value);
    if (problem === 'format') {
      context.addIssue({ code: 'custom', message: 'Expected an S10 item code such as RH123456785VN' });
    } else if (problem === 'check-digit') {
      context.addIssue({ code: 'custom', message: 'The check digit of this S10 item code is wrong' });
    }
  })
  .meta({ id: 'ItemCode', description: 'UPU S10 item code', examples: ['RH123456785VN'] });
