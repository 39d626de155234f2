import type { Knex } from 'knex';

/**
 * Staff accounts get a second factor and a forced change of an admin-set password.
 *
 * - must_change_password: set when an administrator (or scripts/create-user.ts) chose the password;
 *   until its owner sets their own, the login leads to the change-password page and nowhere else.
 * - totp_secret: the authenticator app's secret, sealed with AES-256-GCM under a key derived from
 *   KLACHTFLOW_SECRET (api/portal/seal.ts); never readable in the table, never shown again.
 * - totp_enabled_at: when the first code confirmed the enrolment; the factor counts only from then.
 * - totp_last_step: the RFC 6238 time step of the last code accepted; a code of that step or an
 *   earlier one is refused (no replay within the code's window).
 * - staff_recovery_codes: ten single-use codes per enrolment, stored as sha256 (they are random, 50
 *   bits each, so a slow hash adds nothing); used_at marks the one use.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.text('totp_secret');
    t.timestamp('totp_enabled_at', { useTz: true });
    t.bigInteger('totp_last_step');
  });
  await knex.schema.createTable('staff_recovery_codes', (t) => {
    t.bigIncrements('id');
    t.bigInteger('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('code_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('used_at', { useTz: true });
    t.unique(['user_id', 'code_hash']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_recovery_codes');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('totp_last_step');
    t.dropColumn('totp_enabled_at');
    t.dropColumn('totp_secret');
    t.dropColumn('must_change_password');
  });
}
