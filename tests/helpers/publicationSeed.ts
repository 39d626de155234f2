/**
 * A case whose advice has gone out, inserted into the read model directly (the publication reads
 * only the read model: the case, its `advice.issued` event, its advice letter and its school), for
 * the publication tests. Its advice names the complainant, a teacher, the school, its place and dates.
 */
import type { Knex } from 'knex';

export const ADVICE = {
  finding: 'gegrond',
  reasons:
    'Maarten Ouderdijk diende op 12 maart 2026 een klacht in over het pesten van Fleur in de klas van meester Pietersen op Basisschool De Lindeboom in Zwolle. ' +
    'De school heeft onvoldoende gedaan; Pietersen greep niet in.',
  recommendations: 'Bespreek het pestprotocol met het team.',
  binding: true,
  measures: [{ id: 'm1', description: 'Stel een pestcoördinator aan.', due: '2026-05-04' }],
};

/** The case number of the seeded case `n` (1999-9001xx: never one intake hands out in a test). */
export const seededCaseNumber = (n: number) => `1999-${String(900100 + n)}`;

export async function seedAdvisedCase(db: Knex, n: number, opts: { issuedAt?: string; category?: string; sector?: string; reasons?: string } = {}): Promise<string> {
  await db('schools').insert({ brin: '11AA', name: 'Basisschool De Lindeboom', sector: 'primary', region: 'noord', board_name: 'Stichting Noord', place: 'Zwolle' }).onConflict('brin').ignore();
  const complaint = {
    complainant: { name: 'Maarten Ouderdijk', email: 'm.ouderdijk@example.nl', role: 'parent' },
    school: { brin: '11AA', name: 'Basisschool De Lindeboom', place: 'Zwolle', sector: 'primary' },
    category: opts.category ?? 'pesten',
    description: 'Mijn dochter Fleur wordt gepest.',
    occurredOn: '2026-02-01',
    raisedWithSchool: true,
  };
  const [row] = await db('cases')
    .insert({
      case_number: seededCaseNumber(n),
      status: 'advice-issued',
      category: opts.category ?? 'pesten',
      sector: opts.sector ?? 'primary',
      school_brin: '11AA',
      school_name: 'Basisschool De Lindeboom',
      complaint: JSON.stringify(complaint),
      access_code_hash: 'x',
      policy_version: '2026.1',
      workflow_id: `publication-seed-${n}`,
      received_on: '2026-01-10',
    })
    .returning('id');
  const issuedAt = opts.issuedAt ?? '2026-03-23T11:00:00Z';
  await db('case_events').insert({ case_id: row.id, type: 'advice.issued', actor: 'system', data: JSON.stringify({ finding: ADVICE.finding }), occurred_at: issuedAt });
  const details = { ...ADVICE, ...(opts.reasons ? { reasons: opts.reasons } : {}) };
  await db('letters').insert({
    case_id: row.id,
    kind: 'advies',
    addressee_role: 'complainant',
    addressee: JSON.stringify({ name: 'Maarten Ouderdijk', email: 'm.ouderdijk@example.nl' }),
    language: 'nl',
    subject: 'Advies van de commissie',
    template_id: 'advies',
    template_version: 1,
    template_hash: 'seed',
    data_snapshot: JSON.stringify({ details }),
    html: '<p>advies</p>',
    status: 'sent',
    dedupe_key: `publication-seed-${n}-advies`,
  });
  return String(row.id);
}
