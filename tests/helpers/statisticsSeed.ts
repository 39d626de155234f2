/**
 * A fixed set of cases for the statistics tests: schools, cases and their events inserted into the
 * read model directly (the statistics read only the read model; the triggers under test turn the
 * events into facts). Every figure the tests expect follows by hand from the table below; the
 * complaints carry names, addresses and free text that must never appear in an export.
 */
import type { Knex } from 'knex';

type Ev = [type: string, on: string, data?: Record<string, unknown>];

interface SeedCase {
  n: number;
  receivedOn: string;
  category: string;
  sector: string | null;
  brin: string;
  role: string;
  representative?: boolean;
  events: Ev[];
}

/** Personal data and free text the seeded complaints hold: none may leave in an export. */
export const PERSONAL = {
  names: ['Fleur Testkind-Verhoeven', 'Maarten Ouderdijk', 'Vertegenwoordiger Advocatenkantoor'],
  emails: ['fleur.testkind@example.nl', 'm.ouderdijk@example.nl'],
  phone: '06 12345678',
  description: 'Mijn dochter wordt al maanden gepest in de klas van meester Pietersen',
  reasons: 'De klacht is niet eerst bij juffrouw Jansen ingediend',
  summary: 'Afspraak gemaakt met de mentor, mevrouw Bakker',
  school: 'Basisschool De Lindeboom',
};

const adm = (on: string): Ev => ['admissibility.decided', on, { admissible: true, lateAccepted: null }];

export const SEED_CASES: SeedCase[] = [
  { n: 1, receivedOn: '2026-01-05', category: 'pesten', sector: 'primary', brin: '11AA', role: 'pupil', events: [
    ['complaint.acknowledged', '2026-01-05'], adm('2026-01-12'), ['defence.requested', '2026-01-12'], ['defence.received', '2026-02-02'],
    ['hearing.panel-formed', '2026-02-10'], ['hearing.held', '2026-03-02', { heldOn: '2026-03-02', minutes: PERSONAL.summary }], ['deliberation.started', '2026-03-02'],
    ['advice.drafted', '2026-03-20', { finding: 'gegrond', measures: 2 }], ['advice.issued', '2026-03-23', { finding: 'gegrond' }], ['advice.answered', '2026-04-10'],
    ['compliance.completed', '2026-06-01', { outcome: 'advised-complied' }], ['case.closed', '2026-06-01', { outcome: 'advised-complied' }],
  ] },
  { n: 2, receivedOn: '2026-01-20', category: 'pesten', sector: 'primary', brin: '11AA', role: 'parent', representative: true, events: [
    ['complaint.acknowledged', '2026-01-20'], ['admissibility.decided', '2026-02-10', { admissible: false, reasons: PERSONAL.reasons, decidedBy: 'chair' }], ['case.closed', '2026-02-10', { outcome: 'inadmissible' }],
  ] },
  { n: 3, receivedOn: '2026-02-03', category: 'geweld', sector: 'secondary', brin: '22BB', role: 'parent', events: [
    ['complaint.acknowledged', '2026-02-03'], ['reporting-duty.notified', '2026-02-03'], ['reporting-duty.escalated', '2026-02-11', { to: 'inspectorate' }],
    ['admissibility.overdue', '2026-02-18'], adm('2026-02-20'), ['complaint.referred', '2026-02-20'], ['referral.resolved', '2026-03-10', { summary: PERSONAL.summary }],
    ['case.closed', '2026-03-10', { outcome: 'referred' }],
  ] },
  { n: 4, receivedOn: '2026-04-01', category: 'discriminatie', sector: 'secondary', brin: '22BB', role: 'staff', events: [
    ['complaint.acknowledged', '2026-04-01'], adm('2026-04-08'), ['mediation.started', '2026-04-08'], ['mediation.settled', '2026-05-01', { summary: PERSONAL.summary }], ['case.closed', '2026-05-01', { outcome: 'settled' }],
  ] },
  { n: 5, receivedOn: '2026-04-15', category: 'seksuele-intimidatie', sector: 'vocational', brin: '33CC', role: 'pupil', events: [
    ['reporting-duty.flagged', '2026-04-15'], ['complaint.acknowledged', '2026-04-15'], ['reporting-duty.notified', '2026-04-15'], ['reporting-duty.confirmed', '2026-04-17'],
    ['complaint.withdrawn', '2026-04-20', { reason: PERSONAL.summary, requestedBy: 'complainant' }],
  ] },
  { n: 6, receivedOn: '2026-07-01', category: 'pesten', sector: 'primary', brin: '11AA', role: 'other', events: [
    ['complaint.acknowledged', '2026-07-01'], ['completion.requested', '2026-07-03'], ['completion.expired', '2026-07-20'], ['case.closed', '2026-07-20', { outcome: 'inadmissible' }],
  ] },
  { n: 7, receivedOn: '2026-10-10', category: 'overig', sector: null, brin: '22BB', role: 'pupil', events: [['complaint.acknowledged', '2026-10-10']] },
  { n: 8, receivedOn: '2026-03-10', category: 'pesten', sector: 'primary', brin: '11AA', role: 'parent', events: [
    ['complaint.acknowledged', '2026-03-10'], adm('2026-03-16'), ['defence.requested', '2026-03-16'], ['term.extended', '2026-04-01', { termId: 'defence', reason: PERSONAL.summary }],
    ['defence.not-received', '2026-04-28'], ['hearing.panel-formed', '2026-04-29'], ['hearing.postponed', '2026-05-10', { party: 'school', reason: PERSONAL.summary }],
    ['hearing.held', '2026-06-01', { heldOn: '2026-06-01' }], ['deliberation.started', '2026-06-01'], ['advice.overdue', '2026-07-01'],
    ['advice.drafted', '2026-07-14', { finding: 'ongegrond', measures: 0 }], ['advice.issued', '2026-07-15', { finding: 'ongegrond' }], ['advice.answer-overdue', '2026-08-12'],
    ['case.closed', '2026-08-12', { outcome: 'advised-no-measures' }],
  ] },
  { n: 9, receivedOn: '2026-05-05', category: 'geweld', sector: 'primary', brin: '11AA', role: 'parent', events: [
    ['complaint.acknowledged', '2026-05-05'], ['reporting-duty.notified', '2026-05-05'], ['reporting-duty.confirmed', '2026-05-08'], adm('2026-05-11'),
    ['defence.requested', '2026-05-11'], ['defence.received', '2026-06-01'], ['hearing.panel-formed', '2026-06-03'], ['hearing.held', '2026-07-06', { heldOn: '2026-07-06' }],
    ['deliberation.started', '2026-07-06'], ['advice.drafted', '2026-07-17', { finding: 'deels-gegrond', measures: 3 }], ['advice.issued', '2026-07-20', { finding: 'deels-gegrond' }],
    ['advice.answered', '2026-08-10'], ['compliance.escalated', '2026-10-20', { outcome: 'advised-not-complied' }], ['case.closed', '2026-10-20', { outcome: 'advised-not-complied' }],
  ] },
  // The year before: in no figure of 2026.
  { n: 10, receivedOn: '2025-12-20', category: 'pesten', sector: 'primary', brin: '11AA', role: 'pupil', events: [['complaint.acknowledged', '2025-12-22']] },
  { n: 11, receivedOn: '2026-11-02', category: 'pesten', sector: 'secondary', brin: '22BB', role: 'pupil', events: [
    ['complaint.acknowledged', '2026-11-02'], ['term.suspended', '2026-11-05', { termId: 'admissibility', reason: 'force-majeure' }],
  ] },
];

