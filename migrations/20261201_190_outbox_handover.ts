import type { Knex } from 'knex';

/**
 * When the SMTP hand-over of a claimed outbox row began. Set in its own committed statement just
 * before the transport sends, so a row whose lease expired tells apart "the sender died before
 * anything left the building" (null: safe to send again) from "the mail may be at the server"
 * (set: in doubt, for the secretary). See activities/letters/delivery.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letter_outbox', (t) => {
    t.timestamp('handover_started_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('letter_outbox', (t) => {
    t.dropColumn('handover_started_at');
  });
}
