/**
 * The hearing child workflow on the real time-skipping test server and real PostgreSQL, started
 * directly (no parent): panel, availability, scheduling with the notice period, postponement,
 * reminders, recording the hearing and cancellation. Terms of weeks pass with `env.sleep`.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveHearing, selectPanel } from '../../activities/hearings';
import { runCaseAction } from '../../api/services/caseActions';
import { refusalsOf, type Refusal } from '../../contracts/refusals';
import { fileComplaint } from '../../api/services/intake';
import { computeDeadline, defaultLegalCalendar, isWorkingDay } from '../../domain/calendar';
import { complaintWorkflowId, hearingWorkflowId } from '../../domain/caseNumber';
import { addDays, amsterdamDate, endOfAmsterdamDay, startOfAmsterdamDay } from '../../domain/clock';
import { earliestHearingDate, firstWorkingDayFrom, postponementDeadline } from '../../domain/hearing';
import { CURRENT_POLICY_VERSION, policyVersion, termSpecOf } from '../../domain/policy';
import type { hearingWorkflow, HearingInput } from '../../workflows/hearing';
import {
  cancelChildSignal,
  hearingStateQuery,
  recordHearingUpdate,
  requestPostponementUpdate,
  retryPanelUpdate,
  scheduleHearingUpdate,
  submitAvailabilityUpdate,
  type Actor,
  type HearingView,
} from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { writeHistory } from '../helpers/histories';
import { eventually } from '../helpers/http';
import { createTestWorker, type TestWorker, devServerEnvironment, timeSkippingEnvironment, uniqueTaskQueue } from '../helpers/temporal';

const calendar = defaultLegalCalendar();
const policy = policyVersion(CURRENT_POLICY_VERSION);

const secretary: Actor = { userId: 'sec-1', role: 'secretary' };
const complainant: Actor = { userId: 'anna', role: 'complainant' };
const school: Actor = { userId: 'school-12ab', role: 'school' };
const chairActor: Actor = { userId: 'chair-1', role: 'chair' };

describe('hearing workflow on the time-skipping test server', () => {
  let database: TestDatabase;
  let env: TestWorkflowEnvironment;
  let intakeEnv: TestWorkflowEnvironment;
  let worker: TestWorker;
  let running: Promise<void>;
  let taskQueue: string;
  const memberIds: Record<string, string> = {};

  // A time-skipping server of its own for every test: skipping time for one hearing then fires no
  // timers of the hearings other tests left open.
  beforeEach(async () => {
    env = await timeSkippingEnvironment();
    taskQueue = uniqueTaskQueue('hearing');
    worker = await createTestWorker(env, database.db, taskQueue);
    running = worker.run();
  });

  afterEach(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    intakeEnv = await devServerEnvironment();

    // The school's board, as the school register knows it: a member tied to the board is excluded too.
    await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', board_name: 'Stichting Lindeborg', board_email: 'bestuur@lindeborg.example.nl' });
    const members = [
      { name: 'mr. C. Conflict', email: 'conflict@lko.example.nl', role: 'chair', conflicts: ['12ab'] },
      { name: 'mr. D. de Voorzitter', email: 'voorzitter@lko.example.nl', role: 'chair', conflicts: ['77XY'] },
      { name: 'Bestuurslid Bram', email: 'bram@lko.example.nl', role: 'member', conflicts: ['Stichting  Lindeborg'] },
      { name: 'Lid Els', email: 'els@lko.example.nl', role: 'member', conflicts: [] },
      { name: 'Lid Fatima', email: 'fatima@lko.example.nl', role: 'member', conflicts: [] },
      { name: 'Lid Gert', email: 'gert@lko.example.nl', role: 'member', conflicts: [] },
      { name: 'Oud-lid Hans', email: 'hans@lko.example.nl', role: 'chair', conflicts: [], active: false },
    ];
    for (const m of members) {
      const [row] = await database.db('committee_members').insert({ ...m, conflicts: JSON.stringify(m.conflicts) }).returning('id');
      memberIds[m.name] = String(row.id);
    }
  });

  afterAll(async () => {
    await intakeEnv?.teardown();
    await database?.drop();
  });

  // ------------------------------------------------------------------ helpers

  async function envToday(): Promise<string> {
    return amsterdamDate(new Date(await env.currentTimeMs()));
  }

  /** Moves the test server's clock to `at` (epoch ms), if that is ahead. */
  async function skipTo(at: number): Promise<void> {
    const ms = at - (await env.currentTimeMs());
    if (ms > 0) await env.sleep(ms);
  }

  /**
   * A case as intake stores it. Its complaint workflow goes to the shared dev server on a queue no
   * worker polls, and is ended there: these tests drive the hearing alone, and with such a parked
   * workflow on the time-skipping server (even terminated) `env.sleep` never returned in our runs.
   */
  async function newCase(brin = '12AB', schoolName = 'OBS De Linde'): Promise<string> {
    const filed = await fileComplaint(
      { db: database.db, temporal: intakeEnv.client, taskQueue: uniqueTaskQueue('parked'), secret: TEST_SECRET },
      sampleComplaint({ school: { brin, name: schoolName, sector: 'primary' } }),
    );
    await intakeEnv.client.workflow.getHandle(complaintWorkflowId(filed.caseNumber)).terminate('the hearing tests start the hearing workflow directly');
    return filed.caseNumber;
  }

  async function startHearing(caseNumber: string, overrides: Partial<HearingInput> = {}): Promise<WorkflowHandleWithFirstExecutionRunId<typeof hearingWorkflow>> {
    const input: HearingInput = { caseNumber, policyVersion: CURRENT_POLICY_VERSION, schoolBrin: '12AB', schoolName: 'OBS De Linde', defenceRoundClosedOn: await envToday(), ...overrides };
    return env.client.workflow.start<typeof hearingWorkflow>('hearingWorkflow', { workflowId: hearingWorkflowId(caseNumber), taskQueue, args: [input] });
  }

  async function untilStatus(handle: WorkflowHandle, status: HearingView['status']): Promise<HearingView> {
    return eventually(async () => {
      const view = await handle.query(hearingStateQuery);
      return view.status === status ? view : undefined;
    });
  }

  async function caseId(caseNumber: string): Promise<string> {
    return String((await database.db('cases').where({ case_number: caseNumber }).first('id')).id);
  }

  async function letters(caseNumber: string, kind?: string) {
    const rows = await database
      .db('letters')
      .where({ case_id: await caseId(caseNumber), ...(kind ? { kind } : {}) })
      .orderBy('id')
      .select('kind', 'addressee_role', 'addressee', 'data_snapshot');
    return rows as Array<{ kind: string; addressee_role: string; addressee: { name: string; email: string | null }; data_snapshot: { details: Record<string, any>; term: { due: string } | null } }>;
  }

  async function events(caseNumber: string) {
    return (await database.db('case_events').where({ case_id: await caseId(caseNumber) }).orderBy('id').select('type', 'data', 'actor')) as Array<{ type: string; data: Record<string, any>; actor: string }>;
  }

  async function counts(caseNumber: string) {
    const id = await caseId(caseNumber);
    const [e] = await database.db('case_events').where({ case_id: id }).count<{ count: string }[]>('* as count');
    const [l] = await database.db('letters').where({ case_id: id }).count<{ count: string }[]>('* as count');
    return { events: Number(e.count), letters: Number(l.count) };
  }

  /** The update is refused by its validator with exactly this refusal, and nothing is written (database or history). */
  async function expectRefused(caseNumber: string, handle: WorkflowHandle, attempt: () => Promise<unknown>, expected: Refusal): Promise<void> {
    const before = await counts(caseNumber);
    const acceptedBefore = ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    const refused = await attempt().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refusalsOf((refused as WorkflowUpdateFailedError).cause)).toEqual([expected]);
    expect(await counts(caseNumber)).toEqual(before);
    const acceptedAfter = ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    expect(acceptedAfter).toBe(acceptedBefore);
  }

  /** The first `n` working days from the earliest hearing date the notice period allows today. */
  async function hearingDays(n: number): Promise<string[]> {
    const days: string[] = [];
    for (let d = firstWorkingDayFrom(earliestHearingDate(await envToday(), policy, calendar), calendar); days.length < n; d = addDays(d, 1)) {
      if (isWorkingDay(d, calendar)) days.push(d);
    }
    return days;
  }

  const forwardDue = (key: 'availability' | 'hearingWithin', trigger: string) => computeDeadline({ trigger, term: termSpecOf(policy.terms[key]) }, calendar).due;

  async function hearingRow(caseNumber: string) {
    return database.db('hearings').where({ case_id: await caseId(caseNumber) }).first();
  }

  async function saveHistory(name: string, handle: WorkflowHandle): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    writeHistory(name, historyToJSON(await handle.fetchHistory()));
  }

  // ------------------------------------------------------------------ scenarios

  it('forms a panel without conflicted members, asks everyone for availability and proposes the common dates', async () => {
    const caseNumber = await newCase();
    const handle = await startHearing(caseNumber);
    const today = await envToday();
    const view = await untilStatus(handle, 'collecting-availability');

    // A chair and two members; not the chair tied to the BRIN, not the member tied to the board, not the inactive one.
    expect(view.panel.map((m) => m.role)).toEqual(['chair', 'member', 'member']);
    const names = view.panel.map((m) => m.name);
    expect(names[0]).toBe('mr. D. de Voorzitter');
    expect(names).not.toContain('mr. C. Conflict');
    expect(names).not.toContain('Bestuurslid Bram');
    expect(names).not.toContain('Oud-lid Hans');
    const assigned = await database.db('hearing_panel_assignments').where({ case_id: await caseId(caseNumber) }).orderBy('id').select('member_id', 'role');
    expect(assigned.map((a) => String(a.member_id)).sort()).toEqual(view.panel.map((m) => m.memberId).sort());

    // Terms: availability (1 week) and the term for the hearing (6 weeks after the written round).
    const byId = Object.fromEntries(view.terms.map((t) => [t.id, t]));
    expect(byId.availability.due).toBe(forwardDue('availability', today));
    expect(byId.hearingWithin.due).toBe(forwardDue('hearingWithin', today));
    expect(byId.hearingWithin.explanation.nl).toMatch(/zes weken/);
    expect(view.allowedActions).toEqual(['submitAvailability', 'scheduleHearing', 'extendHearingTerm']);

    // The availability request: to the complainant, the school board and each panel member, with the term.
    const requests = await letters(caseNumber, 'verzoek-beschikbaarheid');
    expect(requests.map((l) => l.addressee_role).sort()).toEqual(['complainant', 'panel-member', 'panel-member', 'panel-member', 'school-board']);
    const earliest = firstWorkingDayFrom(earliestHearingDate(today, policy, calendar), calendar);
    for (const letter of requests) {
      expect(letter.data_snapshot.term?.due).toBe(byId.availability.due);
      const candidates: string[] = letter.data_snapshot.details.candidateDates;
      expect(candidates[0]).toBe(earliest);
      expect(candidates.every((d) => isWorkingDay(d, calendar) && d >= earliest && d <= byId.hearingWithin.due!)).toBe(true);
    }
    expect(requests.filter((l) => l.addressee_role === 'panel-member').map((l) => l.addressee.email).sort()).toEqual(view.panel.map((m) => m.email).sort());

    // Refused answers: unknown respondent, a date in the past, a date inside the notice period.
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'inspectie', dates: [earliest], by: secretary }] }), { code: 'unknown-respondent', field: 'respondent', params: { respondent: 'inspectie', members: view.panel.map((m) => m.memberId).join(', ') } });
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'complainant', dates: [addDays(today, -1)], by: complainant }] }), { code: 'date-in-past', field: 'dates[0]', params: { date: addDays(today, -1) } });
    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'school', dates: [addDays(today, 3)], by: school }] }),
      { code: 'within-notice', field: 'dates[0]', params: { date: addDays(today, 3), earliest: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } } as Refusal,
    );
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'school', dates: ['2026-02-30'], by: school }] }), { code: 'not-date', field: 'dates[0]', params: {} });

    const [d1, d2, d3, d4] = await hearingDays(4);
    let after = await handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'complainant', dates: [d1, d2, d3], by: complainant }] });
    expect(after.proposedDates).toEqual([d1, d2, d3]);
    after = await handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'school', dates: [d4, d3, d2], by: school }] });
    expect(after.proposedDates).toEqual([d2, d3]);
    for (const m of view.panel) {
      after = await handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: m.memberId, dates: [d1, d2, d3, d4], by: { userId: m.memberId, role: m.role } }] });
    }
    // Everyone answered: the availability term is met and the secretary picks from the proposal.
    const answered = await untilStatus(handle, 'awaiting-date');
    expect(answered.proposedDates).toEqual([d2, d3]);
    expect(answered.terms.map((t) => t.id)).toEqual(['hearingWithin']);
    const types = (await events(caseNumber)).map((e) => e.type);
    expect(types.filter((t) => t === 'hearing.availability-submitted')).toHaveLength(5);
    expect(types).toContain('hearing.panel-formed');
    expect(types).toContain('hearing.availability-complete');
    const row = await eventually(async () => {
      const r = await hearingRow(caseNumber);
      return r?.status === 'awaiting-date' ? r : undefined;
    });
    expect(row.panel).toHaveLength(3);
    expect(row.availability.school).toEqual([d2, d3, d4]);
    expect((await database.db('cases').where({ case_number: caseNumber }).first()).status).toBe('hearing-scheduling');

    await handle.signal(cancelChildSignal, { reason: 'test done' });
    expect((await handle.result()).outcome).toBe('cancelled');
  });

  it('moves to awaiting-date when the availability term expires, with a reminder on the record', async () => {
    const caseNumber = await newCase();
    const handle = await startHearing(caseNumber);
    const view = await untilStatus(handle, 'collecting-availability');
    const [d1, d2] = await hearingDays(2);
    await handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'complainant', dates: [d1, d2], by: complainant }] });
    const due = view.terms.find((t) => t.id === 'availability')!.due!;

    await skipTo(endOfAmsterdamDay(due) - 3_600_000);
    expect((await handle.query(hearingStateQuery)).status).toBe('collecting-availability');
    await skipTo(endOfAmsterdamDay(due) + 60_000);
    const expired = await untilStatus(handle, 'awaiting-date');
    expect(expired.terms.map((t) => t.id)).toEqual(['hearingWithin']);
    // Only the complainant answered: the proposal is the complainant's days still far enough ahead.
    const earliest = firstWorkingDayFrom(earliestHearingDate(await envToday(), policy, calendar), calendar);
    expect(expired.proposedDates).toEqual([d1, d2].filter((d) => d >= earliest));
    const reminder = (await events(caseNumber)).find((e) => e.type === 'hearing.availability-reminder');
    expect(reminder?.data).toMatchObject({ due, missing: ['school', ...view.panel.map((m) => m.memberId)], to: ['secretary'] });
    // The secretary can still pick a date; answers are still welcome.
    expect(expired.allowedActions).toEqual(['submitAvailability', 'scheduleHearing', 'extendHearingTerm']);
    expect(await letters(caseNumber, 'verzoek-beschikbaarheid')).toHaveLength(5);

    await handle.signal(cancelChildSignal, { reason: 'test done' });
    await handle.result();
  });

  it('refuses a date inside the notice period, schedules a valid one with invitations, and records the hearing as held', async () => {
    const caseNumber = await newCase();
    const handle = await startHearing(caseNumber);
    await untilStatus(handle, 'collecting-availability');
    const today = await envToday();
    const [date] = await hearingDays(1);
    let tooSoon = addDays(date, -1);
    while (!isWorkingDay(tooSoon, calendar)) tooSoon = addDays(tooSoon, -1);
    let weekend = date;
    while (isWorkingDay(weekend, calendar)) weekend = addDays(weekend, 1);
    const schedule = { date, startTime: '10:00', location: 'Gebouw De Inktpot, Utrecht', videoLink: 'https://video.example.nl/zitting-1' };

    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(scheduleHearingUpdate, { args: [{ ...schedule, date: tooSoon, by: secretary }] }),
      { code: 'too-soon', field: 'date', params: { date: tooSoon, due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), today, earliest: date } } as Refusal,
    );
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(scheduleHearingUpdate, { args: [{ ...schedule, date: weekend, by: secretary }] }), { code: 'not-working-day', field: 'date', params: { date: weekend } });
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(scheduleHearingUpdate, { args: [{ ...schedule, startTime: '9:00', by: secretary }] }), { code: 'not-time', field: 'startTime', params: {} });
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(scheduleHearingUpdate, { args: [{ ...schedule, location: '  ', by: secretary }] }), { code: 'required', field: 'location', params: {} });
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(scheduleHearingUpdate, { args: [{ ...schedule, by: complainant }] }), { code: 'role-not-allowed', field: 'by.role', params: { roles: 'secretary or chair' } });
    expect(await letters(caseNumber, 'uitnodiging-hoorzitting')).toEqual([]);

    const scheduled = await handle.executeUpdate(scheduleHearingUpdate, { args: [{ ...schedule, by: chairActor }] });
    expect(scheduled).toMatchObject({ status: 'scheduled', schedule, allowedActions: ['requestPostponement', 'extendHearingTerm'] });
    const window = scheduled.terms.find((t) => t.id === 'postponementRequest');
    expect(window?.due).toBe(postponementDeadline(date, policy, calendar).due);
    expect(window?.explanation.nl).toMatch(/drie werkdagen/);
    expect(scheduled.terms.find((t) => t.id === 'availability')).toBeUndefined();

    const invitations = await letters(caseNumber, 'uitnodiging-hoorzitting');
    expect(invitations.map((l) => l.addressee_role).sort()).toEqual(['complainant', 'panel-member', 'panel-member', 'panel-member', 'school-board']);
    for (const letter of invitations) {
      expect(letter.data_snapshot.details).toMatchObject({ hearingDate: date, startTime: '10:00', location: schedule.location, videoLink: schedule.videoLink });
      expect(letter.data_snapshot.details.panel.map((m: { name: string }) => m.name)).toEqual(scheduled.panel.map((m) => m.name));
      expect(letter.data_snapshot.term?.due).toBe(window?.due);
    }
    // Parties see who sits on the panel, not the members' e-mail addresses.
    expect(invitations.find((l) => l.addressee_role === 'complainant')!.data_snapshot.details.panel[0].email).toBeUndefined();
    const caseRow = await database.db('cases').where({ case_number: caseNumber }).first();
    expect(caseRow).toMatchObject({ status: 'hearing-scheduled', next_deadline: date });
    expect((await events(caseNumber)).find((e) => e.type === 'hearing.scheduled')?.data).toMatchObject({ date, withinTerm: true, postponementRequestDue: window?.due });

    // Not before the day itself.
    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(recordHearingUpdate, { args: [{ held: true, absentParties: [], minutes: 'Verslag', by: secretary }] }),
      { code: 'hearing-not-yet', field: 'action', params: { date, today } },
    );

    // Two days before, a reminder; on the day the hearing can be recorded.
    await skipTo(startOfAmsterdamDay(date) + 9 * 3_600_000);
    const onTheDay = await eventually(async () => {
      const v = await handle.query(hearingStateQuery);
      return v.allowedActions.includes('recordHearing') ? v : undefined;
    });
    expect(onTheDay.terms.map((t) => t.id)).toEqual(['hearingWithin']);
    const reminder = await eventually(async () => (await events(caseNumber)).find((e) => e.type === 'hearing.reminder'));
    expect(reminder.data).toMatchObject({ hearingDate: date, startTime: '10:00' });

    const recorded = await handle.executeUpdate(recordHearingUpdate, { args: [{ held: true, absentParties: [], minutes: 'Beide partijen gehoord.', by: secretary }] });
    expect(recorded).toMatchObject({ status: 'held', allowedActions: [], terms: [] });
    expect(await handle.result()).toEqual({ outcome: 'held', heldOn: date, panel: scheduled.panel, absentParties: [] });
    expect((await events(caseNumber)).find((e) => e.type === 'hearing.held')?.data).toMatchObject({ heldOn: date, minutes: 'Beide partijen gehoord.' });
    const row = await hearingRow(caseNumber);
    expect(row).toMatchObject({ status: 'held', schedule, result: { outcome: 'held', heldOn: date } });
    await saveHistory('hearing-scheduled-then-held', handle);
  });

  it('accepts one postponement per party up to three working days before, and records a party absent', async () => {
    const caseNumber = await newCase();
    const handle = await startHearing(caseNumber);
    await untilStatus(handle, 'collecting-availability');
    const [first] = await hearingDays(1);
    const place = { startTime: '13:30', location: 'Utrecht' };

    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(requestPostponementUpdate, { args: [{ party: 'complainant', reason: 'ziek', by: complainant }] }),
      { code: 'nothing-scheduled', field: 'action', params: {} },
    );
    await handle.executeUpdate(scheduleHearingUpdate, { args: [{ date: first, ...place, by: secretary }] });
    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(requestPostponementUpdate, { args: [{ party: 'complainant', reason: ' ', by: complainant }] }),
      { code: 'required', field: 'reason', params: {} },
    );

    const postponed = await handle.executeUpdate(requestPostponementUpdate, { args: [{ party: 'complainant', reason: 'Onze advocaat is verhinderd.', by: complainant }] });
    expect(postponed).toMatchObject({ status: 'awaiting-date', schedule: null, postponementsUsed: ['complainant'] });
    // The term for the hearing stops while the postponed hearing waits for a new date.
    const suspended = postponed.terms.find((t) => t.id === 'hearingWithin')!;
    expect(suspended.due).toBeNull();
    expect(suspended.suspensions).toEqual([{ from: await envToday(), reason: 'postponement' }]);
    expect(postponed.terms.find((t) => t.id === 'postponementRequest')).toBeUndefined();
    const confirmations = await letters(caseNumber, 'bevestiging-uitstel');
    expect(confirmations.map((l) => l.addressee_role).sort()).toEqual(['complainant', 'panel-member', 'panel-member', 'panel-member', 'school-board']);
    expect(confirmations[0].data_snapshot.details).toMatchObject({ requestedBy: 'de klager', reason: 'Onze advocaat is verhinderd.', oldDate: first });
    expect((await database.db('cases').where({ case_number: caseNumber }).first()).status).toBe('hearing-scheduling');

    // Once per party.
    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(requestPostponementUpdate, { args: [{ party: 'complainant', reason: 'nog eens', by: complainant }] }),
      { code: 'postponement-used', field: 'party', params: { party: 'complainant' } },
    );

    const [, second] = await hearingDays(2);
    const rescheduled = await handle.executeUpdate(scheduleHearingUpdate, { args: [{ date: second, ...place, by: secretary }] });
    expect(rescheduled.status).toBe('scheduled');
    const resumed = rescheduled.terms.find((t) => t.id === 'hearingWithin')!;
    expect(resumed.due).not.toBeNull();
    expect(resumed.suspensions).toEqual([]);
    // The new invitations, and the confirmation of the postponement now names the new date.
    expect((await letters(caseNumber, 'uitnodiging-hoorzitting')).filter((l) => l.data_snapshot.details.hearingDate === second)).toHaveLength(5);
    const withNewDate = (await letters(caseNumber, 'bevestiging-uitstel')).filter((l) => l.data_snapshot.details.newDate === second);
    expect(withNewDate).toHaveLength(5);

    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(requestPostponementUpdate, { args: [{ party: 'complainant', reason: 'weer ziek', by: complainant }] }),
      { code: 'postponement-used', field: 'party', params: { party: 'complainant' } },
    );

    // The school waits too long: less than three working days before the hearing.
    const lastDay = postponementDeadline(second, policy, calendar).due;
    await skipTo(endOfAmsterdamDay(lastDay) + 60_000);
    await eventually(async () => ((await handle.query(hearingStateQuery)).terms.some((t) => t.id === 'postponementRequest') ? undefined : true));
    expect((await handle.query(hearingStateQuery)).allowedActions).toEqual(['extendHearingTerm']);
    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(requestPostponementUpdate, { args: [{ party: 'school', reason: 'De directeur is afwezig.', by: school }] }),
      { code: 'postponement-too-late', field: 'action', params: { date: second, due: lastDay } },
    );

    await skipTo(startOfAmsterdamDay(second) + 16 * 3_600_000);
    await eventually(async () => ((await handle.query(hearingStateQuery)).allowedActions.includes('recordHearing') ? true : undefined));
    await expectRefused(
      caseNumber,
      handle,
      () => handle.executeUpdate(recordHearingUpdate, { args: [{ held: false, absentParties: [], minutes: 'x', by: secretary }] }),
      { code: 'absent-party-required', field: 'absentParties', params: {} },
    );
    await handle.executeUpdate(recordHearingUpdate, { args: [{ held: true, absentParties: ['school'], minutes: 'Het bevoegd gezag verscheen niet; de commissie beslist op het dossier.', by: chairActor }] });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'party-absent', heldOn: second, absentParties: ['school'] });
    expect((await events(caseNumber)).find((e) => e.type === 'hearing.party-absent')?.data).toMatchObject({ absentParties: ['school'], decideOnFile: true });
    expect((await hearingRow(caseNumber)).postponements).toEqual([expect.objectContaining({ party: 'complainant', oldDate: first })]);
  });

  it('waits for the secretary when no conflict-free panel exists, and forms it on retry', async () => {
    const caseNumber = await newCase('77XY', 'IKC De Brug');
    // Both active chairs are out: one is tied to 77XY; make the other one tied too (before the draw).
    await database.db('committee_members').where({ id: memberIds['mr. C. Conflict'] }).update({ conflicts: JSON.stringify(['12AB', 'IKC De Brug']) });
    const handle = await startHearing(caseNumber, { schoolBrin: '77XY', schoolName: 'IKC De Brug' });
    const waiting = await eventually(async () => {
      const v = await handle.query(hearingStateQuery);
      return v.status === 'forming-panel' && v.panelProblem ? v : undefined;
    });
    expect(waiting.panelProblem).toMatch(/^no conflict-free panel can be formed: .*only 0 chair\(s\)/);
    expect(waiting.allowedActions).toEqual(['retryPanel', 'extendHearingTerm']);
    // The state is queryable as soon as the workflow knows it; the record follows in an activity.
    const recorded = await eventually(async () => (await events(caseNumber)).find((e) => e.type === 'hearing.panel-unavailable'));
    expect(recorded.data.problem).toBe(waiting.panelProblem);
    // The hearing row is saved after the event: wait for it too.
    const saved = await eventually(async () => {
      const row = await hearingRow(caseNumber);
      return row?.panel_problem ? row : undefined;
    });
    expect(saved).toMatchObject({ status: 'forming-panel', panel_problem: waiting.panelProblem });
    expect(await letters(caseNumber)).toEqual([]);

    await expectRefused(caseNumber, handle, () => handle.executeUpdate(retryPanelUpdate, { args: [{ by: complainant }] }), { code: 'role-not-allowed', field: 'by.role', params: { roles: 'secretary' } });
    await expectRefused(caseNumber, handle, () => handle.executeUpdate(scheduleHearingUpdate, { args: [{ date: '2030-01-07', startTime: '10:00', location: 'x', by: secretary }] }), { code: 'wrong-hearing-status', field: 'action', params: { status: 'forming-panel', allowed: 'collecting-availability, awaiting-date' } });

    const [row] = await database.db('committee_members').insert({ name: 'mr. I. Invaller', email: 'invaller@lko.example.nl', role: 'chair', conflicts: '[]' }).returning('id');
    const formed = await handle.executeUpdate(retryPanelUpdate, { args: [{ by: secretary }] });
    expect(formed.status).toBe('collecting-availability');
    expect(formed.panelProblem).toBeNull();
    expect(formed.panel[0]).toMatchObject({ memberId: String(row.id), role: 'chair' });
    expect(await letters(caseNumber, 'verzoek-beschikbaarheid')).toHaveLength(5);

    await handle.signal(cancelChildSignal, { reason: 'test done' });
    await handle.result();
  });

  it('is cancelled by the parent: terms closed, nothing more accepted', async () => {
    const caseNumber = await newCase();
    const handle = await startHearing(caseNumber);
    await untilStatus(handle, 'collecting-availability');
    await handle.signal(cancelChildSignal, { reason: 'withdrawn' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'cancelled', heldOn: null, absentParties: [] });
    expect(result.panel).toHaveLength(3);
    expect((await events(caseNumber)).find((e) => e.type === 'hearing.cancelled')?.data).toEqual({ reason: 'withdrawn' });
    expect(await hearingRow(caseNumber)).toMatchObject({ status: 'cancelled', result: { outcome: 'cancelled' } });
    const finalView = await handle.query(hearingStateQuery);
    expect(finalView).toMatchObject({ status: 'cancelled', terms: [], allowedActions: [] });
    await expect(handle.executeUpdate(submitAvailabilityUpdate, { args: [{ respondent: 'complainant', dates: ['2030-01-07'], by: complainant }] })).rejects.toThrow();
  });

  // On the dev server, through the API's runCaseAction: an answer that reaches the old run just as
  // it continues as new is refused by the closing run, and the service tries it again on the new
  // one. (The time-skipping test server can lose such an update outright, so this path is tested
  // where production runs it.) No term needs skipping here: only answers and a date are given.
  it('continues as new between phases and keeps its state, terms and step keys', async () => {
    const caseNumber = await newCase();
    const devQueue = uniqueTaskQueue('hearing-can');
    const devWorker = await createTestWorker(intakeEnv, database.db, devQueue);
    const devRunning = devWorker.run();
    try {
      const today = amsterdamDate(new Date());
      const input: HearingInput = { caseNumber, policyVersion: CURRENT_POLICY_VERSION, schoolBrin: '12AB', schoolName: 'OBS De Linde', defenceRoundClosedOn: today, maxHistoryEvents: 20 };
      const handle = await intakeEnv.client.workflow.start<typeof hearingWorkflow>('hearingWorkflow', { workflowId: hearingWorkflowId(caseNumber), taskQueue: devQueue, args: [input] });
      const view = await untilStatus(handle, 'collecting-availability');
      const days: string[] = [];
      for (let d = firstWorkingDayFrom(earliestHearingDate(today, policy, calendar), calendar); days.length < 2; d = addDays(d, 1)) {
        if (isWorkingDay(d, calendar)) days.push(d);
      }
      const [d1, d2] = days;
      for (const respondent of ['complainant', 'school', ...view.panel.map((m) => m.memberId)]) {
        const by: Actor = respondent === 'complainant' ? complainant : respondent === 'school' ? school : secretary;
        await runCaseAction(intakeEnv.client, caseNumber, 'submitAvailability', { respondent, dates: [d1, d2] }, by);
      }
      const answered = await untilStatus(handle, 'awaiting-date');
      // A new run took over (the history passed 20 events), with the same answers and terms.
      await eventually(async () => ((await handle.describe()).runId !== handle.firstExecutionRunId ? true : undefined));
      const latest = await handle.query(hearingStateQuery);
      expect(latest).toEqual(answered);
      expect(latest.proposedDates).toEqual([d1, d2]);
      expect(latest.terms.find((t) => t.id === 'hearingWithin')?.due).toBe(view.terms.find((t) => t.id === 'hearingWithin')?.due);
      const scheduled = (await runCaseAction(intakeEnv.client, caseNumber, 'scheduleHearing', { date: d2, startTime: '10:00', location: 'Utrecht' }, secretary)) as HearingView;
      expect(scheduled.status).toBe('scheduled');
      // Step keys go on counting in the new run: no letter or event of the earlier run is mistaken for this one.
      expect(await letters(caseNumber, 'uitnodiging-hoorzitting')).toHaveLength(5);
      expect((await events(caseNumber)).filter((e) => e.type === 'hearing.availability-submitted')).toHaveLength(5);
      await handle.signal(cancelChildSignal, { reason: 'test done' });
      expect((await handle.result()).outcome).toBe('cancelled');
    } finally {
      devWorker.shutdown();
      await devRunning;
    }
  });

  it('selectPanel and saveHearing are idempotent: a retry gives the same panel, an old write never overwrites a newer one', async () => {
    const caseNumber = await newCase();
    const handle = await startHearing(caseNumber);
    const view = await untilStatus(handle, 'collecting-availability');
    const again = await selectPanel(database.db, { caseNumber, schoolBrin: '12AB', schoolName: 'OBS De Linde' });
    expect(again).toEqual(view.panel);
    expect(await database.db('hearing_panel_assignments').where({ case_id: await caseId(caseNumber) })).toHaveLength(3);

    const row = await eventually(async () => {
      const r = await hearingRow(caseNumber);
      return r?.status === 'collecting-availability' ? r : undefined;
    });
    await saveHearing(database.db, { caseNumber, revision: row.revision - 1, status: 'forming-panel', panel: [], schedule: null, postponements: [], availability: {}, panelProblem: null, result: null });
    expect(await hearingRow(caseNumber)).toMatchObject({ status: 'collecting-availability', revision: row.revision });
    await handle.signal(cancelChildSignal, { reason: 'test done' });
    await handle.result();
  });

  it('lets the term for the hearing expire with a notice on the record', async () => {
    const caseNumber = await newCase();
    // The written round closed long ago: the term ends soon.
    const closedOn = addDays(await envToday(), -40);
    const handle = await startHearing(caseNumber, { defenceRoundClosedOn: closedOn });
    const view = await untilStatus(handle, 'collecting-availability');
    const due = view.terms.find((t) => t.id === 'hearingWithin')!.due!;
    expect(due).toBe(forwardDue('hearingWithin', closedOn));
    await skipTo(endOfAmsterdamDay(due) + 60_000);
    const expired = await eventually(async () => (await events(caseNumber)).find((e) => e.type === 'hearing.term-expired'));
    expect(expired.data).toMatchObject({ termId: 'hearingWithin', due });
    const after = await handle.query(hearingStateQuery);
    expect(after.terms.find((t) => t.id === 'hearingWithin')).toBeUndefined();
    expect(after.allowedActions).not.toContain('extendHearingTerm');
    await handle.signal(cancelChildSignal, { reason: 'test done' });
    await handle.result();
  });

});
