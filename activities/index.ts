/**
 * The activities the worker registers, composed from one factory per concern. Created from their
 * dependencies so tests and the worker wire the same code to a real database.
 */
import type { Knex } from 'knex';
import { applyCaseStep, type CaseStepInput, type CaseStepResult } from './caseSteps';
import { createComplianceActivities } from './compliance';
import { createHearingActivities } from './hearings';
import { createLetterActivities } from './letters';
import { createRetentionActivities } from './retention';
import { TemplateStore } from './letters/templateStore';

export interface ActivityDeps {
  db: Knex;
  templates?: TemplateStore;
  now?: () => Date;
}

function caseStepActivities(deps: ActivityDeps) {
  const stepDeps = { db: deps.db, templates: deps.templates ?? new TemplateStore(), now: deps.now };
  return {
    applyCaseStep: (input: CaseStepInput): Promise<CaseStepResult> => applyCaseStep(stepDeps, input),
  };
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...caseStepActivities(deps),
    ...createLetterActivities(deps),
    // One line per concern below: `...createXActivities(deps),`
    ...createHearingActivities(deps),
    ...createComplianceActivities(deps),
    ...createRetentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { CaseStepInput, CaseStepResult };
