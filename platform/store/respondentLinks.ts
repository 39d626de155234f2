/**
 * The personal code of a person complained about: 100 random bits written as five groups of four
 * letters and digits (typed from a paper letter as easily as clicked), so that a link
 * /betrokkene/<code> opens their own page. Stored only as a sha256 hash (100 bits make an offline
 * guess hopeless; the rate limit on checks keeps online guessing expensive). One live code per
 * respondent: issuing a new one revokes the old. A code opens something only while its case is open.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { CLOSED_OUTCOMES } from '../../domain/caseStatus';
import { currentConfig } from '../config';

// No 0/O, 1/I: codes are typed from paper.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const LENGTH = 20;
const CODE_SHAPE = /^[A-Z2-9]{20}$/;

const normalise = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
const hash = (code: string) => crypto.createHash('sha256').update(`respondent:${normalise(code)}`).digest('hex');

function randomCode(): string {
  const bytes = crypto.randomBytes(LENGTH);
  // 256 is a multiple of 32: every character is equally likely.
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Where a respondent's link points: PUBLIC_BASE_URL, else this machine's portal (development). */
export function respondentLinkUrl(code: string): string {
  const config = currentConfig();
  const base = (config.publicBaseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  return `${base}/betrokkene/${code}`;
}

export interface IssuedRespondentLink {
  linkId: string;
  code: string;
  url: string;
  /** How many earlier codes of this respondent stopped working. */
  revoked: number;
}

/** A new code for respondent `respondent` of the case; earlier ones of that respondent stop working. */
export async function issueRespondentLink(db: Knex, caseId: string, respondent: number, createdBy: string, via: 'letter' | 'console'): Promise<IssuedRespondentLink> {
  const code = randomCode();
  const run = async (trx: Knex.Transaction) => {
    const revoked = await trx('respondent_links').where({ case_id: caseId, respondent }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
    const [row] = await trx('respondent_links').insert({ case_id: caseId, respondent, token_hash: hash(code), created_by: createdBy, issued_via: via }).returning('id');
    return { linkId: String(row.id), code, url: respondentLinkUrl(code), revoked };
  };
  return db.isTransaction ? run(db as Knex.Transaction) : db.transaction(run);
}

function usable(db: Knex) {
  return db('respondent_links').join('cases', 'cases.id', 'respondent_links.case_id').whereNull('respondent_links.revoked_at').whereNotIn('cases.status', CLOSED_OUTCOMES);
}

export interface ActiveRespondentLink {
  linkId: string;
  caseId: string;
  caseNumber: string;
  respondent: number;
}

/** What a code opens: its case and respondent, while neither revoked nor closed. */
export async function resolveRespondentLink(db: Knex, code: string): Promise<ActiveRespondentLink | undefined> {
  if (!CODE_SHAPE.test(normalise(code))) return undefined;
  const row = await usable(db).where('respondent_links.token_hash', hash(code)).first('respondent_links.id', 'respondent_links.case_id', 'respondent_links.respondent', 'cases.case_number');
  if (!row) return undefined;
  await db('respondent_links').where({ id: row.id }).update({ last_used_at: db.fn.now() });
  return { linkId: String(row.id), caseId: String(row.case_id), caseNumber: row.case_number, respondent: row.respondent };
}

/** Whether a link opened into a session still holds (revoking it or closing the case ends the session's access). */
export async function respondentLinkStillValid(db: Knex, linkId: string): Promise<boolean> {
  return (await usable(db).where('respondent_links.id', linkId).first('respondent_links.id')) !== undefined;
}

/** Revokes the live code of one respondent; answers how many stopped working. */
export async function revokeRespondentLinks(db: Knex, caseId: string, respondent: number): Promise<number> {
  return db('respondent_links').where({ case_id: caseId, respondent }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}

/** For the console: per respondent, when their live code was made, how, and last used. */
export async function currentRespondentLinks(db: Knex, caseId: string): Promise<Map<number, { createdAt: Date; issuedVia: string; lastUsedAt: Date | null }>> {
  const rows = await db('respondent_links').where({ case_id: caseId }).whereNull('revoked_at').select('respondent', 'created_at', 'issued_via', 'last_used_at');
  return new Map(rows.map((r) => [r.respondent as number, { createdAt: r.created_at, issuedVia: r.issued_via, lastUsedAt: r.last_used_at }]));
}

/** Letters addressed to one person complained about (their key in the letter's addressee), never drafts. */
function respondentLetters(db: Knex, caseId: string, respondent: number) {
  return db('letters')
    .where({ case_id: caseId, addressee_role: 'respondent' })
    .whereRaw("addressee->>'key' = ?", [`respondent:${respondent}`])
    .whereNot('status', 'awaiting-approval');
}

export async function respondentLetterList(db: Knex, caseId: string, respondent: number): Promise<Array<{ id: string; kind: string; subject: string; created_at: Date }>> {
  return respondentLetters(db, caseId, respondent).orderBy('id').select('id', 'kind', 'subject', 'created_at');
}

export async function respondentLetter<C extends 'id' | 'subject' | 'html'>(db: Knex, caseId: string, respondent: number, id: string, ...columns: C[]): Promise<Record<C, string> | undefined> {
  return (await respondentLetters(db, caseId, respondent).where({ id }).first(...columns)) as Record<C, string> | undefined;
}
