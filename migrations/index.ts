/**
 * The migration list, imported rather than discovered on disk, so the same migrations run under
 * tsx, vitest and the compiled build without a TypeScript loader in knex's way.
 */
import type { Knex } from 'knex';
import * as cases from './20261128_001_cases';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<[string, Migration]> = [['20261128_001_cases', cases]];

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return MIGRATIONS.map(([name]) => name);
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};
