/**
 * Letters written by a case step on real PostgreSQL: one per addressee, queued for delivery in the
 * same transaction (decisions held for four-eyes approval), idempotent by step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCaseStep } from '../../../activities/caseSteps';
import { approveLetter } from '../../../activities/letters/approval';
import { TemplateStore } from '../../../activities/letters/templateStore';
import { listEvents } from '../../../platform/store/cases';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { sampleComplaint } from '../../helpers/fixtures';
import { SAMPLE_DETAILS } from '../../helpers/letters';
import { addSchool, createCase } from './support';

let database: TestDatabase;
const templates = new TemplateStore();
const now = () => new Date('2026-12-01T09:00:00Z');
// The code under test runs as the app's least-privileged role; setup and checks as the owner.
const deps = () => ({ db: database.appDb, templates, now });

beforeAll(async () => {
  database = await createTestDatabase();
  await addSchool(database.db, { brin: '12AB', name: 'OBS De Linde' });
});

afterAll(async () => {
  await database?.drop();
});

const outboxOf = (letterIds: string[]) => database.db('letter_outbox').whereIn('letter_id', letterIds).orderBy('letter_id');

describe('applyCaseStep letters', () => {
  it('writes one letter per addressee and queues each once, however often the step is retried', async () => {
    const { caseNumber } = await createCase(database.appDb, { ...sampleComplaint(), respondent: { name: 'J. Smit', email: 'j.smit@delinde.example.nl' } });
    const step = {
      caseNumber,
      step: 'notice-of-complaint',
      actor: 'secretary:els',
      letters: [{ kind: 'kennisgeving-klacht' as const, to: 'school-side' as const, term: { due: '2026-12-29', explanation: 'Vier weken na de kennisgeving.' }, details: SAMPLE_DETAILS['kennisgeving-klacht'] }],
    };
    const first = await applyCaseStep(deps(), step);
    const again = await applyCaseStep(deps(), step);
    expect(again.letterIds).toEqual(first.letterIds);
    expect(first.letterIds).toHaveLength(2);

    const letters = await database.db('letters').whereIn('id', first.letterIds).orderBy('id');
    expect(letters.map((l) => [l.addressee_role, l.status, l.drafted_by, l.language])).toEqual([
      ['school-board', 'queued', 'secretary:els', 'nl'],
      ['respondent', 'queued', 'secretary:els', 'nl'],
    ]);
    expect(letters[0].html).toContain('Geacht bestuur,');
    expect(letters[0].html).toContain('Stichting OBS De Linde');
    expect(letters[0].html).toContain('dinsdag 29 december 2026');
    expect(letters[1].html).toContain('De klacht is (mede) tegen u gericht.');
    expect(letters[0].data_snapshot.details).toEqual(SAMPLE_DETAILS['kennisgeving-klacht']);

    const outbox = await outboxOf(first.letterIds);
    expect(outbox.map((o) => [o.channel, o.recipient_email, o.status])).toEqual([
      ['email', 'bestuur@12ab.example.nl', 'pending'],
      ['email', 'j.smit@delinde.example.nl', 'pending'],
    ]);
  });

  it('marks a letter to an unknown school board for print', async () => {
    const { caseNumber } = await createCase(database.appDb, sampleComplaint({ school: { brin: '99ZZ', name: 'Het Onbekende College' } }));
    const { letterIds } = await applyCaseStep(deps(), { caseNumber, step: 'reminder-defence', letters: [{ kind: 'herinnering-verweer', to: 'school-board' }] });
    const [letter] = await database.db('letters').whereIn('id', letterIds);
    expect(letter.addressee).toMatchObject({ name: 'Het bevoegd gezag van Het Onbekende College', email: null });
    expect((await outboxOf(letterIds)).map((o) => [o.channel, o.recipient_email])).toEqual([['print', null]]);
  });

  it('refuses bad letter specs with a clear, non-retryable error and stores nothing', async () => {
    const { caseNumber, id } = await createCase(database.appDb);
    const attempt = (letters: unknown) => applyCaseStep(deps(), { caseNumber, step: 'bad', status: 'defence', letters: letters as never });
    await expect(attempt([{ kind: 'uitnodiging-hoorzitting', to: 'all-parties', details: { hearingDate: '2027-13-01' } }])).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringContaining('letters[0].details: letter "uitnodiging-hoorzitting": hearingDate must be a date YYYY-MM-DD; startTime must be a time HH:MM'),
    });
    await expect(attempt([{ kind: 'brief', to: 'all-parties' }])).rejects.toThrow('letters[0].kind: unknown letter kind "brief"');
    await expect(attempt([{ kind: 'afsluiting', to: 'everyone', details: { outcome: 'x' } }])).rejects.toThrow(/letters\[0\].to: unknown addressee group "everyone"/);
    await expect(attempt([{ kind: 'verzoek-beschikbaarheid', to: 'panel', details: { candidateDates: ['2027-01-12'] } }])).rejects.toThrow(/details.panel/);
    expect(await database.db('letters').where({ case_id: id })).toEqual([]);
    expect((await database.db('cases').where({ id }).first()).status).toBe('admissibility');
  });

  it('writes to the panel members named in the details', async () => {
    const { caseNumber } = await createCase(database.appDb);
    const { letterIds } = await applyCaseStep(deps(), {
      caseNumber,
      step: 'availability',
      letters: [{ kind: 'verzoek-beschikbaarheid', to: 'panel', details: { ...SAMPLE_DETAILS['verzoek-beschikbaarheid'], panel: SAMPLE_DETAILS['uitnodiging-hoorzitting'].panel } }],
    });
    const letters = await database.db('letters').whereIn('id', letterIds).orderBy('id');
    expect(letters.map((l) => l.addressee.email)).toEqual(['j.vandijk@panel.example.nl', 's.bakker@panel.example.nl', 'p.degroot@panel.example.nl']);
    expect(letters[0].html).toContain('U bent aangewezen als voorzitter');
    expect(letters[1].html).toContain('U bent aangewezen als lid');
  });
});

describe('four-eyes approval of decisions', () => {
  async function draftInadmissible() {
    const { caseNumber, id } = await createCase(database.appDb);
    const { letterIds } = await applyCaseStep(deps(), {
      caseNumber,
      step: 'inadmissible',
      actor: 'secretary:els',
      letters: [
        { kind: 'beslissing-niet-ontvankelijk', to: 'complainant-side', details: SAMPLE_DETAILS['beslissing-niet-ontvankelijk'] },
        { kind: 'beslissing-niet-ontvankelijk', to: 'school-board', details: SAMPLE_DETAILS['beslissing-niet-ontvankelijk'] },
      ],
    });
    return { caseId: id, letterIds };
  }

  it('holds a decision until someone other than the drafter approves it, then queues every copy and logs the approval', async () => {
    const { caseId, letterIds } = await draftInadmissible();
    expect(letterIds).toHaveLength(2);
    expect((await database.db('letters').whereIn('id', letterIds)).map((l) => l.status)).toEqual(['awaiting-approval', 'awaiting-approval']);
    expect(await outboxOf(letterIds)).toEqual([]);

    await expect(approveLetter({ db: database.appDb }, { letterId: letterIds[0], approvedBy: { userId: 'secretary:els', role: 'secretary' } })).rejects.toMatchObject({
      nonRetryable: true,
      message: `letter ${letterIds[0]} was drafted by secretary:els, who cannot also approve it (four-eyes)`,
    });
    expect(await outboxOf(letterIds)).toEqual([]);

    const approved = await approveLetter({ db: database.appDb }, { letterId: letterIds[1], approvedBy: { userId: 'chair:van-dijk', role: 'chair' } });
    expect(approved.letterIds).toEqual(letterIds);
    const letters = await database.db('letters').whereIn('id', letterIds).orderBy('id');
    expect(letters.map((l) => [l.status, l.approved_by])).toEqual([
      ['approved', 'chair:van-dijk'],
      ['approved', 'chair:van-dijk'],
    ]);
    expect((await outboxOf(letterIds)).map((o) => o.recipient_email)).toEqual(['anna.devries@example.nl', 'bestuur@12ab.example.nl']);
    const approvals = (await listEvents(database.db, caseId)).filter((e) => e.type === 'letter.approved');
    expect(approvals).toEqual([
      expect.objectContaining({ actor: 'chair:van-dijk', data: { kind: 'beslissing-niet-ontvankelijk', letterIds, approvedBy: 'chair:van-dijk', role: 'chair', draftedBy: 'secretary:els' } }),
    ]);

    // A retried approval activity finds its work done; anyone else finds nothing to approve.
    expect(await approveLetter({ db: database.appDb }, { letterId: letterIds[0], approvedBy: { userId: 'chair:van-dijk', role: 'chair' } })).toEqual(approved);
    await expect(approveLetter({ db: database.appDb }, { letterId: letterIds[0], approvedBy: { userId: 'secretary:piet', role: 'secretary' } })).rejects.toThrow(
      /is not awaiting approval \(status: approved\)/,
    );
    expect(await outboxOf(letterIds)).toHaveLength(2);
  });

  it('lets a second secretary approve, and refuses bad input', async () => {
    const { letterIds } = await draftInadmissible();
    await expect(approveLetter({ db: database.appDb }, { letterId: letterIds[0], approvedBy: { userId: 'x', role: 'member' as never } })).rejects.toThrow('approvedBy.role must be chair or secretary');
    await expect(approveLetter({ db: database.appDb }, { letterId: '999999', approvedBy: { userId: 'x', role: 'chair' } })).rejects.toThrow('letter 999999 not found');
    await expect(approveLetter({ db: database.appDb }, { letterId: letterIds[0], approvedBy: { userId: 'secretary:piet', role: 'secretary' } })).resolves.toEqual({ letterIds });
  });

  it('refuses to approve a letter that is no decision', async () => {
    const { caseNumber } = await createCase(database.appDb);
    const { letterIds } = await applyCaseStep(deps(), { caseNumber, step: 'closure', letters: [{ kind: 'afsluiting', to: 'complainant-side', details: SAMPLE_DETAILS.afsluiting }] });
    await expect(approveLetter({ db: database.appDb }, { letterId: letterIds[0], approvedBy: { userId: 'chair:van-dijk', role: 'chair' } })).rejects.toThrow(/is not awaiting approval \(status: queued\)/);
  });
});
