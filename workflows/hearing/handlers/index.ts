/**
 * Every query, update and signal of the hearing workflow, registered before the main loop starts,
 * in the order they were registered since 0.1.0; a new group goes at the end.
 */
import { setHandler } from '@temporalio/workflow';
import { hearingStateQuery } from '../../../contracts/messages';
import { handleCalendarReleases } from '../../calendarRelease';
import { handleCancelChild } from '../../shared/parent';
import type { HearingContext } from '../context';
import { registerChangeHandlers } from './changes';
import { registerSchedulingHandlers } from './scheduling';

export function registerHandlers(c: HearingContext): void {
  setHandler(hearingStateQuery, c.view);
  handleCalendarReleases(c.terms, {
    isOpen: () => !c.finished() && !c.cancelling(),
    onApplied: async ({ from, to, changes, by }) => {
      await c.step('calendar-release-applied', { actor: by.userId, events: [{ type: 'calendar.release-applied', data: { workflow: 'hearing', from, to, changes } }], termsMoved: changes });
    },
  });
  handleCancelChild((reason) => {
    if (!c.finished() && !c.cancelling()) c.s.cancelRequested = { reason };
  });
  registerSchedulingHandlers(c);
  registerChangeHandlers(c);
}
