/** GET /v1/audit?dossierRef=|caller= — admins read who read a dossier's personal data, or what a caller read. */
import { auditTrailRoute } from '../../schemas/routes.ts';
import { auditTrail, dossierStore } from '../adapters/index.ts';
import { openCursor, sealCursor } from '../commons/http/cursor.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';

export const handler = httpRoute(auditTrailRoute, async ({ query }) => {
  if (query.dossierRef !== undefined) {
    const found = await dossierStore().find(query.dossierRef);
    if (!found) throw new HttpProblem('not-found', `No dossier ${query.dossierRef}`);
    const consignmentRef = found.dossier.consignmentRef;
    const scope = `audit|dossier|${consignmentRef}`;
    const position = await openCursor(scope, query.cursor);
    const page = await auditTrail().byDossier(consignmentRef, query.limit, position);
    const next = page.next ? await sealCursor(scope, page.next) : undefined;
    return { status: 200, body: { entries: page.entries, ...(next ? { next } : {}) } };
  }
  const subject = query.caller as string;
  const scope = `audit|caller|${subject}`;
  const position = await openCursor(scope, query.cursor);
  const page = await auditTrail().byCaller(subject, query.limit, position);
  const next = page.next ? await sealCursor(scope, page.next) : undefined;
  return { status: 200, body: { entries: page.entries, ...(next ? { next } : {}) } };
});
