/**
 * The reporting duty (meldplicht), beside the procedure: once flagged, the school board is told and
 * must confirm its report to the Inspectorate within a term; without an answer the committee
 * reports to the Inspectorate itself (a decision letter, sent after a chair's approval).
 */
import { condition, patched } from '@temporalio/workflow';
import { categoryLabel } from '../../../domain/policy';
import { letterTerm } from '../../shared/letterTerm';
import type { ComplaintContext } from '../context';

export async function trackReportingDuty(c: ComplaintContext): Promise<void> {
  const { s, terms, input, closed } = c;
  await condition(() => s.reportingDuty === 'awaiting-confirmation' || closed());
  if (closed() || terms.get('reportingDuty')) return;
  const term = terms.start('reportingDuty', 'kennisgeving van de meldplicht');
  await c.step({
    step: 'reporting-duty-notice',
    events: [{ type: 'reporting-duty.notified', data: { due: term.due } }],
    letters: [{ kind: 'kennisgeving-meldplicht', to: 'school-board', term: letterTerm(term), details: { category: input.category ?? 'overig' } }],
  });
  // A "not reportable" under review is no answer yet (the states only a new release can reach).
  const undecided = () => s.reportingDuty === 'awaiting-confirmation' || s.reportingDuty === 'not-reportable-claimed';
  const outcome = await terms.wait('reportingDuty', () => !undecided() || closed());
  // Ran out while the secretary reviews a "not reportable": the review decides, not the clock.
  if (outcome === 'expired' && s.reportingDuty === 'not-reportable-claimed') await condition(() => s.reportingDuty !== 'not-reportable-claimed' || closed());
  if (outcome === 'expired' && s.reportingDuty === 'awaiting-confirmation') {
    terms.close('reportingDuty', 'expired');
    s.reportingDuty = 'escalated';
    if (!patched('roles-reporting-duty-letter')) {
      // Cases that escalated before: only the event was written.
      await c.step({ step: 'reporting-duty-escalated', events: [{ type: 'reporting-duty.escalated', data: { to: 'inspectorate' } }] });
      return;
    }
    // A letter to the Inspectorate (copy to the school board), delivered through the outbox like
    // every letter and once: drafted by the system, sent when a chair approves it.
    await c.reportToInspectorate({
      step: 'reporting-duty-escalated',
      event: { type: 'reporting-duty.escalated', data: { to: 'inspectorate', letter: 'melding-inspectie' } },
      letter: {
        kind: 'melding-inspectie',
        to: 'inspectorate-school',
        details: { category: categoryLabel(input.policy, input.category ?? 'overig').nl, noticeSentOn: term.trigger, confirmationDue: term.due ?? term.trigger },
      },
    });
  }
}
