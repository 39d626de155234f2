/**
 * The referral to the school (terugverwijzing): the school reports how it handled the complaint,
 * or the complainant resumes it here; without news the case closes as handled by the school.
 */
import { patched } from '@temporalio/workflow';
import { letterTerm } from '../../shared/letterTerm';
import type { ComplaintContext } from '../context';
import type { Phase } from '../state';

export async function referral(c: ComplaintContext): Promise<Phase> {
  const { s, terms, inbox, withdrawn } = c;
  const term = terms.start('referralReport', 'terugverwijzing naar de school');
  await c.step({
    step: c.nextKey('referred'),
    status: 'referred-to-school',
    events: [{ type: 'complaint.referred', data: { due: term.due } }],
    letters: [{ kind: 'terugverwijzing', to: 'all-parties', term: letterTerm(term), details: {} }],
  });
  const acted = () => inbox.referralReport !== undefined || inbox.resumeReferral === true || withdrawn();
  const outcome = await terms.wait('referralReport', acted);
  if (outcome === 'expired') {
    terms.close('referralReport', 'expired');
    if (patched('turns-referral-ends')) {
      // The complainant may resume within a term of its own; without news the case closes as
      // handled by the school, so no referral stays open forever.
      const resume = terms.start('referralResume', 'einde van de termijn voor de terugkoppeling');
      await c.step({
        step: c.nextKey('referral-expired'),
        events: [{ type: 'referral.term-expired', data: { resumeDue: resume.due } }],
        letters: [{ kind: 'terugverwijzing', to: 'all-parties', term: letterTerm(resume), details: { expired: true } }],
      });
      const resumed = await terms.wait('referralResume', acted);
      if (resumed === 'expired' && !inbox.referralReport && !inbox.resumeReferral && !withdrawn()) {
        terms.close('referralResume', 'expired');
        await c.step({ step: c.nextKey('referral-closed'), events: [{ type: 'referral.not-resumed', data: { due: resume.due } }] });
        s.outcome = 'referred';
        return 'closing';
      }
      if (terms.get('referralResume')?.status === 'running') terms.close('referralResume', 'met');
    } else {
      await c.step({ step: c.nextKey('referral-expired'), events: [{ type: 'referral.term-expired', data: {} }] });
      // The complainant may now resume the complaint; until then the case rests with the school.
      await c.untilOr(acted);
    }
  }
  if (withdrawn()) return 'closing';
  terms.close('referralReport', 'met');
  const report = inbox.referralReport;
  inbox.referralReport = undefined;
  if (report?.resolved) {
    await c.step({ step: 'referral-resolved', actor: report.by.userId, events: [{ type: 'referral.resolved', data: { summary: report.summary } }] });
    s.outcome = 'referred';
    return 'closing';
  }
  inbox.resumeReferral = undefined;
  terms.start('admissibility', 'hervatting na terugverwijzing');
  await c.step({ step: c.nextKey('referral-resumed'), status: 'admissibility', events: [{ type: 'referral.resumed', data: { report: report?.summary ?? null } }] });
  return 'admissibility';
}
