/** How a hearing ends early: cancelled by the parent (withdrawal); and its term running out, told beside the phases. */
import type { HearingContext } from '../context';

export async function cancel(c: HearingContext): Promise<void> {
  const { s, terms } = c;
  const reason = s.cancelRequested?.reason ?? 'cancelled';
  terms.closeAll('cancelled');
  s.status = 'cancelled';
  s.result = { outcome: 'cancelled', heldOn: null, panel: s.panel, absentParties: [] };
  await c.step('cancelled', { events: [{ type: 'hearing.cancelled', data: { reason } }] });
  await c.save();
}

/** Beside the phases: when the term for the hearing runs out, the secretary and chair are told. */
export async function watchHearingTerm(c: HearingContext): Promise<void> {
  const { terms } = c;
  if (!c.runningTerm('hearingWithin')) return;
  const outcome = await terms.wait('hearingWithin', () => c.finished() || c.cancelling());
  if (outcome !== 'expired' || c.finished() || c.cancelling()) return;
  const due = terms.get('hearingWithin')?.due ?? null;
  terms.close('hearingWithin', 'expired');
  c.backgroundBusy = true;
  try {
    await c.step('term-expired', { events: [{ type: 'hearing.term-expired', data: { termId: 'hearingWithin', due, to: ['secretary', 'chair'] } }] });
  } finally {
    c.backgroundBusy = false;
  }
}