export async function seedStatistics(db: Knex, opts: { yearPrefix?: string } = {}): Promise<void> {
  await db('schools')
    .insert([
      { brin: '11AA', name: PERSONAL.school, sector: 'primary', region: 'noord', board_name: 'Stichting Noord', board_email: 'bestuur@noord.example.nl' },
      { brin: '22BB', name: 'Het Zuidcollege', sector: 'secondary', region: 'zuid', board_name: 'Stichting Zuid', board_email: 'bestuur@zuid.example.nl' },
      { brin: '33CC', name: 'ROC Noorderlicht', sector: 'vocational', region: 'noord', board_name: 'Stichting Noord', board_email: 'bestuur@noord.example.nl' },
    ])
    .onConflict('brin')
    .ignore();
  const prefix = opts.yearPrefix ?? '1999';
  for (const c of SEED_CASES) {
    const complaint = {
      complainant: { name: PERSONAL.names[c.n % 2], email: PERSONAL.emails[c.n % 2], phone: PERSONAL.phone, role: c.role },
      ...(c.representative ? { representative: { name: PERSONAL.names[2], email: 'advocaat@example.nl', relation: 'advocaat' } } : {}),
      school: { brin: c.brin, name: PERSONAL.school, ...(c.sector ? { sector: c.sector } : {}) },
      category: c.category,
      description: PERSONAL.description,
      occurredOn: c.receivedOn,
      raisedWithSchool: true,
    };
    const [row] = await db('cases')
      .insert({
        case_number: `${prefix}-${String(900000 + c.n).padStart(6, '0')}`,
        status: 'received',
        category: c.category,
        sector: c.sector,
        school_brin: c.brin,
        school_name: PERSONAL.school,
        complaint: JSON.stringify(complaint),
        access_code_hash: 'x',
        policy_version: '2026.1',
        workflow_id: `stats-seed-${prefix}-${c.n}`,
        received_on: c.receivedOn,
      })
      .returning('id');
    for (const [type, on, data] of c.events) {
      await db('case_events').insert({ case_id: row.id, type, actor: 'system', data: JSON.stringify(data ?? {}), occurred_at: `${on}T11:00:00Z` });
    }
  }
}
