import type { Knex } from 'knex';

/**
 * pgcrypto's hmac(): the intake files a complaint in one statement (platform/store/cases.ts
 * insertFiledCase), so the access code's hash, which covers the case number the counter hands out
 * in that statement, is computed there too. pgcrypto is a trusted extension (no superuser needed).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pgcrypto');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP EXTENSION IF EXISTS pgcrypto');
}
