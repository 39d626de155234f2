import type { Knex } from 'knex';

/**
 * Published advice (issue 17): the anonymised version of an advice the committee has sent, from the
 * secretary's draft through the chair's approval to the public page /uitspraken.
 *
 * One row per case. `body` holds only the reviewed, redacted text: the original stays in the advice
 * letter (letters.data_snapshot), so retention can remove the case's personal data and keep this row.
 * The row keeps no name of a party, no school and no date finer than the month of the advice.
 *
 * `search` is the Dutch full-text vector of the text, kept by PostgreSQL itself (a generated column)
 * and indexed (GIN), so the public search is one indexed query. Only `published` rows are public; every
 * step is also written to the case's audit log (case_events) by the code that takes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE advice_publications (
      id bigserial PRIMARY KEY,
      case_id bigint NOT NULL UNIQUE REFERENCES cases(id),
      status text NOT NULL CHECK (status IN ('draft', 'awaiting-approval', 'published', 'unpublished')),
      advice_year integer NOT NULL,
      advice_month integer NOT NULL CHECK (advice_month BETWEEN 1 AND 12),
      category text NOT NULL,
      sector text,
      finding text NOT NULL,
      body text NOT NULL,
      prepared_by text NOT NULL,
      -- Everyone who prepared, edited or submitted this version: none of them may approve it.
      editors text[] NOT NULL,
      submitted_by text,
      approved_by text,
      approved_at timestamptz,
      unpublished_by text,
      unpublished_at timestamptz,
      unpublish_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (to_tsvector('dutch', body)) STORED
    );
    CREATE INDEX advice_publications_search_idx ON advice_publications USING gin (search);
    CREATE INDEX advice_publications_public_idx ON advice_publications (advice_year DESC, advice_month DESC, id DESC) WHERE status = 'published';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS advice_publications');
}
