/**
 * The compliance workflow's query, updates and signals: the school reports a measure done, the
 * secretary verifies or rejects it, a chair approves the escalation; the parent may cancel.
 * Registered in the order they were since 0.1.0; a new one goes at the end.
 */
import { proxyActivities, setHandler } from '@temporalio/workflow';
import { approveEscalationUpdate, complianceStateQuery, reportMeasureUpdate, verifyMeasureUpdate } from '../../contracts/messages';
import { refuse } from '../../contracts/refusals';
import { handleCalendarReleases } from '../calendarRelease';
import { today } from '../caseTerms';
import { handleCancelChild } from '../shared/parent';
import { actionRoles, requireActor, validateAction, validateInput } from '../validation';
import type { ComplianceContext } from './context';
import { complianceTermId, graceTermId } from './state';

/**
 * The letters engineer's four-eyes activity, by its agreed name and shape. Own stub with a bounded
 * retry: a refusal (e.g. the drafter approving) must answer the update, not retry for ever.
 */
interface LetterApprovalActivities {
  approveLetter(input: { letterId: string; approvedBy: { userId: string; role: 'chair' | 'secretary' } }): Promise<unknown>;
}
const letterApproval = proxyActivities<LetterApprovalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 4 },
});

export function registerHandlers(c: ComplianceContext): void {
  const { terms } = c;

  setHandler(complianceStateQuery, c.view);
  handleCalendarReleases(terms, {
    isOpen: () => c.cancelled === null,
    onApplied: async ({ from, to, changes, by }) => {
      await c.step({ step: `compliance-calendar-release-${c.revision}`, actor: by.userId, events: [{ type: 'calendar.release-applied', data: { workflow: 'compliance', from, to, changes } }], termsMoved: changes });
      await c.publish();
    },
  });

  handleCancelChild((reason) => {
    if (!c.cancelled) c.cancelled = { reason };
  });

  setHandler(
    reportMeasureUpdate,
    async (req) => {
      const m = c.find(req.measureId)!;
      const documentIds = req.documentIds ?? [];
      m.reports.push({ at: today(), evidence: req.evidence, documentIds });
      m.status = 'reported';
      await c.step({
        step: `compliance-report-${m.id}-${m.reports.length}`,
        actor: req.by.userId,
        events: [{ type: 'compliance.measure-reported', data: { measureId: m.id, evidence: req.evidence, documentIds, by: req.by.role } }],
      });
      await c.publish();
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        requireActor(req?.by, actionRoles('reportMeasure'));
        const m = c.requireMeasure(req.measureId);
        if (m.status === 'verified') refuse('measure-verified', 'measureId', { measureId: m.id });
        if (!c.reportable(m)) refuse('measure-term-ended', 'measureId', { measureId: m.id });
        validateInput('reportMeasure', req);
      },
    },
  );

  setHandler(
    verifyMeasureUpdate,
    async (req) => {
      const m = c.find(req.measureId)!;
      if (req.accepted) {
        m.status = 'verified';
        m.verifiedOn = today();
        // Met: the measure's term (or grace period) ends now.
        terms.close(complianceTermId(m.id), 'met');
        terms.close(graceTermId(m.id), 'met');
        await c.step({
          step: `compliance-verified-${m.id}`,
          actor: req.by.userId,
          events: [{ type: 'compliance.measure-verified', data: { measureId: m.id, report: m.reports.length } }],
        });
      } else {
        const reason = req.reason!.trim();
        m.rejections.push({ at: today(), reason });
        m.status = 'rejected';
        await c.step({
          step: `compliance-rejected-${m.id}-${m.rejections.length}`,
          actor: req.by.userId,
          events: [{ type: 'compliance.measure-rejected', data: { measureId: m.id, report: m.reports.length, reason } }],
        });
      }
      await c.publish();
      return c.view();
    },
    {
      validator: (req) => {
        c.requireNotOver();
        requireActor(req?.by, actionRoles('verifyMeasure'));
        const m = c.requireMeasure(req.measureId);
        if (m.status !== 'reported') refuse('measure-not-reported', 'measureId', { measureId: m.id, status: m.status });
        validateInput('verifyMeasure', req);
      },
    },
  );

  setHandler(
    approveEscalationUpdate,
    async (req) => {
      await letterApproval.approveLetter({ letterId: req.letterId, approvedBy: { userId: req.by.userId, role: req.by.role as 'chair' | 'secretary' } });
      // The letters of one decision (one per addressee) are approved together.
      c.awaitingLetters = [];
      await c.step({
        step: 'compliance-escalation-approved',
        actor: req.by.userId,
        events: [{ type: 'compliance.escalation-approved', data: { letterId: req.letterId } }],
      });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireNotOver();
        validateAction('approveEscalation', req);
        if (c.status !== 'awaiting-escalation-approval' || !c.awaitingLetters.includes(req.letterId)) {
          refuse('letter-not-awaiting-approval', 'letterId', { letterId: String(req.letterId) });
        }
      },
    },
  );
}
