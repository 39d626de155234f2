/**
 * Cases for the retention tests, written straight into the read model: a complaint about pesten
 * at Basisschool De Lindeboom received 2019-01-15 (long past every retention period), in the
 * status given. The caller adds the case's events (its case.closed, if any).
 */
import type { Knex } from 'knex';

const SCHOOL = { brin: '11AA', name: 'Basisschool De Lindeboom', sector: 'primary' } as const;

/** Inserts the case (and its school, once) and returns the case's id. */
export async function insertRetentionCase(db: Knex, opts: { caseNumber: string; status: string; workflowId: string }): Promise<string> {
  await db('schools').insert({ ...SCHOOL, region: 'noord', board_name: 'Stichting Noord' }).onConflict('brin').ignore();
  const complaint = {
    complainant: { name: 'Maarten Ouderdijk', email: 'm.ouderdijk@example.nl', phone: '06 12345678', role: 'parent' },
    school: SCHOOL,
    category: 'pesten',
    description: 'Mijn dochter Fleur wordt gepest door meester Pietersen.',
    occurredOn: '2019-01-10',
    raisedWithSchool: true,
  };
  const [row] = await db('cases')
    .insert({ case_number: opts.caseNumber, status: opts.status, category: 'pesten', sector: 'primary', school_brin: SCHOOL.brin, school_name: SCHOOL.name, complaint: JSON.stringify(complaint), access_code_hash: 'hash', policy_version: '2026.1', workflow_id: opts.workflowId, received_on: '2019-01-15' })
    .returning('id');
  return String(row.id);
}
