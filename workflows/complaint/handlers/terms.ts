/**
 * Updates on the case's terms: a chair applying a newer calendar release, and extending, suspending
 * or resuming one term (an extended advice term is announced to all parties).
 */
import { setHandler } from '@temporalio/workflow';
import type { CaseStepInput } from '../../../activities';
import { extendTermUpdate, resumeTermUpdate, suspendTermUpdate } from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { handleCalendarReleases } from '../../calendarRelease';
import { letterTerm } from '../../shared/letterTerm';
import { validateAction } from '../../validation';
import type { ComplaintContext } from '../context';

export function registerCalendarHandlers(c: ComplaintContext): void {
  handleCalendarReleases(c.terms, {
    isOpen: () => !c.closed() && !c.withdrawn(),
    onApplied: async ({ from, to, changes, by }) => {
      await c.step({ step: c.nextKey('calendar-release-applied'), actor: by.userId, calendarVersion: to, events: [{ type: 'calendar.release-applied', data: { from, to, changes } }], termsMoved: changes });
    },
  });
}

export function registerTermHandlers(c: ComplaintContext): void {
  const { terms } = c;

  setHandler(
    extendTermUpdate,
    async (req) => {
      const term = terms.extend(req.termId, req.reason);
      const letters: CaseStepInput['letters'] =
        term.key === 'advice' ? [{ kind: 'verdaging-advies', to: 'all-parties', term: letterTerm(term), details: { reason: req.reason } }] : [];
      await c.step({
        step: c.nextKey(`term-extended-${req.termId}`),
        actor: req.by.userId,
        events: [{ type: 'term.extended', data: { termId: req.termId, reason: req.reason, due: term.due, explanation: term.explanation.nl } }],
        letters,
      });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('extendTerm', req);
        c.requireRunningTerm(req.termId);
        const refusal = terms.extensionRefusal(req.termId);
        if (refusal) refuse(refusal.code, 'termId', refusal.params);
      },
    },
  );

  setHandler(
    suspendTermUpdate,
    async (req) => {
      const term = terms.suspend(req.termId, req.reason);
      await c.step({ step: c.nextKey(`term-suspended-${req.termId}`), actor: req.by.userId, events: [{ type: 'term.suspended', data: { termId: req.termId, reason: req.reason, explanation: term.explanation.nl } }] });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('suspendTerm', req);
        const term = c.requireRunningTerm(req.termId);
        if (term.suspensions.some((x) => x.until === undefined)) refuse('term-suspended', 'termId', { termId: req.termId });
      },
    },
  );

  setHandler(
    resumeTermUpdate,
    async (req) => {
      const term = terms.resume(req.termId);
      await c.step({ step: c.nextKey(`term-resumed-${req.termId}`), actor: req.by.userId, events: [{ type: 'term.resumed', data: { termId: req.termId, due: term.due, explanation: term.explanation.nl } }] });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('resumeTerm', req);
        const term = c.requireRunningTerm(req.termId);
        if (!term.suspensions.some((x) => x.until === undefined)) refuse('term-not-suspended', 'termId', { termId: req.termId });
      },
    },
  );
}
