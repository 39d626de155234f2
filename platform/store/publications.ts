/**
 * Data access for published advice (migration 20261203_publish_001): the cases whose advice can be
 * published, the source a draft starts from, the steps of a publication with their audit entries,
 * and the public list with its full-text search. Public reads only ever see `published` rows.
 */
import type { Knex } from 'knex';
import type { LetterDetailsByKind } from '../../domain/letterDetails';
import type { PublicationStatus } from '../../domain/publication';
import type { CaseParticulars } from '../../domain/publication';
import { appendEvent } from './cases';

export interface PublicationRow {
  id: string;
  case_id: string;
  case_number: string;
  status: PublicationStatus;
  advice_year: number;
  advice_month: number;
  category: string;
  sector: string | null;
  finding: string;
  body: string;
  prepared_by: string;
  editors: string[];
  submitted_by: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  unpublished_by: string | null;
  unpublished_at: Date | null;
  unpublish_reason: string | null;
  updated_at: Date;
}

export interface PublicPublication {
  id: string;
  advice_year: number;
  advice_month: number;
  category: string;
  sector: string | null;
  finding: string;
  body: string;
}

/** Cases whose advice has gone out and that have no publication yet (newest first). */
export async function publishableCases(db: Knex, limit = 100): Promise<Array<{ case_number: string; category: string; issued_on: Date }>> {
  return db('cases as c')
    .join('case_events as e', function () {
      this.on('e.case_id', 'c.id').andOnVal('e.type', 'advice.issued');
    })
    .whereNotExists(db('advice_publications as p').whereRaw('p.case_id = c.id'))
    .orderBy('e.occurred_at', 'desc')
    .limit(limit)
    .select('c.case_number', 'c.category', 'e.occurred_at as issued_on');
}

export interface AdviceSource {
  caseId: string;
  category: string;
  sector: string | null;
  advice: LetterDetailsByKind['advies'];
  issuedOn: Date;
  particulars: CaseParticulars;
}

/** What a publication of this case starts from; undefined when its advice has not gone out. */
export async function adviceSource(db: Knex, caseNumber: string): Promise<AdviceSource | undefined> {
  const row = await db('cases as c')
    .join('case_events as e', function () {
      this.on('e.case_id', 'c.id').andOnVal('e.type', 'advice.issued');
    })
    .leftJoin('schools as s', 's.brin', 'c.school_brin')
    .leftJoin('boards as b', 'b.number', 's.board_number')
    .where('c.case_number', caseNumber)
    .first('c.id', 'c.school_brin', 'c.category', 'c.sector', 'c.school_name', 'c.complaint', 'e.occurred_at', 's.name as register_name', 's.place as school_place', 'b.place as board_place');
  if (!row) return undefined;
  const letter = await db('letters').where({ case_id: row.id, kind: 'advies' }).whereNot('status', 'awaiting-approval').orderBy('id').first('data_snapshot');
  const advice = letter?.data_snapshot?.details as LetterDetailsByKind['advies'] | undefined;
  if (!advice) return undefined;
  const complaint = row.complaint ?? {};
  const locations: Array<{ name: string; place: string | null }> = await db('school_locations').where({ brin: row.school_brin ?? '' }).select('name', 'place');
  return {
    caseId: String(row.id),
    category: row.category,
    sector: row.sector,
    advice,
    issuedOn: new Date(row.occurred_at),
    particulars: {
      complainant: { name: complaint.complainant?.name ?? '', role: complaint.complainant?.role },
      representative: complaint.representative?.name ? { name: complaint.representative.name } : undefined,
      schoolNames: unique([row.school_name, complaint.school?.name, row.register_name, ...locations.map((l) => l.name)]),
      places: unique([complaint.school?.place, row.school_place, row.board_place, ...locations.map((l) => l.place)]),
    },
  };
}

const unique = (values: Array<string | null | undefined>): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()))];

const SELECT = ['p.*', 'c.case_number'];

export async function findPublication(db: Knex, id: string): Promise<PublicationRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return db('advice_publications as p').join('cases as c', 'c.id', 'p.case_id').where('p.id', id).first(SELECT);
}

export async function listPublications(db: Knex): Promise<PublicationRow[]> {
  return db('advice_publications as p').join('cases as c', 'c.id', 'p.case_id').orderBy('p.updated_at', 'desc').limit(200).select(SELECT);
}

