/** POST /v1/scans — postal staff upload scans, often long after they happened; each gets its own answer. */

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ScanSchema } from '../../schemas/items.ts';
import { ingestScansRoute } from '../../schemas/routes.ts';
import { itemStore } from '../adapters/index.ts';
import { ingestScans } from '../app/items/ingest-scans.ts';
import { noteCalendarCoverage } from '../commons/calendar-coverage.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { metrics } from '../commons/powertools.ts';
import { deliveryCodeSecret } from '../commons/secrets.ts';
import type { ScanOutcome } from '../domain/items/scans.ts';

const scanIdOf = (raw: unknown): string | null => {
  const scanId = (raw as { scanId?: unknown } | null)?.scanId;
  return typeof scanId === 'string' ? scanId.slice(0, 64) : null;
};

export const handler = httpRoute(ingestScansRoute, async ({ body, caller }) => {
  const postal = caller.roles.includes('postal-staff') || caller.roles.includes('postal-supervisor');
  if (postal && !caller.postOfficeCode) throw new HttpProblem('forbidden', 'Your token names no post office');
  const callerOfficeCode = caller.roles.includes('admin') ? null : (caller.postOfficeCode ?? null);

  // Each scan is checked on its own: a bad one is refused, the others go ahead.
  const parsed = body.scans.map((raw) => ScanSchema.safeParse(raw));
  const valid = parsed.flatMap((result) => (result.success ? [result.data] : []));
  const ingested = await ingestScans({ items: itemStore(), deliveryCodeSecret }, valid, {
    receivedAt: systemNow(),
    callerOfficeCode,
  });

  let next = 0;
  const results = parsed.map((result, index) => {
    if (!result.success) {
      const reason = result.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || 'scan'}: ${issue.message}`)
        .join('; ');
      return {
        scanId: scanIdOf(body.scans[index]),
        outcome: 'rejected' as const,
        reason: `invalid: ${reason}`,
      };
    }
    const outcome = ingested.outcomes[next++] as ScanOutcome;
    return { scanId: result.data.scanId, ...outcome };
  });
  noteCalendarCoverage([
    ...valid.map((scan) => scan.occurredAt),
    ...ingested.changedItems.map((item) => item.dueAt),
  ]);
  for (const kind of ['accepted', 'duplicate', 'rejected', 'flagged'] as const) {
    const count = results.filter((result) => result.outcome === kind).length;
    if (count > 0) metrics.addMetric(`scans_${kind}`, MetricUnit.Count, count);
  }
  return { status: 200, body: { results } };
});
