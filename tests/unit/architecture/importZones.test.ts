/**
 * The layers of docs/architecture.md are enforced by ESLint's import zones (eslint.config.mjs). These
 * cases lint a one-line source as if it lived in a layer, with the project's real configuration, so a
 * zone that stops refusing a wrong-way import fails here, and one that refuses a right-way import too.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function zoneErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import zones', () => {
  it.each([
    ['platform/mail/x.ts', "import { createApp } from '../../api/app';"],
    ['platform/x.ts', "import { activitiesFor } from '../activities';"],
    ['platform/store/x.ts', "import { complaintWorkflow } from '../../workflows/complaint';"],
    ['activities/x.ts', "import type { ComplaintWorkflowInput } from '../workflows/complaint';"],
    ['activities/letters/x.ts', "import { createApp } from '../../api/app';"],
    ['workflows/x.ts', "import { activitiesFor } from '../activities';"],
    ['workflows/x.ts', "import { knex } from '../platform/db';"],
    ['workflows/x.ts', "import knex from 'knex';"],
    // The schemas are loaded lazily (workflows/validation.ts): a waiting case's memory holds none.
    ['workflows/x.ts', "import { ACTIONS } from '../contracts/actions';"],
    ['workflows/hearing/handlers/x.ts', "import { AVAILABILITY_ROLES } from '../../../contracts/actions';"],
    ['workflows/x.ts', "import { z } from 'zod';"],
    ['api/web/x.ts', "import { renderLetter } from '../../activities/letters/templateStore';"],
    ['api/x.ts', "import { complaintWorkflow } from '../workflows/complaint';"],
    ['domain/x.ts', "import { currentConfig } from '../platform/config';"],
    ['domain/calendar/x.ts', "import { proxyActivities } from '@temporalio/workflow';"],
    ['contracts/x.ts', "import { currentConfig } from '../platform/config';"],
    ['api/web/x.ts', "import knex from 'knex';"],
    ['activities/x.ts', "import { knex } from 'knex';"],
    ['platform/mail/x.ts', "import knex from 'knex';"],
  ])('%s refuses %s', async (filePath, source) => {
    expect(await zoneErrors(filePath, source)).toHaveLength(1);
  });

  it.each([
    ['workflows/x.ts', "import type { Activities } from '../activities';"],
    ['workflows/x.ts', "import { caseStateQuery } from '../contracts/messages';"],
    ['workflows/x.ts', "import type { ActionName } from '../contracts/actions';"],
    ['workflows/hearing/handlers/x.ts', "import { AVAILABILITY_ROLES } from '../../../contracts/actors';"],
    ['activities/x.ts', "import { currentConfig } from '../platform/config';"],
    ['api/services/x.ts', "import type { ComplaintWorkflowInput } from '../../workflows/complaint';"],
    ['api/services/x.ts', "import { caseStateQuery } from '../../contracts/messages';"],
    ['platform/services.ts', "import { createApp } from '../api/app';"],
    ['platform/worker.ts', "import { activitiesFor } from '../activities';"],
    ['domain/x.ts', "import type { FieldError } from '../contracts/fieldError';"],
    ['scripts/x.ts', "import { activitiesFor } from '../activities';"],
    ['platform/store/x.ts', "import knex from 'knex';"],
    ['platform/store/x.ts', "import { appendEvent } from './cases';"],
    ['api/web/x.ts', "import type { Knex } from 'knex';"],
  ])('%s allows %s', async (filePath, source) => {
    expect(await zoneErrors(filePath, source)).toEqual([]);
  });
});

/** SQL outside platform/store/ (a query on a connection, raw SQL, the database clock) is refused by no-restricted-syntax. */
async function sqlErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('SQL only in platform/store/', () => {
  const query = "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db('cases').where({ id: 1 });";
  it.each([
    ['api/web/routes/x.ts', query],
    ['api/portal/x.ts', "import type { Knex } from 'knex';\nexport const f = (deps: { db: Knex }) => deps.db('users').first();"],
    ['activities/x.ts', "import type { Knex } from 'knex';\nexport const f = (trx: Knex) => trx.raw('select 1');"],
    ['api/services/x.ts', "import type { Knex } from 'knex';\nexport const f = (db: Knex) => db.fn.now();"],
    ['platform/mail/x.ts', query],
  ])('%s refuses SQL', async (filePath, source) => {
    expect(await sqlErrors(filePath, source)).toEqual(['No SQL here: SQL belongs in a repository function in platform/store/ (docs/architecture.md, "Where a change goes").']);
  });

  it.each([
    ['platform/store/x.ts', query],
    ['platform/db.ts', query],
    ['scripts/x.ts', query],
    ['tests/x.ts', query],
    ['migrations/x.ts', query],
    // A caller may open a transaction and pass it to repository functions.
    ['api/web/routes/x.ts', "import type { Knex } from 'knex';\nimport { appendEvent } from '../../../platform/store/cases';\nexport const f = (db: Knex) => db.transaction((trx) => appendEvent(trx, { caseId: '1', type: 't', actor: 'a' }));"],
  ])('%s allows its code', async (filePath, source) => {
    expect(await sqlErrors(filePath, source)).toEqual([]);
  });
});