/** A new draft and its audit entry; undefined when the case already has a publication. */
export async function createDraft(
  db: Knex,
  draft: { caseId: string; year: number; month: number; category: string; sector: string | null; finding: string; body: string; by: string; proposals: number },
): Promise<string | undefined> {
  return db.transaction(async (trx) => {
    const [row] = await trx('advice_publications')
      .insert({
        case_id: draft.caseId,
        status: 'draft',
        advice_year: draft.year,
        advice_month: draft.month,
        category: draft.category,
        sector: draft.sector,
        finding: draft.finding,
        body: draft.body,
        prepared_by: draft.by,
        editors: [draft.by],
      })
      .onConflict('case_id')
      .ignore()
      .returning('id');
    if (!row) return undefined;
    await appendEvent(trx, { caseId: draft.caseId, type: 'publication.prepared', actor: draft.by, data: { publicationId: String(row.id), proposals: draft.proposals } });
    return String(row.id);
  });
}

type Change = { body?: string; status?: PublicationStatus; reason?: string };

/**
 * One step of a publication, with its audit entry, provided the row is still in the state the step
 * was checked against (a concurrent step makes this return false and change nothing).
 */
export async function applyStep(db: Knex, p: PublicationRow, step: { event: string; by: string; change: Change }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const update: Record<string, unknown> = { updated_at: trx.fn.now() };
    const { body, status, reason } = step.change;
    if (body !== undefined) update.body = body;
    if (status) update.status = status;
    if (body !== undefined || status === 'awaiting-approval') update.editors = trx.raw('array(SELECT DISTINCT unnest(editors || ?::text[]))', [[step.by]]);
    if (status === 'awaiting-approval') update.submitted_by = step.by;
    if (status === 'published') Object.assign(update, { approved_by: step.by, approved_at: trx.fn.now() });
    if (status === 'unpublished') Object.assign(update, { unpublished_by: step.by, unpublished_at: trx.fn.now(), unpublish_reason: reason ?? null });
    const changed = await trx('advice_publications').where({ id: p.id, status: p.status }).update(update);
    if (changed !== 1) return false;
    await appendEvent(trx, { caseId: p.case_id, type: step.event, actor: step.by, data: { publicationId: p.id, ...(reason ? { reason } : {}) } });
    return true;
  });
}

export interface PublicQuery {
  year?: number;
  category?: string;
  sector?: string;
  q?: string;
  page: number;
}

export const PUBLIC_PAGE_SIZE = 20;

function publicRows(db: Knex, query: PublicQuery) {
  const rows = db('advice_publications').where('status', 'published');
  if (query.year) rows.where('advice_year', query.year);
  if (query.category) rows.where('category', query.category);
  if (query.sector) rows.where('sector', query.sector);
  // websearch_to_tsquery reads what people type (words, "a phrase", -not) and never fails on syntax.
  if (query.q) rows.whereRaw(`search @@ websearch_to_tsquery('dutch', ?)`, [query.q]);
  return rows;
}

/** Published advice matching the query, newest first, one page; and how many match. */
export async function publicList(db: Knex, query: PublicQuery): Promise<{ total: number; rows: PublicPublication[] }> {
  const [{ count }] = await publicRows(db, query).count<Array<{ count: string }>>({ count: '*' });
  const rows = await publicRows(db, query)
    .orderBy([
      { column: 'advice_year', order: 'desc' },
      { column: 'advice_month', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(PUBLIC_PAGE_SIZE)
    .offset((query.page - 1) * PUBLIC_PAGE_SIZE)
    .select('id', 'advice_year', 'advice_month', 'category', 'sector', 'finding', 'body');
  return { total: Number(count), rows };
}

/** The years in which something was published, for the list's year filter. */
export async function publicYears(db: Knex): Promise<number[]> {
  const rows = await db('advice_publications').where('status', 'published').distinct('advice_year').orderBy('advice_year', 'desc');
  return rows.map((r) => Number(r.advice_year));
}

export async function findPublished(db: Knex, id: string): Promise<PublicPublication | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return db('advice_publications').where({ id, status: 'published' }).first('id', 'advice_year', 'advice_month', 'category', 'sector', 'finding', 'body');
}
