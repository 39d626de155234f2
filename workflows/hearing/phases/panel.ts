/**
 * Forming the panel (process.md step 8): a panel without conflicts of interest is chosen; when none
 * can be formed the secretary is told and may retry. Then the parties and the panel are asked for
 * their availability on candidate dates within the term for the hearing.
 */
import { ActivityFailure, ApplicationFailure, condition } from '@temporalio/workflow';
import { candidateDates } from '../../../domain/hearing';
import { PANEL_UNAVAILABLE } from '../../../contracts/failureTypes';
import { activities } from '../../activityProxies';
import { letterTerm } from '../../shared/letterTerm';
import { tellParent } from '../../shared/parent';
import type { HearingContext } from '../context';

export async function formPanel(c: HearingContext): Promise<void> {
  const { s, terms, input, caseNumber, cancelling } = c;
  for (;;) {
    try {
      const panel = await activities.selectPanel({ caseNumber, schoolBrin: input.schoolBrin, schoolName: input.schoolName });
      s.panel = panel;
      s.panelProblem = null;
      break;
    } catch (err) {
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === PANEL_UNAVAILABLE)) throw err;
      s.panelProblem = err.cause.message;
      await c.step('panel-unavailable', { events: [{ type: 'hearing.panel-unavailable', data: { problem: s.panelProblem, to: ['secretary'] } }] });
      await c.save();
      c.panelAttempts++;
      await condition(() => c.retryRequested || cancelling());
      c.retryRequested = false;
      if (cancelling()) return;
    }
  }
  if (cancelling()) return;

  const candidates = candidateDates(c.earliestDate(), c.latestHearingDate(), c.calendar);
  s.candidateDates = candidates;
  const term = terms.start('availability', 'verzoek om beschikbaarheid');
  await c.step('availability-requested', {
    status: 'hearing-scheduling',
    nextDeadline: terms.nextDeadline(),
    events: [
      { type: 'hearing.panel-formed', data: { panel: s.panel.map((m) => ({ memberId: m.memberId, name: m.name, role: m.role })) } },
      { type: 'hearing.availability-requested', data: { due: term.due, candidateDates: candidates } },
    ],
    letters: [
      { kind: 'verzoek-beschikbaarheid', to: 'all-parties', term: letterTerm(term), details: { candidateDates: candidates } },
      { kind: 'verzoek-beschikbaarheid', to: 'panel', term: letterTerm(term), details: { candidateDates: candidates, panel: c.panelForLetter(true) } },
    ],
  });
  // Collecting from the moment the requests are on file.
  s.status = 'collecting-availability';
  await tellParent({ status: 'hearing-scheduling', nextDeadline: terms.nextDeadline() });
  await c.save();
  c.panelAttempts++;
}
