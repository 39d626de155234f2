/**
 * The written statement of a person complained about (process.md step 6: the notice of the complaint
 * goes to the school board and the respondent, each asked for a written answer). A respondent may
 * answer once while the defence term runs; the statement is kept in their own file and released
 * with the defence — to the complainant and the hearing file (the panel) — in the step that
 * forwards the defence. When the school sends no defence, the statement is still forwarded, as the
 * defence would have been.
 *
 * The update is new and reachable only through itself: existing histories never meet it, so it
 * needs no patch.
 */
import { setHandler } from '@temporalio/workflow';
import type { ReleaseSpec } from '../../../activities/caseSteps';
import { submitRespondentStatementUpdate } from '../../../contracts/messages';
import { refuse } from '../../../contracts/refusals';
import { validateAction } from '../../validation';
import type { ComplaintContext } from '../context';

export interface RespondentStatement {
  /** The respondent's number in the case's respondents list (1-based). */
  respondent: number;
  /** The step that stored it: its typed text is found by this step. */
  step: string;
  documentIds: string[];
}

/** The part of the complaint workflow's state this module keeps (absent in older snapshots). */
export interface RespondentStatementState {
  respondentStatements?: RespondentStatement[];
}

const received = (state: RespondentStatementState, respondent: number) => (state.respondentStatements ?? []).some((x) => x.respondent === respondent);

/** Whether the defence term runs now: the only time a statement is taken. */
const defenceRunning = (c: ComplaintContext) => c.s.phase === 'defence' && c.terms.get('defence')?.status === 'running';

export function registerRespondentStatementHandlers(c: ComplaintContext): void {
  setHandler(
    submitRespondentStatementUpdate,
    async (req) => {
      // Two requests at once both pass the validator: the second finds the first and writes nothing.
      if (received(c.s, req.respondent)) return c.view();
      const step = `respondent-statement-received-${req.respondent}`;
      c.s.respondentStatements = [...(c.s.respondentStatements ?? []), { respondent: req.respondent, step, documentIds: req.documentIds ?? [] }];
      await c.step({
        step,
        actor: req.by.userId,
        events: [{ type: 'respondent.statement-received', data: { respondent: req.respondent, documentIds: req.documentIds ?? [], length: req.text.length } }],
        statement: req.describesFiles
          ? undefined
          : { party: 'respondent', audience: `respondent:${req.respondent}`, kind: 'defence', text: req.text, name: `Schriftelijke reactie van de persoon over wie geklaagd is (${req.respondent}).txt` },
      });
      return c.view();
    },
    {
      validator: (req) => {
        c.requireOpen();
        validateAction('submitRespondentStatement', req);
        if (!defenceRunning(c)) refuse('respondent-statement-term-over', 'action', { phase: c.s.phase });
        if (received(c.s, req.respondent)) refuse('respondent-statement-received', 'action', { respondent: req.respondent });
      },
    },
  );
}

/** Whether any person complained about answered in writing. */
export function respondentStatementReceived(state: RespondentStatementState): boolean {
  return (state.respondentStatements?.length ?? 0) > 0;
}

/** The defence's release, with the respondents' statements joined to it (the other kinds unchanged). */
export function withRespondentStatements(state: RespondentStatementState, kind: string, release: ReleaseSpec): ReleaseSpec {
  const statements = state.respondentStatements ?? [];
  if (kind !== 'defence' || statements.length === 0) return release;
  return {
    documentIds: [...release.documentIds, ...statements.flatMap((x) => x.documentIds)],
    statementSteps: [...release.statementSteps, ...statements.map((x) => x.step)],
    to: release.to,
  };
}
