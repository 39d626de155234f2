/**
 * Mediation (process.md step 5), from admissibility or the written round: the running defence or
 * reply term stops meanwhile; settled, the case closes; otherwise it returns where it came from.
 */
import type { CaseStatus } from '../../../domain/caseStatus';
import { letterTerm } from '../../shared/letterTerm';
import type { ComplaintContext } from '../context';
import type { Phase } from '../state';

export async function startMediation(c: ComplaintContext, returnTo: Phase): Promise<Phase> {
  c.s.phaseBeforeMediation = returnTo;
  return 'mediation';
}

export async function mediation(c: ComplaintContext): Promise<Phase> {
  const { s, terms, inbox, withdrawn } = c;
  const mediator = inbox.mediation?.mediator;
  inbox.mediation = undefined;
  // The defence term, if running, does not run during mediation.
  const defence = terms.get('defence');
  if (defence?.status === 'running' && !defence.suspensions.some((x) => x.until === undefined)) terms.suspend('defence', 'mediation');
  const term = terms.start('mediation', 'aanvang van de bemiddeling');
  await c.step({
    step: c.nextKey('mediation-started'),
    status: 'mediation',
    events: [{ type: 'mediation.started', data: { due: term.due, mediator: mediator ?? null } }],
    letters: [{ kind: 'uitnodiging-bemiddeling', to: 'all-parties', term: letterTerm(term), details: mediator ? { mediator } : {} }],
  });
  const outcome = await terms.wait('mediation', () => inbox.mediationOutcome !== undefined || withdrawn());
  if (withdrawn()) return 'closing';
  const result = inbox.mediationOutcome;
  inbox.mediationOutcome = undefined;
  terms.close('mediation', outcome === 'expired' ? 'expired' : 'met');
  if (result?.settled) {
    await c.step({
      step: 'settled',
      actor: result.by.userId,
      events: [{ type: 'mediation.settled', data: { summary: result.summary } }],
      letters: [{ kind: 'bevestiging-schikking', to: 'all-parties', details: { summary: result.summary } }],
    });
    s.outcome = 'settled';
    return 'closing';
  }
  const back = s.phaseBeforeMediation ?? 'admissibility';
  s.phaseBeforeMediation = null;
  if (terms.get('defence')?.status === 'running' && terms.get('defence')!.suspensions.some((x) => x.until === undefined)) terms.resume('defence');
  const reply = terms.get('reply');
  if (back === 'reply' && reply?.status === 'running' && reply.suspensions.some((x) => x.until === undefined)) terms.resume('reply');
  const status: CaseStatus = back === 'admissibility' ? 'admissibility' : back === 'reply' ? 'reply-round' : 'defence';
  if (back === 'admissibility') terms.start('admissibility', 'einde van de bemiddeling');
  await c.step({ step: c.nextKey('mediation-ended'), status, events: [{ type: 'mediation.ended', data: { settled: false, expired: outcome === 'expired', summary: result?.summary ?? null } }] });
  return back;
}
