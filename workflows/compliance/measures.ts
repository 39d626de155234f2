/**
 * One coroutine per measure: its term with a reminder to the school board, a grace period after
 * the due date, and 'not-complied' when neither brought a verified report.
 */
import { condition } from '@temporalio/workflow';
import { isSettled } from '../../domain/compliance';
import type { TermState } from '../../domain/termLedger';
import type { MeasureState } from '../../contracts/messages';
import { today } from '../caseTerms';
import { letterTerm } from '../shared/letterTerm';
import { termRunning, type ComplianceContext } from './context';
import { complianceTermId, graceTermId } from './state';

/** Reminds the school board of every unsettled, unreported measure whose reminder falls today. */
async function remind(c: ComplianceContext, m: MeasureState, term: TermState): Promise<void> {
  const group = c.measures.filter((x) => {
    const t = c.termOf(x);
    if (x.status === 'verified' || x.status === 'reported' || !termRunning(t)) return false;
    return x.id === m.id || (t!.remindOn === term.remindOn && !t!.reminderSent);
  });
  for (const x of group) c.terms.markReminded(complianceTermId(x.id));
  // No reminder after the due date (a workflow started or resumed late): grace follows instead.
  if (group.length === 0 || (term.due !== null && today() > term.due)) return;
  await c.step({
    step: `compliance-reminder-${m.id}`,
    events: [{ type: 'compliance.reminder', data: { measures: group.map((x) => x.id), due: term.due } }],
    letters: [
      {
        kind: 'herinnering-naleving',
        to: 'school-board',
        term: letterTerm(term),
        details: { measures: group.map((x) => ({ description: x.description, due: x.due! })) },
      },
    ],
  });
}

export async function runMeasure(c: ComplianceContext, m: MeasureState): Promise<void> {
  const { terms } = c;
  const done = () => m.status === 'verified' || c.cancelled !== null;
  if (termRunning(c.termOf(m))) {
    const outcome = await terms.wait(complianceTermId(m.id), done, (term) => remind(c, m, term));
    if (c.cancelled || outcome !== 'expired') return;
    // Due date passed without verification: a grace period, counted from the due date.
    const due = c.termOf(m)!.due!;
    terms.close(complianceTermId(m.id), 'expired');
    const grace = terms.start('complianceGrace', 'einde van de nalevingstermijn', { id: graceTermId(m.id), trigger: due });
    await c.step({
      step: `compliance-grace-${m.id}`,
      events: [{ type: 'compliance.grace-started', data: { measureId: m.id, due, graceDue: grace.due, explanation: grace.explanation.nl } }],
    });
    await c.publish();
  }
  if (termRunning(c.graceOf(m))) {
    const outcome = await terms.wait(graceTermId(m.id), done);
    if (c.cancelled || outcome !== 'expired') return;
    terms.close(graceTermId(m.id), 'expired');
  }
  if (isSettled(m.status)) return;
  // A report made in time is still decided on by the secretary: accepted, it counts.
  await condition(() => m.status !== 'reported' || c.cancelled !== null);
  if (c.cancelled || m.status === 'verified') return;
  m.status = 'not-complied';
  await c.step({
    step: `compliance-not-complied-${m.id}`,
    events: [{ type: 'compliance.measure-not-complied', data: { measureId: m.id, due: m.due, graceDue: c.graceOf(m)?.due ?? null } }],
  });
  await c.publish();
}
