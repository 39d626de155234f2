/** The hearing (process.md steps 8–11) runs as a child workflow; the case waits for its result. */
import { hearingWorkflowId } from '../../../domain/caseNumber';
import type { HearingResult } from '../../../contracts/messages';
import { today } from '../../caseTerms';
import type { HearingInput } from '../../hearing/state';
import { runChild } from '../../shared/children';
import type { ComplaintContext } from '../context';
import type { Phase } from '../state';

export async function hearing(c: ComplaintContext): Promise<Phase> {
  const { s, input, caseNumber, withdrawn } = c;
  await c.step({ step: 'hearing-scheduling', status: 'hearing-scheduling' });
  const childInput: HearingInput = {
    caseNumber,
    policyVersion: input.policyVersion,
    ...(input.policy ? { policy: input.policy } : {}),
    calendarVersion: c.terms.pinnedCalendarVersion,
    schoolBrin: input.schoolBrin ?? '',
    schoolName: input.schoolName ?? '',
    defenceRoundClosedOn: today(),
  };
  // Only when there are any: the child's input of older cases stays as it was (replay).
  const respondents = (input.respondents ?? 0) + (s.respondentsAdded ?? 0);
  if (respondents > 0) childInput.respondents = respondents;
  const { result, cancelled } = await runChild<HearingResult>('hearingWorkflow', hearingWorkflowId(caseNumber), childInput, withdrawn);
  if (cancelled) return 'closing';
  s.hearing = result ?? null;
  return withdrawn() ? 'closing' : 'deliberation';
}
