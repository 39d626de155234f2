/**
 * Updates around the advice: the committee issues it, the school board answers it, and a second
 * person approves a drafted decision letter (four-eyes; the advice is one such decision).
 */
import { condition, patched, setHandler } from '@temporalio/workflow';
import { sameActor } from '../../../domain/actors';
import { answerAdviceUpdate, approveLetterUpdate, issueAdviceUpdate } from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { activities } from '../../activityProxies';
import { validateAction } from '../../validation';
import type { ComplaintContext } from '../context';
import { sendingOf } from '../phases/advice';

export function registerAdviceHandlers(c: ComplaintContext): void {
  const { s, inbox } = c;

  setHandler(
    issueAdviceUpdate,
    async (req) => {
      inbox.advice = req;
      await condition(() => (inbox.advice === undefined && s.pendingApprovals.length > 0) || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('deliberation');
        validateAction('issueAdvice', req);
      },
    },
  );

  setHandler(
    answerAdviceUpdate,
    async (req) => {
      // process.md step 14: the board's answer reaches the complainant and the people complained about.
      // Cases answered before this release wrote only the event.
      const forward = patched('roles-forward-advice-answer');
      await c.step({
        step: 'advice-answered',
        actor: req.by.userId,
        events: [{ type: 'advice.answered', data: { acceptsFinding: req.acceptsFinding, plan: req.plan } }],
        ...(forward ? { letters: [{ kind: 'doorzending-reactie-advies', to: 'all-but-board', details: { acceptsFinding: req.acceptsFinding, plan: req.plan } }] } : {}),
      });
      inbox.answer = req;
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('school-answer', 'compliance');
        if (inbox.answer) refuse('advice-answered');
        validateAction('answerAdvice', req);
      },
    },
  );

  setHandler(
    approveLetterUpdate,
    async (req) => {
      const pending = s.pendingApprovals.find((p) => p.letterId === req.letterId);
      // A decision is rendered again as it goes out: dated on the sending day and, for the advice,
      // with the board's answer date and the measures' dates counted from it (issue 12). Decisions
      // approved before this release went out as drafted.
      const sending = pending && patched('roles12-render-at-approval') ? sendingOf(c, pending.kind) : undefined;
      const result = await activities.approveLetter({ letterId: req.letterId, approvedBy: { userId: req.by.userId, role: req.by.role as 'chair' | 'secretary' }, ...(sending ? { sending: sending.letter } : {}) });
      sending?.sent();
      // Approving one copy approves the decision: all its copies are queued together.
      const approved = new Set([req.letterId, ...(result?.letterIds ?? [])]);
      s.pendingApprovals = s.pendingApprovals.filter((p) => !approved.has(p.letterId));
      c.requestDelivery();
      return c.view();
    },
    {
      validator: (req) => {
        validateAction('approveLetter', req);
        const pending = s.pendingApprovals.find((p) => p.letterId === req.letterId);
        if (!pending) refuse('letter-not-awaiting-approval', 'letterId', { letterId: req.letterId });
        // Four-eyes: whoever drafted a decision cannot also approve it.
        if (sameActor(pending.draftedBy, req.by.userId)) refuse('four-eyes', 'by');
      },
    },
  );
}
