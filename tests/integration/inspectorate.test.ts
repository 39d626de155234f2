/**
 * What reaches the Inspectorate (process.md, "Reporting duty" and step 16; issue 12): an unconfirmed
 * reporting duty becomes a letter of kind `melding-inspectie` to the Inspectorate itself, at the
 * address INSPECTORATE_EMAIL configures, with a copy to the school board; drafted by the system,
 * approved by a chair, delivered once over real SMTP through the outbox. On the real time-skipping
 * server, from a fixed day so that due dates are written out.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { applyCaseStep } from '../../activities/caseSteps';
import { TemplateStore } from '../../activities/letters/templateStore';
import { fileComplaint } from '../../api/services/intake';
import { createDb } from '../../platform/db';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually } from '../helpers/http';
import { CHAIR, ProcedureDriver, procedurePerTest, SECRETARY, TestCase } from '../helpers/procedure';

/** Tuesday 2 March 2027, 10:00 in Amsterdam. */
const FILED_AT = Date.parse('2027-03-02T09:00:00Z');
const INSPECTORATE_EMAIL = 'meldingen@inspectie.example.nl';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let driver: ProcedureDriver;
let taskQueue: string;
const previous = process.env.INSPECTORATE_EMAIL;

beforeAll(async () => {
  // The worker runs in this process: its activities read the setting as the app's would.
  process.env.INSPECTORATE_EMAIL = INSPECTORATE_EMAIL;
  database = await createTestDatabase();
  await database.db('schools').insert({ brin: '12AB', name: 'OBS De Linde', sector: 'primary', region: 'midden', board_name: 'Stichting De Linde', board_email: 'bestuur@delinde.example.nl' }).onConflict('brin').ignore();
});

const perTest = procedurePerTest(() => database.db, 'inspectorate');
beforeEach(() => {
  ({ env, taskQueue, driver } = perTest.current());
});

afterAll(async () => {
  if (previous === undefined) delete process.env.INSPECTORATE_EMAIL;
  else process.env.INSPECTORATE_EMAIL = previous;
  await database?.drop();
});

async function fileOnFixedDay(category: 'geweld' | 'pesten'): Promise<TestCase> {
  const now = await env.currentTimeMs();
  if (FILED_AT > now) await env.sleep(FILED_AT - now);
  const filed = await fileComplaint({ db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET, now: () => new Date(FILED_AT) }, sampleComplaint({ category }));
  const c = new TestCase(driver, filed.caseNumber);
  await c.waitFor((s) => s.status === 'admissibility');
  return c;
}

describe('the reporting duty, unconfirmed', () => {
  it('is reported to the Inspectorate by letter (copy to the school board), sent once a chair approves, over SMTP to the configured address', async () => {
    const c = await fileOnFixedDay('geweld');
    const s = await c.waitFor((x) => x.terms.some((t) => t.id === 'reportingDuty'));
    // Five working days from Tuesday 2 March 2027.
    expect(s.terms.find((t) => t.id === 'reportingDuty')?.due).toBe('2027-03-09');

    await env.sleep('10 days');
    const waiting = await c.waitFor((x) => x.reportingDuty.status === 'escalated' && x.awaitingApproval.length > 0, 60_000);
    expect(waiting.closed).toBe(false);
    const drafted = (await c.letters()).filter((l) => l.kind === 'melding-inspectie');
    expect(drafted.map((l) => [l.addressee_role, l.status])).toEqual([
      ['inspectorate', 'awaiting-approval'],
      ['school-board', 'awaiting-approval'],
    ]);
    const toInspectorate = drafted[0];
    expect(toInspectorate.data_snapshot.addressee).toMatchObject({ name: 'Inspectie van het Onderwijs, t.a.v. de vertrouwensinspecteurs', email: INSPECTORATE_EMAIL });
    expect(toInspectorate.data_snapshot.details).toEqual({ category: 'geweld', noticeSentOn: '2027-03-02', confirmationDue: '2027-03-09' });
    expect(toInspectorate.html).toContain('uiterlijk\n9 maart 2027');
    expect(drafted[1].data_snapshot.addressee.copyOf).toBe('Inspectie van het Onderwijs, t.a.v. de vertrouwensinspecteurs');

    // Escalation is approved by a chair, never a secretary.
    expect((await c.refusal('approveLetter', { letterId: toInspectorate.id }, SECRETARY))?.status).toBe(403);
    await c.act('approveLetter', { letterId: toInspectorate.id }, CHAIR);
    const outbox = await eventually(async () => {
      const rows = await database.db('letter_outbox').whereIn('letter_id', drafted.map((l) => l.id)).orderBy('letter_id').select('recipient_email', 'status', 'message_id');
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 60_000);
    expect(outbox.map((r) => r.recipient_email)).toEqual([INSPECTORATE_EMAIL, 'bestuur@delinde.example.nl']);
    // At most once: a second approval finds nothing to approve, and one mail reached the Inspectorate.
    expect((await c.refusal('approveLetter', { letterId: toInspectorate.id }, CHAIR))?.errors).toEqual([{ code: 'letter-not-awaiting-approval', field: 'letterId', params: { letterId: toInspectorate.id } }]);
    const mailDb = createDb(inject('mailCaptureDbUrl'), { max: 1 });
    try {
      const mails = await mailDb('dev_mailbox').where({ message_id: outbox[0].message_id });
      expect(mails).toHaveLength(1);
      expect(mails[0].envelope_to).toEqual([INSPECTORATE_EMAIL]);
      expect(mails[0].subject).toBe(`Melding aan de inspectie: mogelijk ernstig incident zonder bevestigde melding (${c.caseNumber})`);
    } finally {
      await mailDb.destroy();
    }
    expect(await c.eventData('reporting-duty.escalated')).toEqual([{ to: 'inspectorate', letter: 'melding-inspectie' }]);
  }, 120_000);
});

describe('a compliance escalation', () => {
  it('goes to the same configured address of the Inspectorate', async () => {
    const c = await fileOnFixedDay('pesten');
    const templates = new TemplateStore();
    const { letterIds } = await applyCaseStep(
      { db: database.db, templates },
      {
        caseNumber: c.caseNumber,
        step: 'compliance-escalation-test',
        letters: [{ kind: 'melding-niet-naleving', to: 'inspectorate', details: { measures: [{ description: 'Stel een pestprotocol op.', due: '2027-05-03', status: 'niet uitgevoerd' }] } }],
      },
    );
    const rows = await database.db('letters').whereIn('id', letterIds).orderBy('id').select('addressee_role', 'addressee');
    expect(rows.map((r) => [r.addressee_role, r.addressee.email])).toEqual([
      ['inspectorate', INSPECTORATE_EMAIL],
      ['school-board', 'bestuur@delinde.example.nl'],
      ['complainant', 'anna.devries@example.nl'],
    ]);
  });
});
