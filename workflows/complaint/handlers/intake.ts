/**
 * Updates of the case's first stages: a withdrawal (any time), completion, the admissibility
 * decision, a person complained about added, and the referral to the school.
 */
import { condition, setHandler } from '@temporalio/workflow';
import {
  addRespondentUpdate,
  completeComplaintUpdate,
  decideAdmissibilityUpdate,
  referToSchoolUpdate,
  reportReferralUpdate,
  requestCompletionUpdate,
  resumeAfterReferralUpdate,
  withdrawUpdate,
} from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { letterTerm } from '../../shared/letterTerm';
import { validateAction, validateInput } from '../../validation';
import type { ComplaintContext } from '../context';

export function registerIntakeHandlers(c: ComplaintContext): void {
  const { s, inbox, terms, input } = c;

  setHandler(
    withdrawUpdate,
    async (req) => {
      inbox.withdrawal = { reason: req.reason, requestedBy: req.requestedBy };
      await condition(c.closed);
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        // Who withdraws is set by the API from who is logged in; the input says it, no actor is checked.
        validateInput('withdraw', req);
      },
    },
  );

  setHandler(
    requestCompletionUpdate,
    async (req) => {
      inbox.completionRequested = req.missing;
      await condition(() => s.phase === 'awaiting-completion' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('admissibility');
        validateAction('requestCompletion', req);
      },
    },
  );

  setHandler(
    completeComplaintUpdate,
    async (req) => {
      await c.step({ step: c.nextKey('completed'), actor: req.by.userId, events: [{ type: 'complaint.completed', data: { supplied: req.supplied } }] });
      inbox.completed = true;
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('awaiting-completion');
        validateAction('completeComplaint', req);
      },
    },
  );

  setHandler(
    decideAdmissibilityUpdate,
    async (req) => {
      inbox.admissibility = req;
      // Answer once the decision has taken effect: the defence requested, or the refusal drafted.
      await condition(() => (inbox.admissibility === undefined && (s.status !== 'admissibility' || s.pendingApprovals.length > 0)) || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('admissibility');
        validateAction('decideAdmissibility', req);
        // A late complaint: the decision says whether the lateness is excused and why.
        if (input.lateFiling && !req.lateFiling) refuse('late-filing-unexplained', 'lateFiling', { termEnd: input.lateFiling.filingTermEnd });
      },
    },
  );

  setHandler(
    addRespondentUpdate,
    async (req) => {
      // Once the school was told of the complaint, the person added is told too, with the defence
      // term still running (they may send a written statement); before that, the notice reaches them with the school's.
      const defence = terms.get('defence');
      const respondent = { name: req.name, role: req.role, ...(req.email ? { email: req.email } : {}), ...(req.postalAddress ? { postalAddress: req.postalAddress } : {}) };
      // Counted, so the hearing knows every respondent:<n> without reading the database.
      c.s.respondentsAdded = (c.s.respondentsAdded ?? 0) + 1;
      await c.step({
        step: c.nextKey('respondent-added'),
        actor: req.by.userId,
        addRespondent: respondent,
        events: [{ type: 'respondent.added', data: { name: req.name, role: req.role, toldOfComplaint: defence !== undefined } }],
        letters: defence
          ? [{ kind: 'kennisgeving-klacht', to: 'school-side', only: ['added-respondent'], term: defence.status === 'running' ? letterTerm(defence) : null, details: {} }]
          : [],
      });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('addRespondent', req);
      },
    },
  );

  setHandler(
    referToSchoolUpdate,
    async () => {
      inbox.referToSchool = true;
      await condition(() => s.status === 'referred-to-school' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('admissibility');
        validateAction('referToSchool', req);
      },
    },
  );

  setHandler(
    reportReferralUpdate,
    async (req) => {
      inbox.referralReport = req;
      await condition(() => s.status !== 'referred-to-school' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('referral');
        validateAction('reportReferral', req);
      },
    },
  );

  setHandler(
    resumeAfterReferralUpdate,
    async () => {
      inbox.resumeReferral = true;
      await condition(() => s.status !== 'referred-to-school' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('referral');
        validateAction('resumeAfterReferral', req);
      },
    },
  );
}
