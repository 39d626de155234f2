/**
 * process.md's step table, row by row, with the tests that cover each step (issue 12: "process.md's
 * step table is covered row by row in a test index"). The index is checked, not trusted: every row of
 * process.md (when it sits beside the repository, as in CI) must have an entry, and every test named
 * here must exist, by its exact title, in the file named — a renamed or deleted test fails this one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../platform/config';

type Covered = Array<[file: string, title: string]>;

const PROCEDURE = 'tests/integration/complaintProcedure.test.ts';
const HEARING = 'tests/integration/hearingWorkflow.test.ts';
const COMPLIANCE = 'tests/integration/complianceWorkflow.test.ts';
const TURNS = 'tests/integration/turns.test.ts';
const INTAKE = 'tests/integration/intakeApi.test.ts';
const WHO_DECIDES = 'tests/integration/whoDecides.test.ts';
const PUBLICATIONS = 'tests/integration/publications.test.ts';
const ADVICE_ANSWER = 'tests/integration/adviceAnswer.test.ts';
const RESPONDENT = 'tests/integration/respondent.test.ts';

/** process.md, "Step by step": step number → the tests that drive that step and assert its terms and letters. */
const STEP_INDEX: Record<string, Covered> = {
  '1': [
    [INTAKE, 'files a complaint: 201 with case number and access code; the workflow stores the acknowledgement'],
    [INTAKE, 'answers 400 naming every bad field, and stores nothing'],
  ],
  '2': [
    [INTAKE, 'files a complaint: 201 with case number and access code; the workflow stores the acknowledgement'],
    [INTAKE, 'writes to the representative too, and in English when asked'],
  ],
  '3': [
    [PROCEDURE, 'a complaint not completed in time is declared inadmissible, sent only after four-eyes approval'],
    [PROCEDURE, 'a complaint completed in time goes back to the admissibility review'],
  ],
  '4': [
    [WHO_DECIDES, 'refuses a secretary (403 over the action table, role-not-allowed in the validator); the chair decides and the defence term starts'],
    [WHO_DECIDES, 'the refusal after an unanswered completion request goes out only when a chair approves it, and says so'],
  ],
  '5a': [
    [PROCEDURE, 'a referral the school resolves closes the case as referred'],
    [TURNS, 'after the school’s term the complainant has two weeks to resume; then the case closes as referred'],
    [TURNS, 'a complainant who resumes in time brings the case back to admissibility'],
  ],
  '5b': [
    [PROCEDURE, 'mediation without consent of both parties is refused; a settled mediation closes the case'],
    [PROCEDURE, 'mediation during the defence stops the defence term; after a failed mediation its due date has moved by the mediation time'],
  ],
  '6': [
    [PROCEDURE, 'a silent school gets a reminder a week before the term ends; then the procedure goes on to the hearing without a defence'],
    [PROCEDURE, 'an extension is granted once and moves the due date by two weeks; a second one is refused and writes nothing'],
    [RESPONDENT, 'gets a personal link in the notice of the complaint, and their page shows the stage and their next step with its due date'],
    [RESPONDENT, 'takes their written statement in the term, once'],
  ],
  '7': [
    [TURNS, 'forwards the defence once with the reply term; the reply goes to the school with its rejoinder term; an unanswered rejoinder leads to the hearing'],
    [TURNS, 'without a reply no rejoinder is asked for: the hearing comes after the reply term'],
    [TURNS, 'a school that sends no defence: nothing is forwarded, no reply round, the hearing comes next'],
    [RESPONDENT, 'forwards the statement with the defence to the complainant and the hearing file, and refuses a statement after the term'],
  ],
  '8': [
    [HEARING, 'forms a panel without conflicted members, asks everyone for availability and proposes the common dates'],
    [HEARING, 'moves to awaiting-date when the availability term expires, with a reminder on the record'],
    [HEARING, 'waits for the secretary when no conflict-free panel exists, and forms it on retry'],
  ],
  '9': [[HEARING, 'refuses a date inside the notice period, schedules a valid one with invitations, and records the hearing as held']],
  '10': [[HEARING, 'accepts one postponement per party up to three working days before, and records a party absent']],
  '11': [
    [HEARING, 'refuses a date inside the notice period, schedules a valid one with invitations, and records the hearing as held'],
    [HEARING, 'accepts one postponement per party up to three working days before, and records a party absent'],
  ],
  '12': [
    [PROCEDURE, 'the advice term is extended once with a letter to the parties; the chair is alerted when it expires'],
    [WHO_DECIDES, 'a secretary can neither draft nor approve it; a member drafts, the member cannot approve, the chair does'],
  ],
  '13': [[PROCEDURE, 'an unfounded complaint gets advice without measures and closes when the school board answers']],
  '14': [
    [PROCEDURE, 'an unfounded complaint gets advice without measures and closes when the school board answers'],
    [PROCEDURE, 'a school that ignores the advice gets a reminder after the answer term; a measure not carried out is escalated to the Inspectorate'],
    [ADVICE_ANSWER, 'is reminded at the end of the answer term, and after a week of grace reported once to the Inspectorate, sent when a chair approves it'],
    [ADVICE_ANSWER, 'answered within the grace period: the answer is forwarded and nothing reaches the Inspectorate'],
  ],
  '15': [
    [ADVICE_ANSWER, 'an advice approved three days after its draft: the answer term and the measure term run from the day it is sent'],
    [COMPLIANCE, 'computes each measure’s term, and closes as complied with a confirmation to both parties when every measure is verified'],
    [COMPLIANCE, 'takes a rejected report with its reason, and accepts the school’s second report'],
    [COMPLIANCE, 'reminds the school board two weeks before the due date'],
  ],
  '16': [
    [COMPLIANCE, 'gives a silent school a grace period, then escalates to the Inspectorate after a secretary’s approval'],
    [COMPLIANCE, 'closes as partly complied when one measure is verified and another is not, and escalates'],
  ],
  '17': [
    [COMPLIANCE, 'runs the main path: reports verified, complied, confirmation letters'],
    [PUBLICATIONS, 'publishes on the approval of another chair: listed, searchable, as HTML and PDF, without the names'],
  ],
};

/** The step numbers of process.md's table, when process.md sits beside the repository (as in CI). */
function processMdSteps(): string[] | null {
  const file = [path.resolve(PROJECT_ROOT, '..', 'shared', 'docs', 'process.md'), '/work/shared/docs/process.md'].find((f) => fs.existsSync(f));
  if (!file) return null;
  const text = fs.readFileSync(file, 'utf8');
  const table = text.slice(text.indexOf('## Step by step'), text.indexOf('\n## ', text.indexOf('## Step by step') + 1));
  return [...table.matchAll(/^\| (\d+[a-z]?) \|/gm)].map((m) => m[1]);
}

describe('process.md step index', () => {
  it('has a row for every step of process.md, and no other', () => {
    const steps = processMdSteps();
    if (steps) expect(Object.keys(STEP_INDEX).sort()).toEqual([...steps].sort());
    expect(Object.keys(STEP_INDEX)).toHaveLength(18);
  });

  it.each(Object.entries(STEP_INDEX))('step %s: every test it names exists by its title', (_step, covered) => {
    expect(covered.length).toBeGreaterThan(0);
    for (const [file, title] of covered) {
      const source = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
      expect(source, `${file}: ${title}`).toContain(`it('${title}'`);
    }
  });
});
