/** Updates that lead to a date: retrying the panel, availability answers, and setting the date. */
import { condition, setHandler } from '@temporalio/workflow';
import type { CaseStepInput } from '../../../activities';
import { isWorkingDay } from '../../../domain/calendar';
import { earliestHearingDate, invitationDeadline } from '../../../domain/hearing';
import { AVAILABILITY_ROLES, isRespondentParty } from '../../../contracts/actors';
import { retryPanelUpdate, scheduleHearingUpdate, submitAvailabilityUpdate, type HearingSchedule } from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { today } from '../../caseTerms';
import { letterTerm } from '../../shared/letterTerm';
import { tellParent } from '../../shared/parent';
import { validateAction } from '../../validation';
import type { HearingContext } from '../context';
import { partyNl } from '../state';

export function registerSchedulingHandlers(c: HearingContext): void {
  const { s, terms, calendar } = c;

  setHandler(
    retryPanelUpdate,
    async () => {
      const before = c.panelAttempts;
      c.retryRequested = true;
      await condition(() => c.panelAttempts > before || c.cancelling());
      return c.view();
    },
    {
      validator: (req) => {
        c.requireStatus('forming-panel');
        validateAction('retryPanel', req);
        if (!s.panelProblem || c.retryRequested) refuse('panel-being-formed');
      },
    },
  );

  setHandler(
    submitAvailabilityUpdate,
    async (req) => {
      const dates = [...new Set(req.dates)].sort();
      s.availability = { ...s.availability, [req.respondent]: dates };
      await c.step('availability-submitted', { actor: req.by.userId, events: [{ type: 'hearing.availability-submitted', data: { respondent: req.respondent, dates } }] });
      await c.save();
      return c.view();
    },
    {
      validator: (req) => {
        c.requireStatus('collecting-availability', 'awaiting-date');
        const known = [...c.respondents(), ...c.respondentParties()];
        if (typeof req?.respondent !== 'string' || !known.includes(req.respondent)) {
          refuse('unknown-respondent', 'respondent', { respondent: String(req?.respondent), members: s.panel.map((m) => m.memberId).join(', ') });
        }
        const respondent: string = req.respondent;
        const roles =
          respondent === 'complainant' || respondent === 'school' ? AVAILABILITY_ROLES[respondent] : isRespondentParty(respondent) ? AVAILABILITY_ROLES.respondent : AVAILABILITY_ROLES.panel;
        validateAction('submitAvailability', req, roles);
        const now = today();
        const earliest = earliestHearingDate(now, terms.policy, calendar);
        (req.dates as string[]).forEach((d, i) => {
          if (d < now) refuse('date-in-past', `dates[${i}]`, { date: d });
          if (d < earliest) refuse('within-notice', `dates[${i}]`, { date: d, earliest });
        });
      },
    },
  );

  setHandler(
    scheduleHearingUpdate,
    async (req) => {
      const schedule: HearingSchedule = { date: req.date, startTime: req.startTime, location: req.location.trim(), ...(req.videoLink ? { videoLink: req.videoLink.trim() } : {}) };
      const lastPostponement = s.status === 'awaiting-date' && s.postponements.length > 0 && s.scheduleCount === s.postponements.length ? s.postponements[s.postponements.length - 1] : null;
      s.schedule = schedule;
      s.scheduleCount++;
      s.status = 'scheduled';
      if (c.runningTerm('availability')) terms.close('availability', 'cancelled');
      const within = c.runningTerm('hearingWithin');
      if (within && within.suspensions.some((x) => x.until === undefined)) terms.resume('hearingWithin');
      const hearingDue = c.runningTerm('hearingWithin')?.due ?? terms.get('hearingWithin')?.due ?? null;
      const window = terms.start('postponementRequest', 'de hoorzitting', { trigger: schedule.date });
      const notice = invitationDeadline(schedule.date, terms.policy, calendar);
      const invitation = { hearingDate: schedule.date, startTime: schedule.startTime, location: schedule.location, ...(schedule.videoLink ? { videoLink: schedule.videoLink } : {}) };
      const letters: CaseStepInput['letters'] = [
        { kind: 'uitnodiging-hoorzitting', to: 'all-parties', term: letterTerm(window), details: { ...invitation, panel: c.panelForLetter(false) } },
        { kind: 'uitnodiging-hoorzitting', to: 'panel', term: letterTerm(window), details: { ...invitation, panel: c.panelForLetter(true) } },
      ];
      if (lastPostponement) {
        // After a postponement: the confirmation names the new date (the template expects it).
        const details = { requestedBy: partyNl(lastPostponement.party), reason: lastPostponement.reason, oldDate: lastPostponement.oldDate, newDate: schedule.date };
        letters.push({ kind: 'bevestiging-uitstel', to: 'all-parties', details }, { kind: 'bevestiging-uitstel', to: 'panel', details: { ...details, panel: c.panelForLetter(true) } });
      }
      await c.step('invitation', {
        actor: req.by.userId,
        status: 'hearing-scheduled',
        nextDeadline: schedule.date,
        events: [
          {
            type: 'hearing.scheduled',
            data: { ...schedule, occasion: s.scheduleCount, invitationDue: notice.due, postponementRequestDue: window.due, hearingDue, withinTerm: hearingDue === null || schedule.date <= hearingDue },
          },
        ],
        letters,
      });
      await tellParent({ status: 'hearing-scheduled', nextDeadline: schedule.date });
      await c.save();
      return c.view();
    },
    {
      validator: (req) => {
        c.requireStatus('collecting-availability', 'awaiting-date');
        validateAction('scheduleHearing', req);
        const now = today();
        if (req.date < now) refuse('date-in-past', 'date', { date: req.date });
        if (!isWorkingDay(req.date, calendar)) refuse('not-working-day', 'date', { date: req.date });
        const notice = invitationDeadline(req.date, terms.policy, calendar);
        if (notice.due < now) refuse('too-soon', 'date', { date: req.date, due: notice.due, today: now, earliest: c.earliestDate() });
      },
    },
  );
}
