/** Updates once a date is set: a party's postponement, the hearing recorded, the term extended. */
import { setHandler } from '@temporalio/workflow';
import type { Postponement } from '../../../activities/hearings';
import { postponementDeadline } from '../../../domain/hearing';
import { extendHearingTermUpdate, recordHearingUpdate, requestPostponementUpdate, type HearingParty, type HearingResult } from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { isRespondentParty, POSTPONEMENT_ROLES, type PostponingParty } from '../../../contracts/actors';
import { today } from '../../caseTerms';
import { tellParent } from '../../shared/parent';
import { actionRoles, requireActor, validateAction, validateInput } from '../../validation';
import type { HearingContext } from '../context';
import { partyNl } from '../state';

export function registerChangeHandlers(c: HearingContext): void {
  const { s, terms, calendar } = c;

  setHandler(
    requestPostponementUpdate,
    async (req) => {
      const oldDate = s.schedule!.date;
      const party = req.party as PostponingParty;
      const postponement: Postponement = { party, reason: req.reason.trim(), requestedOn: today(), oldDate, by: req.by.userId };
      s.postponements = [...s.postponements, postponement];
      s.schedule = null;
      s.status = 'awaiting-date';
      terms.close('postponementRequest', 'met');
      // A postponement at a party's request stops the clock of the term for the hearing until a new date is set.
      const within = c.runningTerm('hearingWithin');
      if (within && !within.suspensions.some((x) => x.until === undefined)) terms.suspend('hearingWithin', 'postponement');
      const details = { requestedBy: partyNl(party), reason: postponement.reason, oldDate };
      await c.step('postponed', {
        actor: req.by.userId,
        status: 'hearing-scheduling',
        nextDeadline: terms.nextDeadline(),
        events: [{ type: 'hearing.postponed', data: { party, reason: postponement.reason, oldDate } }],
        letters: [
          { kind: 'bevestiging-uitstel', to: 'all-parties', details },
          { kind: 'bevestiging-uitstel', to: 'panel', details: { ...details, panel: c.panelForLetter(true) } },
        ],
      });
      await tellParent({ status: 'hearing-scheduling', nextDeadline: terms.nextDeadline() });
      await c.save();
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        // The two parties, and the persons complained about this hearing knows of (issue 12).
        const party = req?.party as PostponingParty;
        if (!c.postponingParties().includes(party)) refuse('not-party', 'party');
        validateAction('requestPostponement', req, POSTPONEMENT_ROLES[isRespondentParty(party) ? 'respondent' : (party as HearingParty)]);
        if (s.postponements.some((p) => p.party === req.party)) refuse('postponement-used', 'party', { party: req.party });
        if (s.status !== 'scheduled' || !s.schedule) refuse('nothing-scheduled');
        const last = postponementDeadline(s.schedule.date, terms.policy, calendar);
        if (today() > last.due) refuse('postponement-too-late', 'action', { date: s.schedule.date, due: last.due });
      },
    },
  );

  setHandler(
    recordHearingUpdate,
    async (req) => {
      const absentParties = [...new Set(req.absentParties)];
      const heldOn = s.schedule!.date;
      const outcome: HearingResult['outcome'] = absentParties.length > 0 ? 'party-absent' : 'held';
      s.result = { outcome, heldOn, panel: s.panel, absentParties };
      s.status = 'held';
      if (c.runningTerm('postponementRequest')) terms.close('postponementRequest', 'expired');
      const within = c.runningTerm('hearingWithin');
      if (within) terms.close('hearingWithin', within.due !== null && heldOn <= within.due ? 'met' : 'expired');
      await c.step('recorded', {
        actor: req.by.userId,
        events: [
          {
            type: outcome === 'held' ? 'hearing.held' : 'hearing.party-absent',
            data: { heldOn, held: req.held, absentParties, minutes: req.minutes, decideOnFile: absentParties.length > 0 },
          },
        ],
      });
      await c.save();
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        if (s.status !== 'scheduled' || !s.schedule) refuse('nothing-scheduled');
        requireActor(req?.by, actionRoles('recordHearing'));
        const now = today();
        if (now < s.schedule.date) refuse('hearing-not-yet', 'action', { date: s.schedule.date, today: now });
        validateInput('recordHearing', req);
      },
    },
  );

  setHandler(
    extendHearingTermUpdate,
    async (req) => {
      const term = terms.extend('hearingWithin', req.reason.trim());
      await c.step('term-extended', { actor: req.by.userId, events: [{ type: 'term.extended', data: { termId: 'hearingWithin', due: term.due, reason: req.reason.trim() } }] });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('extendHearingTerm', req);
        const refusal = terms.extensionRefusal('hearingWithin');
        if (refusal) refuse(refusal.code, 'action', refusal.params);
      },
    },
  );
}
