import type { Knex } from 'knex';

/**
 * Board accounts: the contact persons of a board (bevoegd gezag) who log in to see and act on all
 * cases of the board's schools, and the per-case school links' longer life.
 *
 * - board_contacts: one row per person. role 'board' (speaks for the board itself), 'director' (a
 *   school director: only the cases of their own school, `brin`, read-only) or 'lawyer' (acts for
 *   the board on all its cases). `can_manage`: may invite and disable the board's other contacts
 *   (only a 'board' contact). The password is set by the person through a one-time invitation
 *   (only its sha256 kept); the second factor uses the same columns and code as staff accounts
 *   (api/portal/twoFactor.ts): a sealed TOTP secret, its enrolment time and the last step used.
 * - board_contact_recovery_codes: the second factor's single-use recovery codes, like staff's.
 * - school_links: expires_at may be null (the link holds until the case is closed, the default
 *   now), and `issued_to` names the board contact the secretary gave it to.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('board_contacts', (t) => {
    t.bigIncrements('id');
    t.text('board_number').notNullable().references('number').inTable('boards');
    t.text('email').notNullable().unique();
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.text('brin').references('brin').inTable('schools');
    t.boolean('can_manage').notNullable().defaultTo(false);
    t.text('password_hash');
    t.text('invite_hash').unique();
    t.timestamp('invite_expires_at', { useTz: true });
    t.text('invited_by').notNullable();
    t.text('totp_secret');
    t.timestamp('totp_enabled_at', { useTz: true });
    t.bigInteger('totp_last_step');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    t.index(['board_number']);
  });
  await knex.raw(`ALTER TABLE board_contacts ADD CONSTRAINT board_contacts_role_check CHECK (role IN ('board', 'director', 'lawyer'))`);
  await knex.raw(`ALTER TABLE board_contacts ADD CONSTRAINT board_contacts_director_school CHECK ((role = 'director') = (brin IS NOT NULL))`);
  await knex.raw(`ALTER TABLE board_contacts ADD CONSTRAINT board_contacts_manager_role CHECK (NOT can_manage OR role = 'board')`);

  await knex.schema.createTable('board_contact_recovery_codes', (t) => {
    t.bigIncrements('id');
    t.bigInteger('contact_id').notNullable().references('id').inTable('board_contacts').onDelete('CASCADE');
    t.text('code_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('used_at', { useTz: true });
    t.unique(['contact_id', 'code_hash']);
  });

  await knex.schema.alterTable('school_links', (t) => {
    t.timestamp('expires_at', { useTz: true }).nullable().alter();
    t.text('issued_to');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('school_links').whereNull('expires_at').update({ expires_at: knex.fn.now() });
  await knex.schema.alterTable('school_links', (t) => {
    t.dropColumn('issued_to');
    t.timestamp('expires_at', { useTz: true }).notNullable().alter();
  });
  await knex.schema.dropTable('board_contact_recovery_codes');
  await knex.schema.dropTable('board_contacts');
}
