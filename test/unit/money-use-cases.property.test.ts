/**
 * The money use cases on the in-memory ports: the same properties as
 * test/integration/money-use-cases.test.ts runs on DynamoDB Local.
 */
import { MemoryMoneyBooks } from '../../functions/app/money/memory.ts';
import { moneyProperties } from '../support/money-properties.ts';

moneyProperties(() => {
  const books = new MemoryMoneyBooks();
  return { books, receipts: books, balance: async (accountId) => books.ledger.balance(accountId) };
}, 200);
