/**
 * Delivery over real SMTP servers on loopback (smtp-server), with real PostgreSQL and, for retries,
 * the real Temporal dev server: every letter arrives exactly once per addressee, with its PDF.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { simpleParser, type ParsedMail } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client } from 'pg';
import { closeMailTransports, sendLetterMail, type LetterMail } from '../../../activities/letters/mailer';
import { applyCaseStep } from '../../../activities/caseSteps';
import { chromiumPdfRenderer, createLetterActivities, listUndeliveredLetters, requeueLetter } from '../../../activities/letters';
import { beginHandover, claim, deliverPendingLetters, type DeliveryDeps } from '../../../activities/letters/delivery';
import type { OutboxRow } from '../../../platform/store/outbox';
import { closePdfRenderer } from '../../../platform/pdf/pdfRenderer';
import { buildPrintBatch, getPrintBatch } from '../../../platform/pdf/printBatch';
import { TemplateStore } from '../../../activities/letters/templateStore';
import { listEvents } from '../../../platform/store/cases';
import { listDevMailbox, startMailCapture, type MailCapture } from '../../../platform/mail/captureServer';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { sampleComplaint } from '../../helpers/fixtures';
import { eventually } from '../../helpers/http';
import { SAMPLE_DETAILS } from '../../helpers/letters';
import { freePort } from '../../helpers/ports';
import { devServerEnvironment, uniqueTaskQueue } from '../../helpers/temporal';
import { addSchool, createCase, startDroppingSmtp, startRefusingSmtp } from './support';

const FROM = '"Landelijke Klachtencommissie Onderwijs" <secretariaat@klachtencommissie-onderwijs.nl>';
const templates = new TemplateStore();
let database: TestDatabase;
let capture: MailCapture;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  database = await createTestDatabase();
  await addSchool(database.db, { brin: '12AB', name: 'OBS De Linde' });
  capture = await startMailCapture({ port: 0, db: database.appDb });
  env = await devServerEnvironment();
});

afterAll(async () => {
  closeMailTransports();
  await capture?.stop();
  await env?.teardown();
  await closePdfRenderer();
  await database?.drop();
});

// The code under test runs as the app's least-privileged role; setup and checks as the owner.
function deliveryDeps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
  return { db: database.appDb, smtpUrl: capture.url, from: FROM, pdf: chromiumPdfRenderer, ...overrides };
}

/** A case with a notice to the complainant side (complainant + representative): two e-mails. */
async function caseWithTwoLetters(): Promise<{ caseNumber: string; caseId: string; letterIds: string[] }> {
  const { caseNumber, id } = await createCase(database.appDb, sampleComplaint({ representative: { name: 'Mr. B. Jansen', email: `jansen.${Date.now()}@example.nl` } }));
  const { letterIds } = await applyCaseStep(
    { db: database.appDb, templates },
    { caseNumber, step: 'defence-forwarded', letters: [{ kind: 'toezending-verweer', to: 'complainant-side', details: { replyRound: false } }] },
  );
  return { caseNumber, caseId: id, letterIds };
}

async function mailsFor(caseNumber: string): Promise<ParsedMail[]> {
  const rows = await database.db('dev_mailbox').where('subject', 'like', `%(${caseNumber})`).orderBy('id');
  return Promise.all(rows.map((r: { raw: Buffer }) => simpleParser(r.raw)));
}

