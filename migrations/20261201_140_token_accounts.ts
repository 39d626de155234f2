import type { Knex } from 'knex';

/**
 * API tokens are tied to the staff account they speak for and expire.
 *
 * - staff_user_id: the users row of a staff token; the role is read from that row on every request
 *   (the role column is kept as the role at issue, for the list). School tokens have none.
 * - expires_at: every token ends; tokens issued before this migration get 90 days from now.
 * - last_used_at: shown on the token pages, so a forgotten token can be recognised and revoked.
 *
 * Existing staff tokens whose user_id is a users row's id are linked to it and from now on act as
 * `user:<id>` (domain/actors.ts). Staff tokens that name no account are revoked: their role would
 * come from nowhere.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_tokens', (t) => {
    t.bigInteger('staff_user_id').references('id').inTable('users');
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    t.text('revoked_by');
    t.index(['staff_user_id']);
  });
  await knex.raw(`UPDATE api_tokens t SET staff_user_id = u.id, user_id = 'user:' || u.id
    FROM users u WHERE t.role <> 'school' AND t.user_id ~ '^[0-9]{1,18}$' AND u.id = t.user_id::bigint`);
  await knex.raw(`UPDATE api_tokens SET revoked_at = now(), revoked_by = 'migration 20261201_140'
    WHERE role <> 'school' AND staff_user_id IS NULL AND revoked_at IS NULL`);
  await knex.raw(`UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL`);
  await knex.raw('ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL');
  await knex.raw(`ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_owner_check
    CHECK ((role = 'school') = (staff_user_id IS NULL))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_owner_check');
  await knex.raw(`UPDATE api_tokens SET user_id = staff_user_id::text WHERE staff_user_id IS NOT NULL`);
  await knex.schema.alterTable('api_tokens', (t) => {
    t.dropIndex(['staff_user_id']);
    t.dropColumn('revoked_by');
    t.dropColumn('last_used_at');
    t.dropColumn('expires_at');
    t.dropColumn('staff_user_id');
  });
}
