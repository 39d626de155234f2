/**
 * Updates on the reporting duty (meldplicht): flagged during the case, the school board's report
 * confirmed, or its "not reportable, because …" reviewed by the secretary.
 */
import { setHandler } from '@temporalio/workflow';
import { confirmReportingDutyUpdate, declareNotReportableUpdate, flagReportingDutyUpdate, reviewNotReportableUpdate } from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { validateAction } from '../../validation';
import type { ComplaintContext } from '../context';

export function registerReportingDutyHandlers(c: ComplaintContext): void {
  const { s, terms } = c;

  setHandler(
    flagReportingDutyUpdate,
    async (req) => {
      s.reportingDuty = 'awaiting-confirmation';
      await c.step({ step: 'reporting-duty-flagged', actor: req.by.userId, events: [{ type: 'reporting-duty.flagged', data: { reason: req.reason } }] });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('flagReportingDuty', req);
        if (s.reportingDuty !== 'not-applicable') refuse('reporting-duty-flagged');
      },
    },
  );

  setHandler(
    confirmReportingDutyUpdate,
    async (req) => {
      terms.close('reportingDuty', 'met');
      s.reportingDuty = 'confirmed';
      await c.step({ step: 'reporting-duty-confirmed', actor: req.by.userId, events: [{ type: 'reporting-duty.confirmed', data: { reportedOn: req.reportedOn, reference: req.reference ?? null } }] });
      return c.view();
    },
    {
      validator: (req) => {
        if (s.reportingDuty !== 'awaiting-confirmation') refuse('no-reporting-duty-awaited');
        validateAction('confirmReportingDuty', req);
      },
    },
  );

  /**
   * "Not reportable, because …": the school board's answer instead of a report. The reporting term
   * keeps running while the secretary reviews it: accepted, the duty ends; rejected, the board is
   * asked to report again within the same term (or, if it ran out meanwhile, the case escalates).
   */
  let reviewingNotReportable = false;
  setHandler(
    declareNotReportableUpdate,
    async (req) => {
      s.reportingDuty = 'not-reportable-claimed';
      await c.step({ step: c.nextKey('reporting-duty-not-reportable'), actor: req.by.userId, events: [{ type: 'reporting-duty.not-reportable-claimed', data: { reason: req.reason } }] });
      return c.view();
    },
    {
      validator: (req) => {
        if (s.reportingDuty !== 'awaiting-confirmation') refuse('no-reporting-duty-awaited');
        validateAction('declareNotReportable', req);
      },
    },
  );

  setHandler(
    reviewNotReportableUpdate,
    async (req) => {
      // The review is recorded before the state changes: an escalation a late rejection sets off
      // comes after it in the audit trail, never beside it. Meanwhile a second review is refused.
      reviewingNotReportable = true;
      const type = req.accepted ? 'reporting-duty.not-reportable-accepted' : 'reporting-duty.not-reportable-rejected';
      await c.step({ step: c.nextKey('reporting-duty-reviewed'), actor: req.by.userId, events: [{ type, data: { note: req.note ?? null } }] });
      reviewingNotReportable = false;
      if (req.accepted) {
        if (terms.get('reportingDuty')?.status === 'running') terms.close('reportingDuty', 'met');
        s.reportingDuty = 'not-reportable';
      } else {
        s.reportingDuty = 'awaiting-confirmation';
      }
      return c.view();
    },
    {
      validator: (req) => {
        if (s.reportingDuty !== 'not-reportable-claimed' || reviewingNotReportable) refuse('no-not-reportable-claim');
        validateAction('reviewNotReportable', req);
      },
    },
  );
}
