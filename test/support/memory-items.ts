/** An ItemRepository in memory, with the same optimistic locking as the DynamoDB one. */
export { MemoryItems } from '../../functions/app/dossiers/memory.ts';