function pdfText(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `kf-delivery-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('deliverPendingLetters', () => {
  it('mails each letter with its PDF, records the Message-ID, and sends nothing twice', async () => {
    const { caseNumber, caseId, letterIds } = await caseWithTwoLetters();
    expect(await deliverPendingLetters(deliveryDeps(), { caseNumber })).toEqual({ sent: 2, print: 0, failed: 0 });
    // The activity retried after a successful send: nothing left to do, same totals.
    expect(await deliverPendingLetters(deliveryDeps(), { caseNumber })).toEqual({ sent: 2, print: 0, failed: 0 });

    const mails = await mailsFor(caseNumber);
    const recipients = mails.map((m) => (m.to as { value: Array<{ address: string }> }).value[0].address);
    expect(recipients).toHaveLength(2);
    expect(recipients).toEqual(expect.arrayContaining(['anna.devries@example.nl', expect.stringMatching(/^jansen\.\d+@example\.nl$/)]));
    const toAnna = mails.find((m) => m.text?.includes('Geachte Anna de Vries'))!;
    expect(toAnna.from?.value).toEqual([{ name: 'Landelijke Klachtencommissie Onderwijs', address: 'secretariaat@klachtencommissie-onderwijs.nl' }]);
    expect(toAnna.subject).toBe(`Toezending verweer (${caseNumber})`);
    expect(toAnna.html).toContain('Een schriftelijke reactie op het verweerschrift is niet nodig.');
    expect(toAnna.attachments).toHaveLength(1);
    expect(toAnna.attachments[0]).toMatchObject({ filename: `${caseNumber}-toezending-verweer.pdf`, contentType: 'application/pdf' });
    expect(pdfText(toAnna.attachments[0].content)).toContain('Een schriftelijke reactie op het verweerschrift is niet nodig.');
    expect(toAnna.headers.get('x-klachtflow-idempotency-key')).toBe(`${caseNumber}:defence-forwarded:toezending-verweer:complainant>anna.devries@example.nl`);

    const outbox = await database.db('letter_outbox').whereIn('letter_id', letterIds).orderBy('letter_id');
    expect(outbox.map((o) => [o.status, o.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(outbox.find((o) => o.recipient_email === 'anna.devries@example.nl').message_id).toBe(toAnna.messageId);
    expect(outbox[0].smtp_response).toMatch(/^250/);
    expect((await database.db('letters').whereIn('id', letterIds)).map((l) => l.status)).toEqual(['sent', 'sent']);
    expect((await database.db('letter_pdfs').whereIn('letter_id', letterIds)).map((p) => p.renderer)).toEqual([expect.stringMatching(/^chromium /), expect.stringMatching(/^chromium /)]);
    const sentEvents = (await listEvents(database.db, caseId)).filter((e) => e.type === 'letter.sent');
    expect(sentEvents).toHaveLength(2);
    expect(await listDevMailbox(database.appDb, { to: 'anna.devries@example.nl', limit: 1 })).toEqual([
      expect.objectContaining({ subject: `Toezending verweer (${caseNumber})`, attachments: [{ filename: `${caseNumber}-toezending-verweer.pdf`, contentType: 'application/pdf', size: expect.any(Number) }] }),
    ]);
  });

  it('sends once, after the lease, a letter whose sender died after claiming it but before the SMTP hand-over', async () => {
    const { caseNumber, caseId, letterIds } = await caseWithTwoLetters();
    // A worker claimed the first letter ten minutes ago (the real claim) and died before handing it over.
    const row = await database.db<OutboxRow>('letter_outbox').where({ letter_id: letterIds[0] }).first();
    const abandoned = (await claim(database.appDb, row!, new Date(Date.now() - 10 * 60_000)))!;
    expect(abandoned.status).toBe('sending');
    expect(await mailsFor(caseNumber)).toHaveLength(0);

    expect(await deliverPendingLetters(deliveryDeps(), { caseNumber })).toEqual({ sent: 2, print: 0, failed: 0 });
    const mails = await mailsFor(caseNumber);
    expect(mails.filter((m) => (m.to as { value: Array<{ address: string }> }).value[0].address === 'anna.devries@example.nl')).toHaveLength(1);
    expect(mails).toHaveLength(2);
    const outbox = await database.db('letter_outbox').where({ letter_id: letterIds[0] }).first();
    expect([outbox.status, outbox.attempts, outbox.last_error]).toEqual(['sent', 2, null]);
    expect(outbox.handover_started_at).toBeInstanceOf(Date);
    expect((await listEvents(database.db, caseId)).filter((e) => e.type === 'letter.delivery-failed')).toEqual([]);
    expect(await listUndeliveredLetters(database.appDb, { caseNumber })).toEqual([]);

    // Had that sender been slow rather than dead, it finds its claim taken back and hands nothing over.
    expect(await beginHandover(database.appDb, abandoned)).toBe(false);
    expect(await deliverPendingLetters(deliveryDeps(), { caseNumber })).toEqual({ sent: 2, print: 0, failed: 0 });
    expect(await mailsFor(caseNumber)).toHaveLength(2);
  });

  it('never resends a letter whose sender died during the SMTP hand-over: it is surfaced in doubt, and sent once after the secretary requeues it', async () => {
    const { caseNumber, letterIds } = await caseWithTwoLetters();
    // A worker claimed the first letter ten minutes ago, began handing it to SMTP, and never came back.
    const row = await database.db<OutboxRow>('letter_outbox').where({ letter_id: letterIds[0] }).first();
    const claimed = (await claim(database.appDb, row!, new Date(Date.now() - 10 * 60_000)))!;
    expect(await beginHandover(database.appDb, claimed)).toBe(true);
    expect(await deliverPendingLetters(deliveryDeps(), { caseNumber })).toEqual({ sent: 1, print: 0, failed: 1 });
    expect(await mailsFor(caseNumber)).toHaveLength(1);

    const [undelivered] = await listUndeliveredLetters(database.appDb, { caseNumber });
    expect(undelivered).toMatchObject({ letterId: letterIds[0], caseNumber, kind: 'toezending-verweer', addresseeRole: 'complainant', addresseeName: 'Anna de Vries', status: 'failed' });
    expect(undelivered.lastError).toMatch(/^in doubt: .*check whether it arrived/);
    expect((await database.db('letters').where({ id: letterIds[0] }).first()).status).toBe('failed');

    await requeueLetter(database.appDb, { letterId: letterIds[0], by: 'secretary:els' });
    expect(await deliverPendingLetters(deliveryDeps(), { caseNumber })).toEqual({ sent: 2, print: 0, failed: 0 });
    expect(await mailsFor(caseNumber)).toHaveLength(2);
    expect(await listUndeliveredLetters(database.appDb, { caseNumber })).toEqual([]);
  });

  it('gives up at once on a permanent refusal (550) and tells the secretary why', async () => {
    const refusing = await startRefusingSmtp((address) => address.startsWith('jansen.'));
    try {
      const { caseNumber, letterIds } = await caseWithTwoLetters();
      expect(await deliverPendingLetters(deliveryDeps({ smtpUrl: refusing.url }), { caseNumber })).toEqual({ sent: 1, print: 0, failed: 1 });
      expect(refusing.received).toEqual(['anna.devries@example.nl']);
      const [undelivered] = await listUndeliveredLetters(database.appDb, { caseNumber });
      expect(undelivered).toMatchObject({ letterId: letterIds[1], addresseeRole: 'representative', attempts: 1 });
      expect(undelivered.lastError).toMatch(/^refused: .*550.*mailbox unavailable/);
    } finally {
      closeMailTransports();
      await refusing.stop();
    }
  });

  it('surfaces a letter after the last allowed attempt while the server stays down', async () => {
    const { caseNumber } = await caseWithTwoLetters();
    const down = `smtp://127.0.0.1:${await freePort()}`;
    await expect(deliverPendingLetters(deliveryDeps({ smtpUrl: down, maxAttempts: 2 }), { caseNumber })).rejects.toMatchObject({
      type: 'LettersNotDeliveredYet',
      nonRetryable: false,
      message: expect.stringMatching(/2 letter\(s\) of case .* not delivered yet: .*ECONNREFUSED|2 letter\(s\) of case .* not delivered yet: .*(ESOCKET|ECONNECTION)/),
    });
    expect(await deliverPendingLetters(deliveryDeps({ smtpUrl: down, maxAttempts: 2 }), { caseNumber })).toEqual({ sent: 0, print: 0, failed: 2 });
    const undelivered = await listUndeliveredLetters(database.appDb, { caseNumber });
    expect(undelivered.map((u) => u.lastError)).toEqual([expect.stringMatching(/^gave up after 2 attempts/), expect.stringMatching(/^gave up after 2 attempts/)]);
  });

  it('records a letter the SMTP server accepted even when the database goes away right after the hand-over', async () => {
    const { caseNumber, letterIds } = await caseWithTwoLetters();
    const name = new URL(database.url).pathname.slice(1);
    const admin = new Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    let outages = 0;
    let reopened: Promise<unknown> | undefined;
    try {
      const result = await deliverPendingLetters(
        deliveryDeps({
          // The real SMTP hand-over; then, once, the case's database refuses every connection for 1.5 s.
          send: async (url, mail) => {
            const outcome = await sendLetterMail(url, mail);
            if (outages++ === 0) {
              await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
              await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
              reopened = new Promise((r) => setTimeout(r, 1500)).then(() => admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`));
            }
            return outcome;
          },
        }),
        { caseNumber },
      );
      expect(result).toEqual({ sent: 2, print: 0, failed: 0 });
    } finally {
      await reopened;
      await admin.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(outages).toBe(2);
    const outbox = await database.db('letter_outbox').whereIn('letter_id', letterIds).orderBy('letter_id');
    expect(outbox.map((o) => [o.status, o.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(await mailsFor(caseNumber)).toHaveLength(2);
  });

  it('refuses an unknown case without retrying', async () => {
    await expect(deliverPendingLetters(deliveryDeps(), { caseNumber: '2099-000001' })).rejects.toMatchObject({ nonRetryable: true, message: 'case 2099-000001 not found' });
  });
});

describe('delivery under Temporal retries', () => {
  async function runWorker<T>(activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('letters');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: path.join(__dirname, 'deliveryWorkflow.ts'),
      activities,
    });
    return worker.runUntil(fn(taskQueue));
  }

  it('keeps retrying while the SMTP server is down and sends each letter exactly once when it comes back', async () => {
    const { caseNumber, letterIds } = await caseWithTwoLetters();
    const port = await freePort();
    const activities = createLetterActivities({ db: database.appDb, smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: FROM });
    let late: MailCapture | undefined;
    try {
      const result = await runWorker(activities, async (taskQueue) => {
        const handle = await env.client.workflow.start('deliverLettersWorkflow', { taskQueue, workflowId: `deliver-${caseNumber}`, args: [caseNumber] });
        // Down: attempts pile up with the connection error recorded for the secretary.
        await eventually(async () => {
          const rows = await database.db('letter_outbox').whereIn('letter_id', letterIds);
          return rows.every((r) => r.attempts >= 2 && r.status === 'pending' && /ECONNREFUSED|ESOCKET|ECONNECTION/.test(r.last_error ?? '')) ? true : undefined;
        }, 30_000);
        expect(await mailsFor(caseNumber)).toEqual([]);
        late = await startMailCapture({ port, db: database.appDb });
        return handle.result();
      });
      expect(result).toEqual({ sent: 2, print: 0, failed: 0 });
      const mails = await mailsFor(caseNumber);
      expect(mails).toHaveLength(2);
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(2);
    } finally {
      closeMailTransports();
      await late?.stop();
    }
  });

  it('sends once when the activity is retried after a successful send (its result was lost)', async () => {
    const { caseNumber } = await caseWithTwoLetters();
    const real = createLetterActivities({ db: database.appDb, smtpUrl: capture.url, mailFrom: FROM });
    let attempts = 0;
    const activities = {
      deliverPendingLetters: async (input: { caseNumber: string }) => {
        attempts++;
        const result = await real.deliverPendingLetters(input);
        if (attempts === 1) throw new Error('worker crashed before reporting the result');
        return result;
      },
    };
    const result = await runWorker(activities, async (taskQueue) =>
      env.client.workflow.execute('deliverLettersWorkflow', { taskQueue, workflowId: `deliver-retry-${caseNumber}`, args: [caseNumber] }),
    );
    expect(attempts).toBe(2);
    expect(result).toEqual({ sent: 2, print: 0, failed: 0 });
    expect(await mailsFor(caseNumber)).toHaveLength(2);
  });
});

describe('print', () => {
  it('marks letters without e-mail for print and batches the day into one PDF', async () => {
    const unknownSchool = sampleComplaint({ school: { brin: '98YY', name: 'Het Onbekende College' } });
    const a = await createCase(database.appDb, unknownSchool);
    const b = await createCase(database.appDb, unknownSchool);
    const now = () => new Date('2026-12-02T10:00:00Z');
    for (const c of [a, b]) {
      await applyCaseStep({ db: database.appDb, templates, now }, { caseNumber: c.caseNumber, step: 'notice', letters: [{ kind: 'kennisgeving-klacht', to: 'school-board', details: SAMPLE_DETAILS['kennisgeving-klacht'] }] });
      expect(await deliverPendingLetters(deliveryDeps({ now }), { caseNumber: c.caseNumber })).toEqual({ sent: 0, print: 1, failed: 0 });
    }
    expect(await mailsFor(a.caseNumber)).toEqual([]);

    const batch = await buildPrintBatch({ db: database.appDb, pdf: chromiumPdfRenderer }, { date: '2026-12-02' });
    expect(batch?.letterIds).toHaveLength(2);
    const letterPdfs = await database.db('letter_pdfs').whereIn('letter_id', batch!.letterIds);
    const pagesPerLetter = await Promise.all(letterPdfs.map(async (p) => (await PDFDocument.load(p.pdf)).getPageCount()));
    expect((await PDFDocument.load(batch!.pdf)).getPageCount()).toBe(pagesPerLetter.reduce((x, y) => x + y, 0));
    const text = pdfText(batch!.pdf);
    expect(text).toContain(a.caseNumber);
    expect(text).toContain(b.caseNumber);
    expect(text).toContain('Het bevoegd gezag van Het Onbekende College');
    expect((await getPrintBatch(database.appDb, '2026-12-02'))?.letterIds).toEqual(batch!.letterIds);
    expect(await buildPrintBatch({ db: database.appDb, pdf: chromiumPdfRenderer }, { date: '2026-12-03' })).toBeNull();
  });
});

describe('pooled SMTP connections and the raw capture', () => {
  const mail = (to: string, n: number): LetterMail => ({
    from: FROM,
    to: { name: 'Anna de Vries', address: to },
    subject: `Brief ${n} — zaak 2026-000123 (ë)`,
    text: 'Bijgaand de brief.',
    html: '<p>Bijgaand de brief.</p>',
    pdf: { filename: `brief-${n}.pdf`, content: Buffer.from('%PDF-1.4 test') },
    idempotencyKey: `pool-test:${n}:${to}`,
  });

  it('sends letters over one pooled connection and still tells a refusal (550) from a success', async () => {
    const refusing = await startRefusingSmtp((address) => address.startsWith('refused.'));
    try {
      const outcomes = [];
      for (const [i, to] of ['a@example.nl', 'c@example.nl', 'refused.b@example.nl'].entries()) outcomes.push(await sendLetterMail(refusing.url, mail(to, i)));
      expect(outcomes.map((o) => (o.ok ? 'sent' : o.kind))).toEqual(['sent', 'sent', 'permanent']);
      expect(refusing.received).toEqual(['a@example.nl', 'c@example.nl']);
      expect(refusing.connections()).toBe(1);
    } finally {
      closeMailTransports();
      await refusing.stop();
    }
  });

  it('calls a message in doubt, and sends it only once, when the server drops the connection after taking it', async () => {
    const dropping = await startDroppingSmtp();
    try {
      const outcome = await sendLetterMail(dropping.url, mail('d@example.nl', 9));
      expect(outcome).toMatchObject({ ok: false, kind: 'in-doubt' });
      // The pool does not hand the message over again on a new connection by itself.
      await new Promise((r) => setTimeout(r, 500));
      expect(dropping.messages()).toBe(1);
    } finally {
      closeMailTransports();
      await dropping.stop();
    }
  });

  it('stores the raw message and its envelope on arrival and parses the attachments when the mailbox is read', async () => {
    const to = `raw.${Date.now()}@example.nl`;
    expect(await sendLetterMail(capture.url, mail(to, 7))).toMatchObject({ ok: true });
    const row = await database.db('dev_mailbox').whereRaw('envelope_to \\? ?', [to]).first();
    expect(row.subject).toBe('Brief 7 — zaak 2026-000123 (ë)');
    expect(row.message_id).toMatch(/^<[0-9a-f]{40}@klachtencommissie-onderwijs\.nl>$/);
    expect(row.envelope_from).toBe('secretariaat@klachtencommissie-onderwijs.nl');
    expect(row).not.toHaveProperty('attachments');
    expect(row.raw.toString('latin1')).toContain('Content-Type: application/pdf; name=brief-7.pdf');
    expect(await listDevMailbox(database.appDb, { to })).toEqual([
      expect.objectContaining({ to: [to], subject: 'Brief 7 — zaak 2026-000123 (ë)', attachments: [{ filename: 'brief-7.pdf', contentType: 'application/pdf', size: 13 }] }),
    ]);
  });
});
