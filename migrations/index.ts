/**
 * The migration list, imported rather than discovered on disk, so the same migrations run under
 * tsx, vitest and the compiled build without a TypeScript loader in knex's way.
 */
import type { Knex } from 'knex';
import * as cases from './20261128_001_cases';
import * as apiTokens from './20261128_010_api_tokens';
import * as lettersDelivery from './20261128_002_letters_delivery';
import * as hearings from './20261128_003_hearings';
import * as compliance from './20261128_004_compliance';
import * as portal from './20261128_005_portal';
import * as consoleIndexes from './20261129_020_console_indexes';
import * as panelUsers from './20261129_030_panel_users';
import * as adminAudit from './20261129_040_admin_audit';
import * as tokenAccounts from './20261201_140_token_accounts';
import * as auditIntegrity from './20261201_150_audit_integrity';
import * as outboxHandover from './20261201_190_outbox_handover';
import * as caseCalendarRelease from './20261202_010_case_calendar_release';
import * as staffSecondFactor from './20261202_mfa_001_staff_second_factor';
import * as register from './20261202_reg_001_register';
import * as caseStatistics from './20261202_stats_001_case_statistics';
import * as statisticsMonthly from './20261205_speed_001_statistics_monthly';
import * as advicePublications from './20261203_publish_001_advice_publications';
import * as retention from './20261203_publish_002_retention';
import * as boardAccounts from './20261203_boards_001_board_accounts';
import * as consoleCaseSearch from './20261203_console_001_case_search';
import * as documentSourceStep from './20261203_turns_001_document_source_step';
import * as lateFiling from './20261203_parties_001_late_filing';
import * as boardLoginLinks from './20261204_boards_002_login_links';
import * as respondentLinks from './20261205_respondent_001_respondent_links';
import * as policyVersions from './20261205_policydb_001_policy_versions';
import * as policyCategories from './20261206_roles12_001_policy_categories';
import * as intake16Pgcrypto from './20261206_intake16_001_pgcrypto';
import * as intake16DevMailboxRaw from './20261206_intake16_002_dev_mailbox_raw';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: ReadonlyArray<[string, Migration]> = [
  ['20261128_001_cases', cases],
  ['20261128_002_letters_delivery', lettersDelivery],
  ['20261128_003_hearings', hearings],
  ['20261128_004_compliance', compliance],
  ['20261128_005_portal', portal],
  ['20261128_010_api_tokens', apiTokens],
  ['20261129_020_console_indexes', consoleIndexes],
  ['20261129_030_panel_users', panelUsers],
  ['20261129_040_admin_audit', adminAudit],
  ['20261201_140_token_accounts', tokenAccounts],
  ['20261201_150_audit_integrity', auditIntegrity],
  ['20261201_190_outbox_handover', outboxHandover],
  ['20261202_010_case_calendar_release', caseCalendarRelease],
  ['20261202_mfa_001_staff_second_factor', staffSecondFactor],
  ['20261202_reg_001_register', register],
  ['20261202_stats_001_case_statistics', caseStatistics],
  ['20261203_publish_001_advice_publications', advicePublications],
  ['20261203_publish_002_retention', retention],
  ['20261203_boards_001_board_accounts', boardAccounts],
  ['20261203_console_001_case_search', consoleCaseSearch],
  ['20261203_turns_001_document_source_step', documentSourceStep],
  ['20261203_parties_001_late_filing', lateFiling],
  ['20261204_boards_002_login_links', boardLoginLinks],
  ['20261205_respondent_001_respondent_links', respondentLinks],
  ['20261205_speed_001_statistics_monthly', statisticsMonthly],
  ['20261205_policydb_001_policy_versions', policyVersions],
  ['20261206_roles12_001_policy_categories', policyCategories],
  ['20261206_intake16_001_pgcrypto', intake16Pgcrypto],
  ['20261206_intake16_002_dev_mailbox_raw', intake16DevMailboxRaw],
];

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
