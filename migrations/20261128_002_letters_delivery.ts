import type { Knex } from 'knex';

/**
 * Letters of the whole procedure and their delivery: school boards' contact details, four-eyes
 * approval of decisions, the PDF of every letter, an outbox that sends each letter at most once per
 * addressee, the daily print batch, and the development mailbox of `npm start`.
 */
export async function up(knex: Knex): Promise<void> {
  // The school board (bevoegd gezag) is the committee's counter-party; letters need its address.
  // Filled from the national register (DUO); a school missing here gets a letter for print.
  await knex.schema.createTable('schools', (t) => {
    t.text('brin').primary();
    t.text('name').notNullable();
    t.text('sector');
    t.text('region');
    t.text('board_name').notNullable();
    t.text('board_email');
    t.text('board_postal_address');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE schools ADD CONSTRAINT schools_region_check CHECK (region IS NULL OR region IN ('noord', 'midden', 'zuid'))`);

  await knex.schema.alterTable('letters', (t) => {
    // Who drafted the letter (the step's actor) and who approved it: four-eyes for decisions.
    t.text('drafted_by').notNullable().defaultTo('system');
    t.text('approved_by');
    t.timestamp('approved_at', { useTz: true });
    // The letters of one decision (same step and kind, one per addressee) are approved together.
    t.text('batch_key');
    t.text('last_error');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['batch_key']);
    t.index(['status']);
  });
  await knex.raw(`ALTER TABLE letters ADD CONSTRAINT letters_status_check
    CHECK (status IN ('stored', 'awaiting-approval', 'approved', 'queued', 'sent', 'print', 'failed'))`);

  // Kept apart from `letters` so reading a case's letters never drags megabytes of PDF along.
  await knex.schema.createTable('letter_pdfs', (t) => {
    t.bigInteger('letter_id').primary().references('id').inTable('letters');
    t.binary('pdf').notNullable();
    t.text('sha256').notNullable();
    t.text('renderer').notNullable();
    t.timestamp('rendered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One row per letter and addressee (a letter row has exactly one addressee). The idempotency key
  // is unique: however often a step or an approval is retried, a letter is queued once.
  await knex.schema.createTable('letter_outbox', (t) => {
    t.bigIncrements('id');
    t.bigInteger('letter_id').notNullable().references('id').inTable('letters');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('idempotency_key').notNullable().unique();
    t.text('channel').notNullable();
    t.text('recipient_email');
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    // Set when a sender claims the row; a row left in `sending` past its lease is in doubt.
    t.timestamp('claimed_at', { useTz: true });
    t.text('message_id');
    t.text('smtp_response');
    t.timestamp('sent_at', { useTz: true });
    t.date('print_date');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'status']);
    t.index(['status']);
  });
  await knex.raw(`ALTER TABLE letter_outbox ADD CONSTRAINT letter_outbox_channel_check CHECK (channel IN ('email', 'print'))`);
  await knex.raw(`ALTER TABLE letter_outbox ADD CONSTRAINT letter_outbox_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'print', 'failed'))`);
  await knex.raw(`CREATE INDEX letter_outbox_print_idx ON letter_outbox (print_date) WHERE channel = 'print'`);

  // The day's print letters as one PDF, regenerated on request; kept so the printed batch is on file.
  await knex.schema.createTable('print_batches', (t) => {
    t.date('print_date').primary();
    t.binary('pdf').notNullable();
    t.jsonb('letter_ids').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // What the in-process SMTP capture of `npm start` received (development only; empty in production).
  await knex.schema.createTable('dev_mailbox', (t) => {
    t.bigIncrements('id');
    t.text('envelope_from');
    t.jsonb('envelope_to').notNullable();
    t.text('message_id');
    t.text('subject');
    t.jsonb('attachments').notNullable().defaultTo('[]');
    t.binary('raw').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dev_mailbox');
  await knex.schema.dropTable('print_batches');
  await knex.schema.dropTable('letter_outbox');
  await knex.schema.dropTable('letter_pdfs');
  await knex.raw('ALTER TABLE letters DROP CONSTRAINT IF EXISTS letters_status_check');
  await knex.schema.alterTable('letters', (t) => {
    t.dropIndex(['batch_key']);
    t.dropIndex(['status']);
    t.dropColumns('drafted_by', 'approved_by', 'approved_at', 'batch_key', 'last_error', 'updated_at');
  });
  await knex.schema.dropTable('schools');
}
