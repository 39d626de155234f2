import type { Knex } from 'knex';

/**
 * Panel members log in to the portal as staff users (role member or chair). A committee member is
 * linked to the user who speaks for them: by `user_id` when an administrator set it, otherwise by
 * the same e-mail address (api/web/parties/panel.ts). One user per member, so a login never opens
 * another member's hearings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('committee_members', (t) => {
    t.bigInteger('user_id').references('id').inTable('users');
    t.unique(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('committee_members', (t) => {
    t.dropUnique(['user_id']);
    t.dropColumn('user_id');
  });
}
