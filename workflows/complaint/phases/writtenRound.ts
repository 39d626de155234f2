/**
 * The written round (process.md steps 6–7, hoor en wederhoor): the defence with its reminder, the
 * decision on a reply round, the reply and the rejoinder, each forwarded with what was handed in.
 */
import { patched } from '@temporalio/workflow';
import type { TermState } from '../../../domain/termLedger';
import { letterTerm } from '../../shared/letterTerm';
import type { ComplaintContext } from '../context';
import { respondentStatementReceived } from '../handlers/respondentStatement';
import type { Phase } from '../state';
import { startMediation } from './mediation';

export async function defence(c: ComplaintContext): Promise<Phase> {
  const { s, terms, inbox, withdrawn } = c;
  if (!terms.get('defence')) {
    const term = terms.start('defence', 'kennisgeving van de klacht');
    await c.step({
      step: 'defence-requested',
      status: 'defence',
      events: [{ type: 'defence.requested', data: { due: term.due } }],
      letters: [{ kind: 'kennisgeving-klacht', to: 'school-side', term: letterTerm(term), details: {} }],
    });
  }
  const remind = async (term: TermState) => {
    await c.step({ step: c.nextKey('defence-reminder'), events: [{ type: 'defence.reminder', data: { due: term.due } }], letters: [{ kind: 'herinnering-verweer', to: 'school-board', term: letterTerm(term), details: {} }] });
  };
  const outcome = await terms.wait('defence', () => s.defenceReceived || inbox.mediation !== undefined || withdrawn(), remind);
  if (withdrawn()) return 'closing';
  if (inbox.mediation && !s.defenceReceived) return startMediation(c, 'defence');
  if (s.defenceReceived && patched('turns-reply-round')) {
    // The defence goes to the complainant once, with the reply round it opens (replyRound()).
    terms.close('defence', 'met');
    s.forwardWithReply = true;
    return 'reply';
  }
  if (s.defenceReceived) {
    terms.close('defence', 'met');
    await c.step({ step: 'defence-forwarded', events: [{ type: 'defence.forwarded', data: {} }], letters: [{ kind: 'toezending-verweer', to: 'complainant-side', details: { replyRound: false } }] });
  } else if (outcome === 'expired') {
    // At expiry the procedure continues without a defence (process.md step 6), on the record.
    terms.close('defence', 'expired');
    await c.step({ step: 'defence-expired', events: [{ type: 'defence.not-received', data: { due: terms.get('defence')?.due } }] });
    // A respondent's statement is forwarded as the defence would have been (handlers/respondentStatement.ts).
    if (respondentStatementReceived(c.s)) {
      c.s.forwardWithReply = true;
      return 'reply';
    }
    // Nothing to forward and nothing to reply to: the hearing comes next.
    if (patched('turns-reply-round')) return 'hearing';
  }
  return 'reply-decision';
}

export async function replyDecision(c: ComplaintContext): Promise<Phase> {
  const { inbox, withdrawn } = c;
  await c.untilOr(() => inbox.replyRound !== undefined || inbox.mediation !== undefined);
  if (withdrawn()) return 'closing';
  if (inbox.mediation) return startMediation(c, 'reply-decision');
  const hold = inbox.replyRound!;
  inbox.replyRound = undefined;
  await c.step({ step: 'reply-round-decided', events: [{ type: 'reply-round.decided', data: { hold } }] });
  return hold ? 'reply' : 'hearing';
}

export async function replyRound(c: ComplaintContext, kind: 'reply' | 'rejoinder'): Promise<Phase> {
  const { s, terms, inbox, withdrawn } = c;
  if (s.forwardWithReply) return replyRoundForwarding(c, kind);
  const term = terms.start(kind, kind === 'reply' ? 'toezending van het verweer' : 'toezending van de repliek');
  await c.step({
    step: `${kind}-requested`,
    status: 'reply-round',
    events: [{ type: `${kind}.requested`, data: { due: term.due } }],
    letters: kind === 'reply' ? [{ kind: 'toezending-verweer', to: 'complainant-side', term: letterTerm(term), details: { replyRound: true } }] : [],
  });
  const received = () => (kind === 'reply' ? inbox.replyReceived === true : inbox.rejoinderReceived === true) || withdrawn();
  const outcome = await terms.wait(kind, received);
  if (withdrawn()) return 'closing';
  terms.close(kind, outcome === 'expired' ? 'expired' : 'met');
  if (outcome === 'expired') await c.step({ step: `${kind}-expired`, events: [{ type: `${kind}.not-received`, data: {} }] });
  return kind === 'reply' ? 'rejoinder' : 'hearing';
}

/**
 * The reply round as process.md's letters table has it (turns-reply-round): the defence is
 * forwarded once, with the reply term, and released to the complainant and the panel in that same
 * step; a reply goes to the school with its rejoinder term; without a reply no rejoinder is asked.
 * The secretary can end the round early (decideReplyRound, hold: false).
 */
async function replyRoundForwarding(c: ComplaintContext, kind: 'reply' | 'rejoinder'): Promise<Phase> {
  const { terms, inbox, withdrawn } = c;
  if (!terms.get(kind)) {
    const term = terms.start(kind, kind === 'reply' ? 'toezending van het verweer' : 'toezending van de repliek');
    await c.step({
      step: `${kind}-requested`,
      status: 'reply-round',
      events: kind === 'reply' ? [{ type: 'defence.forwarded', data: {} }, { type: 'reply.requested', data: { due: term.due } }] : [{ type: 'rejoinder.requested', data: { due: term.due } }],
      letters:
        kind === 'reply'
          ? [{ kind: 'toezending-verweer', to: 'complainant-side', term: letterTerm(term), details: { replyRound: true } }]
          : [{ kind: 'toezending-reactie', to: 'school-board', term: letterTerm(term), details: {} }],
      release: kind === 'reply' ? c.releaseOf('defence', ['complainant', 'panel']) : c.releaseOf('reply', ['school', 'panel']),
    });
  }
  const ended = () => inbox.replyRound === false;
  const mediating = () => kind === 'reply' && inbox.mediation !== undefined;
  const received = () => (kind === 'reply' ? inbox.replyReceived === true : inbox.rejoinderReceived === true) || ended() || mediating() || withdrawn();
  await terms.wait(kind, received);
  if (withdrawn()) return 'closing';
  const gotIt = kind === 'reply' ? inbox.replyReceived === true : inbox.rejoinderReceived === true;
  if (mediating() && !gotIt) {
    // The reply term does not run during mediation; a failed mediation comes back here.
    terms.suspend('reply', 'mediation');
    return startMediation(c, 'reply');
  }
  if (ended() && !gotIt) {
    inbox.replyRound = undefined;
    terms.close(kind, 'cancelled');
    await c.step({ step: `${kind}-round-ended`, events: [{ type: 'reply-round.decided', data: { hold: false } }] });
    return 'hearing';
  }
  inbox.replyRound = undefined;
  terms.close(kind, gotIt ? 'met' : 'expired');
  if (!gotIt) {
    // No reply: nothing for the school to answer, so no rejoinder is asked for.
    await c.step({ step: `${kind}-expired`, events: [{ type: `${kind}.not-received`, data: {} }] });
    return 'hearing';
  }
  if (kind === 'rejoinder') {
    // The rejoinder closes the round: the complainant and the panel can read it.
    await c.step({ step: 'rejoinder-forwarded', events: [{ type: 'rejoinder.forwarded', data: {} }], release: c.releaseOf('rejoinder', ['complainant', 'panel']) });
    return 'hearing';
  }
  return 'rejoinder';
}
