/**
 * The money use cases on DynamoDB Local: the same properties as
 * test/unit/money-use-cases.property.test.ts runs in memory, over the stored books.
 */
import { financeStore, ledger, receiptStore } from '../../functions/adapters/index.ts';
import { moneyProperties } from '../support/money-properties.ts';

moneyProperties(
  () => ({
    books: financeStore(),
    receipts: receiptStore(),
    balance: async (accountId) => (await ledger().balance(accountId)).balance,
  }),
  12,
);
