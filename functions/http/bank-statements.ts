/**
 * POST /v1/finance/bank-statements — bank statement lines, as JSON or as the bank's CSV
 * export. The whole statement is read and checked before anything is recorded: a
 * malformed file changes nothing. Then each line is matched: a credit carrying an item
 * code confirms that item's VietQR payment, a debit carrying a remittance reference
 * confirms the remittance; each is matched, partial or overpaid against what was
 * expected. Lines that name nothing known are reported unmatched, lines imported before
 * are reported as duplicates, and nothing is recorded twice.
 */
import { importBankStatementRoute } from '../../schemas/routes.ts';
import { financeStore } from '../adapters/index.ts';
import { matchBankStatement } from '../app/money/match-bank-statement.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import {
  type BankLine,
  BankStatementError,
  parseBankStatementCsv,
  parseBankStatementJson,
} from '../domain/money/bank-statements.ts';

function parse(body: { text: string } | unknown): BankLine[] {
  try {
    return typeof body === 'object' && body !== null && 'text' in body
      ? parseBankStatementCsv(String((body as { text: unknown }).text))
      : parseBankStatementJson(body);
  } catch (error) {
    if (error instanceof BankStatementError)
      throw new HttpProblem('malformed-bank-statement', error.message, {
        errors: error.problems.slice(0, 100).map((problem) => ({
          path: problem.line > 0 ? `line.${problem.line}` : 'statement',
          message: problem.problem,
        })),
      });
    throw error;
  }
}

export const handler = httpRoute(importBankStatementRoute, async ({ body }) => {
  const lines = parse(body);
  const { importId, results, counts } = await matchBankStatement(financeStore(), lines);
  return { status: 201, body: { importId, lines: lines.length, counts, results } };
});
