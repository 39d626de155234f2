/**
 * The first stages (process.md steps 1–4): the acknowledgement, the admissibility decision with
 * its completion round (herstel verzuim).
 */
import { letterTerm } from '../../shared/letterTerm';
import type { ComplaintContext } from '../context';
import type { Phase } from '../state';
import { startMediation } from './mediation';

export async function acknowledge(c: ComplaintContext): Promise<Phase> {
  const { input } = c;
  const term = c.terms.start('admissibility', 'ontvangst van de klacht', { trigger: input.receivedOn });
  await c.step({
    step: 'acknowledged',
    status: 'admissibility',
    events: [{ type: 'complaint.acknowledged', data: { policyVersion: input.policyVersion, admissibilityDue: term.due } }],
    letters: [{ kind: 'ontvangstbevestiging', to: 'complainant-side' }],
  });
  return 'admissibility';
}

export async function admissibility(c: ComplaintContext): Promise<Phase> {
  const { s, terms, inbox, input, withdrawn } = c;
  if (!terms.get('admissibility') || terms.get('admissibility')!.status !== 'running') terms.start('admissibility', 'voltooiing van de klacht');
  let overdueNoted = false;
  for (;;) {
    const acted = () => inbox.admissibility !== undefined || inbox.completionRequested !== undefined || inbox.referToSchool === true || inbox.mediation !== undefined || withdrawn();
    const outcome = overdueNoted ? (await c.untilOr(acted), 'done') : await terms.wait('admissibility', acted);
    if (outcome === 'expired') {
      // A service norm, not a fatal term: remind the secretary and keep waiting.
      overdueNoted = true;
      await c.step({ step: c.nextKey('admissibility-overdue'), events: [{ type: 'admissibility.overdue', data: { due: terms.get('admissibility')?.due } }] });
      continue;
    }
    if (withdrawn()) return 'closing';
    if (inbox.completionRequested) {
      const missing = inbox.completionRequested;
      inbox.completionRequested = undefined;
      const term = terms.start('completion', 'verzoek om aanvulling');
      await c.step({
        step: c.nextKey('completion-requested'),
        status: 'awaiting-completion',
        events: [{ type: 'completion.requested', data: { missing, due: term.due } }],
        letters: [{ kind: 'verzoek-om-aanvulling', to: 'complainant-side', term: letterTerm(term), details: { missing } }],
      });
      return 'awaiting-completion';
    }
    if (inbox.referToSchool) {
      inbox.referToSchool = undefined;
      terms.close('admissibility', 'cancelled');
      return 'referral';
    }
    if (inbox.mediation) return startMediation(c, 'admissibility');
    const decision = inbox.admissibility!;
    inbox.admissibility = undefined;
    terms.close('admissibility', 'met');
    if (decision.admissible) {
      await c.step({
        step: 'admissible',
        actor: decision.by.userId,
        events: [{ type: 'admissibility.decided', data: { admissible: true, lateAccepted: decision.lateAccepted ?? null, ...(decision.lateFiling ? { lateFiling: decision.lateFiling } : {}) } }],
        // The complainant hears the outcome, not only the school (issue 14).
        letters: [{ kind: 'beslissing-ontvankelijk', to: 'complainant-side', details: {} }],
      });
      return 'defence';
    }
    await c.draftDecision({
      step: 'inadmissible',
      drafter: decision.by.userId,
      kind: 'beslissing-niet-ontvankelijk',
      events: [{ type: 'admissibility.decided', data: { admissible: false, reasons: decision.reasons, decidedBy: decision.decidedBy, ...(decision.lateFiling ? { lateFiling: decision.lateFiling } : {}) } }],
      letters: [
        {
          kind: 'beslissing-niet-ontvankelijk',
          to: 'all-parties',
          details: {
            reasons: decision.reasons,
            decidedBy: decision.decidedBy,
            objectionPossible: decision.decidedBy === 'chair',
            ...(decision.lateFiling && input.lateFiling ? { lateFiling: { ...decision.lateFiling, filingTermEnd: input.lateFiling.filingTermEnd } } : {}),
          },
        },
      ],
    });
    s.outcome = 'inadmissible';
    return 'closing';
  }
}

export async function awaitingCompletion(c: ComplaintContext): Promise<Phase> {
  const { s, terms, inbox, withdrawn } = c;
  const outcome = await terms.wait('completion', () => inbox.completed === true || withdrawn());
  if (withdrawn()) return 'closing';
  if (inbox.completed) {
    inbox.completed = undefined;
    terms.close('completion', 'met');
    terms.start('admissibility', 'aanvulling van de klacht');
    await c.step({ step: c.nextKey('back-to-admissibility'), status: 'admissibility' });
    return 'admissibility';
  }
  if (outcome === 'expired') {
    terms.close('completion', 'expired');
    await c.draftDecision({
      step: 'inadmissible-incomplete',
      drafter: 'system',
      kind: 'beslissing-niet-ontvankelijk',
      events: [{ type: 'completion.expired', data: {} }],
      letters: [
        {
          kind: 'beslissing-niet-ontvankelijk',
          to: 'all-parties',
          details: { reasons: 'De klacht is niet binnen de gestelde termijn aangevuld (herstel verzuim).', decidedBy: 'chair', objectionPossible: true },
        },
      ],
    });
    s.outcome = 'inadmissible';
    return 'closing';
  }
  return 'admissibility';
}
