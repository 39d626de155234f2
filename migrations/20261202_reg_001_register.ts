import type { Knex } from 'knex';

/**
 * The public register of boards, schools and locations (DUO open data), and the committee's own
 * record of which boards are affiliated with it. `schools` existed already (letters read the board's
 * address from it); it gains its board, address and whether the register or a person entered it.
 * Entries the register drops are ended, never deleted: old cases keep pointing at them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('boards', (t) => {
    // BEVOEGD GEZAG NUMMER.
    t.text('number').primary();
    t.text('name').notNullable();
    t.text('street');
    t.text('postcode');
    t.text('place');
    /** The address letters go to: the correspondence address when the register has one. */
    t.text('postal_address');
    t.text('email');
    t.text('phone');
    t.text('website');
    t.date('ended_on');
    /** Affiliated with the national committee from this date; null: not affiliated. Never set by an import. */
    t.date('affiliated_since');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE INDEX boards_name_idx ON boards (lower(name))');

  await knex.schema.alterTable('schools', (t) => {
    t.text('board_number').references('number').inTable('boards');
    t.text('street');
    t.text('postcode');
    t.text('place');
    t.date('ended_on');
    // 'register': from an import; 'manual': entered by the secretary (an import never ends it).
    t.text('source').notNullable().defaultTo('manual');
    t.index(['board_number']);
  });
  await knex.raw(`ALTER TABLE schools ADD CONSTRAINT schools_source_check CHECK (source IN ('register', 'manual'))`);

  await knex.schema.createTable('school_locations', (t) => {
    t.text('brin').notNullable().references('brin').inTable('schools');
    // VESTIGINGSNUMMER, two digits; '00' is the main location.
    t.text('number').notNullable();
    t.text('name').notNullable();
    t.text('sector');
    t.text('street');
    t.text('postcode');
    t.text('place');
    t.date('ended_on');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['brin', 'number']);
  });

  // How intake matched the school: 'register' (found), 'unmatched' (flagged for the secretary),
  // 'linked' / 'manual' (the secretary linked it or entered it by hand). Null: filed before the register.
  await knex.schema.alterTable('cases', (t) => {
    t.text('school_match');
  });
  await knex.raw(`ALTER TABLE cases ADD CONSTRAINT cases_school_match_check CHECK (school_match IS NULL OR school_match IN ('register', 'unmatched', 'linked', 'manual'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_school_match_check');
  await knex.schema.alterTable('cases', (t) => t.dropColumn('school_match'));
  await knex.schema.dropTable('school_locations');
  await knex.raw('ALTER TABLE schools DROP CONSTRAINT IF EXISTS schools_source_check');
  await knex.schema.alterTable('schools', (t) => {
    t.dropColumn('source');
    t.dropColumn('ended_on');
    t.dropColumn('place');
    t.dropColumn('postcode');
    t.dropColumn('street');
    t.dropColumn('board_number');
  });
  await knex.schema.dropTable('boards');
}
