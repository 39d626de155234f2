/**
 * Updates of the written round (hoor en wederhoor): the defence, the secretary's decision on a
 * reply round, the reply and the rejoinder. Each submission is written at once (its statement on
 * file) and released later by the step that forwards it.
 */
import { condition, setHandler } from '@temporalio/workflow';
import { decideReplyRoundUpdate, submitDefenceUpdate, submitRejoinderUpdate, submitReplyUpdate } from '../../../contracts/messages';
import { validateAction } from '../../validation';
import type { ComplaintContext } from '../context';

export function registerWrittenRoundHandlers(c: ComplaintContext): void {
  const { s, inbox } = c;

  setHandler(
    submitDefenceUpdate,
    async (req) => {
      await c.step({
        step: 'defence-received',
        actor: req.by.userId,
        events: [{ type: 'defence.received', data: { documentIds: req.documentIds ?? [], length: req.text.length } }],
        statement: req.describesFiles ? undefined : { party: 'school', kind: 'defence', text: req.text, name: 'Toelichting bij het verweer (school).txt' },
      });
      c.remember('defence', req.documentIds);
      s.defenceReceived = true;
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('defence');
        validateAction('submitDefence', req);
      },
    },
  );

  setHandler(
    decideReplyRoundUpdate,
    async (req) => {
      inbox.replyRound = req.hold;
      // Ending a running round answers once the hearing stage has begun, not while the round still shows.
      await condition(() => (req.hold && s.status === 'reply-round') || s.status === 'hearing-scheduling' || s.status === 'hearing-scheduled' || c.closed());
      return c.view();
    },
    {
      validator: (req) => {
        // Since the defence opens the reply round itself, the secretary's decision can still end it early.
        c.requirePhase('reply-decision', 'reply');
        validateAction('decideReplyRound', req);
      },
    },
  );

  setHandler(
    submitReplyUpdate,
    async (req) => {
      await c.step({
        step: 'reply-received',
        actor: req.by.userId,
        events: [{ type: 'reply.received', data: { documentIds: req.documentIds ?? [] } }],
        statement: req.describesFiles ? undefined : { party: 'complainant', kind: 'reply', text: req.text, name: 'Reactie op het verweer (repliek).txt' },
      });
      c.remember('reply', req.documentIds);
      inbox.replyReceived = true;
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('reply');
        validateAction('submitReply', req);
      },
    },
  );

  setHandler(
    submitRejoinderUpdate,
    async (req) => {
      await c.step({
        step: 'rejoinder-received',
        actor: req.by.userId,
        events: [{ type: 'rejoinder.received', data: { documentIds: req.documentIds ?? [] } }],
        statement: req.describesFiles ? undefined : { party: 'school', kind: 'rejoinder', text: req.text, name: 'Reactie op de repliek (dupliek, school).txt' },
      });
      c.remember('rejoinder', req.documentIds);
      inbox.rejoinderReceived = true;
      return c.view();
    },
    {
      validator: (req) => {
        c.requirePhase('rejoinder');
        validateAction('submitRejoinder', req);
      },
    },
  );
}
