/** Cases, schools and mail servers for the letter tests, on the test's own database. */
import crypto from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import net, { type AddressInfo } from 'node:net';
import type { ComplaintInput } from '../../../domain/intake';
import type { Respondent } from '../../../domain/letters';
import type { Db } from '../../../platform/db';
import { insertCase } from '../../../platform/store/cases';
import { sampleComplaint } from '../../helpers/fixtures';

let counter = 0;

export async function createCase(db: Db, complaint: ComplaintInput & { respondent?: Respondent } = sampleComplaint()): Promise<{ id: string; caseNumber: string }> {
  counter += 1;
  const caseNumber = `2026-${String(900000 + counter + Math.floor(Math.random() * 1000) * 100).padStart(6, '0')}`;
  const row = await db.transaction((trx) =>
    insertCase(trx, {
      case_number: caseNumber,
      status: 'admissibility',
      category: complaint.category,
      sector: complaint.school.sector ?? null,
      school_brin: complaint.school.brin ?? '',
      school_name: complaint.school.name,
      language: complaint.language ?? 'nl',
      complaint,
      access_code_hash: crypto.randomBytes(16).toString('hex'),
      policy_version: '2026.1',
      workflow_id: `complaint-${caseNumber}`,
      received_on: '2026-11-20',
    }),
  );
  return { id: String(row.id), caseNumber };
}

export async function addSchool(db: Db, school: { brin: string; name: string; boardEmail?: string | null; boardPostalAddress?: string | null }): Promise<void> {
  await db('schools')
    .insert({
      brin: school.brin,
      name: school.name,
      sector: 'primary',
      region: 'midden',
      board_name: `Stichting ${school.name}`,
      board_email: school.boardEmail === undefined ? `bestuur@${school.brin.toLowerCase()}.example.nl` : school.boardEmail,
      board_postal_address: school.boardPostalAddress ?? 'Postbus 1\n3500 AA Utrecht',
    })
    .onConflict('brin')
    .merge();
}

/** A strict SMTP server that refuses some recipients for good (550), like a real relay would. */
export async function startRefusingSmtp(refuse: (address: string) => boolean): Promise<{ url: string; received: string[]; connections: () => number; stop(): Promise<void> }> {
  const received: string[] = [];
  let connections = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (refuse(address.address)) callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, connections: () => connections, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * An SMTP server that takes the whole message and then drops the connection instead of answering
 * (a crash or a cut line after the hand-over): the sender cannot know whether the mail went out.
 */
export async function startDroppingSmtp(): Promise<{ url: string; messages: () => number; stop(): Promise<void> }> {
  let messages = 0;
  const server = net.createServer((socket) => {
    let inData = false;
    let buffer = '';
    socket.write('220 dropping.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages++;
          socket.destroy();
          return;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (line.startsWith('EHLO') || line.startsWith('HELO')) socket.write('250 dropping.test\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages: () => messages, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
