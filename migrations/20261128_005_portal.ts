import type { Knex } from 'knex';

/**
 * The portals: staff users, server-side sessions, school access links, the document store with its
 * upload receipts, and the rate-limit counters. Secrets (session ids, link tokens, passwords) are
 * stored only as hashes, so a copy of the database opens no door.
 *
 * Document contents live in PostgreSQL (bytea), not in files under the data dir: a document and its
 * metadata, its case and its receipt commit in one transaction, one backup holds everything, and no
 * second store has to be kept consistent, mounted and secured in Docker Compose. Sizes fit: uploads
 * are capped at 10 MB and the volume is thousands of cases a year, far within what TOAST handles.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.bigIncrements('id');
    t.text('email').notNullable().unique();
    t.text('name').notNullable();
    t.text('role').notNullable();
    // scrypt, with its parameters and salt in the string (see api/portal/passwords.ts).
    t.text('password_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('secretary', 'chair', 'member', 'admin'))`);

  await knex.schema.createTable('web_sessions', (t) => {
    // sha256 of the cookie value: the value itself is never stored.
    t.text('id_hash').primary();
    t.text('csrf_token').notNullable();
    // Who the session speaks for: nobody yet, a complainant of one case, a school link, or a staff user.
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
  });

  await knex.schema.createTable('school_links', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('token_hash').notNullable().unique();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    t.index(['case_id']);
  });

  await knex.schema.createTable('documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    // The party that uploaded it (complainant, school, secretary) and the acting user or link.
    t.text('uploaded_by').notNullable();
    t.text('uploaded_by_actor').notNullable();
    t.text('kind').notNullable();
    // As the uploader named it: shown, never used as a path or a type.
    t.text('original_name').notNullable();
    t.text('stored_name').notNullable().unique();
    // Decided from the file's own bytes (magic numbers), never from the client's claim.
    t.text('mime_type').notNullable();
    t.integer('size_bytes').notNullable();
    t.text('sha256').notNullable();
    // Parties that may see it; the uploader sees its own, the secretary releases to others.
    t.jsonb('released_to').notNullable().defaultTo('[]');
    t.binary('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id', 'created_at']);
  });
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_kind_check
    CHECK (kind IN ('complaint', 'defence', 'reply', 'rejoinder', 'evidence', 'attachment'))`);

  await knex.schema.createTable('upload_receipts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Short, readable reference quoted on the receipt page (e.g. "OB-7K3M-9QX2").
    t.text('reference').notNullable().unique();
    t.bigInteger('case_id').notNullable().references('id').inTable('cases');
    t.text('party').notNullable();
    t.text('purpose').notNullable();
    t.jsonb('documents').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });

  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('count').notNullable();
    t.primary(['key', 'window_start']);
    t.index(['window_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
  await knex.schema.dropTable('upload_receipts');
  await knex.schema.dropTable('documents');
  await knex.schema.dropTable('school_links');
  await knex.schema.dropTable('web_sessions');
  await knex.schema.dropTable('users');
}
