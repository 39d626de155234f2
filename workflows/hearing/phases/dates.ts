/**
 * From availability to the day itself: the answers are collected until all are in or the term
 * ends; a set date waits out the postponement window, the reminder two days before and the day.
 */
import { condition } from '@temporalio/workflow';
import { addDays, startOfAmsterdamDay } from '../../../domain/clock';
import type { HearingContext } from '../context';

/** The hearing reminder goes out this many days before the hearing (an event; no letter kind exists). */
const REMINDER_DAYS_BEFORE = 2;

export async function collectAvailability(c: HearingContext): Promise<void> {
  const { s, terms } = c;
  const allAnswered = () => c.respondents().every((r) => s.availability[r] !== undefined);
  const left = () => c.cancelling() || s.status !== 'collecting-availability';
  const outcome = await terms.wait('availability', () => allAnswered() || left());
  if (left()) return;
  const term = terms.get('availability');
  s.status = 'awaiting-date';
  if (allAnswered()) {
    terms.close('availability', 'met');
    await c.step('availability-complete', { events: [{ type: 'hearing.availability-complete', data: { proposedDates: c.proposed() } }] });
  } else {
    // At expiry the secretary picks a date anyway (process.md step 8): a reminder on the record.
    if (outcome === 'expired') terms.close('availability', 'expired');
    const missing = c.respondents().filter((r) => s.availability[r] === undefined);
    await c.step('availability-reminder', {
      events: [{ type: 'hearing.availability-reminder', data: { due: term?.due ?? null, missing, proposedDates: c.proposed(), to: ['secretary'] } }],
    });
  }
  await c.save();
}

/** Waits until `at` (epoch ms) or until `stop()` holds; answers whether it stopped early. */
async function sleepUntil(at: number, stop: () => boolean): Promise<boolean> {
  const ms = at - Date.now();
  if (ms > 0) await condition(stop, ms);
  return stop();
}

export async function scheduled(c: HearingContext): Promise<void> {
  const { s, terms } = c;
  const occasion = s.scheduleCount;
  const changed = () => c.cancelling() || s.status !== 'scheduled' || s.scheduleCount !== occasion;
  if (c.runningTerm('postponementRequest')) {
    const outcome = await terms.wait('postponementRequest', changed);
    if (changed()) return;
    // The window for a postponement has closed; the term simply ends.
    if (outcome === 'expired') terms.close('postponementRequest', 'expired');
  }
  if (s.remindedFor !== occasion && s.schedule) {
    const schedule = s.schedule;
    if (await sleepUntil(startOfAmsterdamDay(addDays(schedule.date, -REMINDER_DAYS_BEFORE)), changed)) return;
    s.remindedFor = occasion;
    await c.step('reminder', {
      events: [{ type: 'hearing.reminder', data: { hearingDate: schedule.date, startTime: schedule.startTime, location: schedule.location, to: ['all-parties', 'panel'] } }],
    });
  }
  // Wake on the day itself, so that the state (recordHearing now allowed) reads right from then on.
  if (s.schedule && (await sleepUntil(startOfAmsterdamDay(s.schedule.date), changed))) return;
  await condition(changed);
}
