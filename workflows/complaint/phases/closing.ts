/**
 * The end of a case: a withdrawal confirmed, or the outcome recorded and the closing letter sent
 * once every drafted decision has been approved.
 */
import type { ComplaintContext } from '../context';

export async function closing(c: ComplaintContext): Promise<void> {
  const { s, terms, inbox } = c;
  if (c.withdrawn()) {
    terms.closeAll('cancelled');
    const w = inbox.withdrawal!;
    await c.step({
      step: 'withdrawn',
      actor: w.requestedBy,
      status: 'withdrawn',
      nextDeadline: null,
      events: [{ type: 'complaint.withdrawn', data: { reason: w.reason ?? null, requestedBy: w.requestedBy } }],
      // The school board is told only if it was told of the complaint (process.md, "Letters").
      letters: [{ kind: 'bevestiging-intrekking', to: s.schoolInformed === false ? 'complainant-side' : 'all-parties', details: w.reason ? { reason: w.reason } : {} }],
    });
    return;
  }
  // Decisions go out only after four-eyes approval; the case closes when they have.
  await c.awaitApprovals();
  if (c.withdrawn()) return closing(c);
  const outcome = s.outcome ?? 'withdrawn';
  terms.closeAll('cancelled');
  await c.step({
    step: 'closed',
    status: outcome,
    nextDeadline: null,
    events: [{ type: 'case.closed', data: { outcome } }],
    letters: outcome === 'inadmissible' ? [] : [{ kind: 'afsluiting', to: 'all-parties', details: { outcome } }],
  });
}
