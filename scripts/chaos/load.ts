/**
 * The load of a chaos run: complaints filed over the intake (with an Idempotency-Key, by a staff token) and
 * taken through the procedure by the people who act on them, over the JSON API — the secretary
 * decides admissibility, the chair approves a decision (four-eyes), the school submits its defence,
 * the complainant withdraws. Each case follows one scenario, picked by the seeded RNG, so that
 * letters of several kinds go out.
 *
 * An action whose answer was lost (the API died after the workflow took it) must not be taken
 * twice: before every attempt the client reads the case and skips a step whose effect is there.
 */
import type { CaseStateView } from '../../contracts/messages';
import { ChaosClient, GaveUpError } from './client';
import type { Rng } from './rng';

export type Scenario = 'defence' | 'inadmissible' | 'withdraw' | 'defence-withdraw';

/** The status each scenario ends in, literally. */
export const TARGET_STATUS: Record<Scenario, string> = {
  defence: 'reply-round',
  inadmissible: 'inadmissible',
  withdraw: 'withdrawn',
  'defence-withdraw': 'withdrawn',
};

export interface Tokens {
  secretary: string;
  chair: string;
  /** A second chair: approves what the chair decided (four-eyes; a secretary may not approve). */
  deputyChair: string;
  school: string;
}

export interface CaseRecord {
  index: number;
  idempotencyKey: string;
  scenario: Scenario;
  complainantEmail: string;
  caseNumber?: string;
  accessCode?: string;
  /** 201 (filed) or 200 (an earlier attempt had filed it). */
  intakeStatus?: number;
  stepsDone: string[];
  /** Steps found already taken when retried (the earlier attempt's answer was lost). */
  stepsFoundDone: string[];
  error?: string;
}

interface Step {
  name: string;
  action: string;
  as: 'secretary' | 'chair' | 'deputyChair' | 'school' | 'complainant';
  body: (s: CaseStateView) => Record<string, unknown>;
  done: (s: CaseStateView) => boolean;
}

const admissible: Step = {
  name: 'admissible',
  action: 'decideAdmissibility',
  as: 'chair',
  body: () => ({ admissible: true }),
  done: (s) => !['received', 'admissibility'].includes(s.status),
};
const defence: Step = {
  name: 'defence',
  action: 'submitDefence',
  as: 'school',
  body: () => ({ text: 'Het verweer van de school: wij hebben de klacht met de leerkracht besproken.' }),
  done: (s) => s.status !== 'defence' || s.allowedActions.includes('decideReplyRound'),
};
const replyRound: Step = {
  name: 'reply-round',
  action: 'decideReplyRound',
  as: 'secretary',
  body: () => ({ hold: true }),
  done: (s) => s.status === 'reply-round',
};
const inadmissible: Step = {
  name: 'inadmissible-draft',
  action: 'decideAdmissibility',
  as: 'chair',
  body: () => ({ admissible: false, reasons: 'De klacht gaat niet over een gedraging of beslissing van de school.', decidedBy: 'chair' }),
  done: (s) => s.awaitingApproval.length > 0 || s.status === 'inadmissible',
};
const approve: Step = {
  name: 'approve',
  action: 'approveLetter',
  as: 'deputyChair',
  body: (s) => ({ letterId: s.awaitingApproval[0] }),
  done: (s) => s.awaitingApproval.length === 0,
};
const withdraw: Step = {
  name: 'withdraw',
  action: 'withdraw',
  as: 'complainant',
  body: () => ({ reason: 'De school en ik hebben het samen opgelost.' }),
  done: (s) => s.status === 'withdrawn' || !s.allowedActions.includes('withdraw'),
};

const STEPS: Record<Scenario, Step[]> = {
  defence: [admissible, defence, replyRound],
  inadmissible: [inadmissible, approve],
  withdraw: [withdraw],
  'defence-withdraw': [admissible, defence, withdraw],
};

export const SCENARIO_WEIGHTS: ReadonlyArray<readonly [Scenario, number]> = [
  ['defence', 40],
  ['inadmissible', 25],
  ['withdraw', 15],
  ['defence-withdraw', 20],
];

export const CHAOS_SCHOOL = { brin: '99CH', name: 'OBS De Chaos', sector: 'primary', boardName: 'Stichting Chaosbestendig Onderwijs', boardEmail: 'bestuur@chaos-onderwijs.example.nl' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function planCases(count: number, seed: number, rng: Rng): CaseRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    idempotencyKey: `chaos-${seed}-${index}`,
    scenario: rng.weighted(SCENARIO_WEIGHTS),
    complainantEmail: `klager-${index}@chaos.example.nl`,
    stepsDone: [],
    stepsFoundDone: [],
  }));
}

export class LoadGenerator {
  constructor(
    private readonly client: ChaosClient,
    private readonly tokens: Tokens,
    private readonly log: (line: string) => void,
    private readonly waitTimeoutMs = 600_000,
  ) {}

  async runCase(c: CaseRecord): Promise<void> {
    try {
      await this.file(c);
      for (const step of STEPS[c.scenario]) await this.take(c, step);
    } catch (err) {
      c.error = (err as Error).message;
      this.log(`case #${c.index} (${c.caseNumber ?? 'not filed'}): ${c.error}`);
      if (!(err instanceof GaveUpError)) throw err;
    }
  }

  private async file(c: CaseRecord): Promise<void> {
    const res = await this.client.request('intake', 'POST', '/api/complaints', {
      // Filed by the secretary's API token, as the committee's own bulk filing: staff are exempt from
      // the per-client limit of anonymous intake, which would otherwise throttle the load.
      headers: { 'Idempotency-Key': c.idempotencyKey, authorization: `Bearer ${this.tokens.secretary}` },
      body: {
        complainant: { name: `Klager ${c.index}`, email: c.complainantEmail, role: 'parent' },
        school: { brin: CHAOS_SCHOOL.brin, name: CHAOS_SCHOOL.name, sector: CHAOS_SCHOOL.sector },
        category: 'pesten',
        description: `Klacht ${c.index} van de chaosproef: mijn kind wordt al weken gepest op het schoolplein.`,
        occurredOn: '2026-10-01',
        raisedWithSchool: true,
      },
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`intake answered ${res.status}: ${JSON.stringify(res.body)}`);
    c.intakeStatus = res.status;
    c.caseNumber = res.body.caseNumber;
    c.accessCode = res.body.accessCode;
  }

  /** The case's complaint workflow state, as staff see it; undefined while the workflow does not answer. */
  private async state(c: CaseRecord): Promise<CaseStateView | undefined> {
    const res = await this.client.request('read', 'GET', `/api/cases/${c.caseNumber}`, { headers: { authorization: `Bearer ${this.tokens.secretary}` } });
    if (res.status !== 200) throw new Error(`reading case ${c.caseNumber} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.workflow?.complaint as CaseStateView | undefined;
  }

  private async take(c: CaseRecord, step: Step): Promise<void> {
    const deadline = Date.now() + this.waitTimeoutMs;
    let attempt = 0;
    while (Date.now() < deadline) {
      const s = await this.state(c);
      if (s && step.done(s)) {
        // Taken by an attempt whose answer was lost: do not take it again.
        if (attempt > 0) c.stepsFoundDone.push(step.name);
        c.stepsDone.push(step.name);
        return;
      }
      if (!s || !s.allowedActions.includes(step.action)) {
        await sleep(500);
        continue;
      }
      attempt++;
      const res = await this.client.request(`action:${step.action}`, 'POST', ...this.actionPath(c, step), { headers: this.headersFor(c, step), body: step.body(s) });
      if (res.status === 200) {
        c.stepsDone.push(step.name);
        return;
      }
      if (res.status !== 409) throw new Error(`${step.action} on ${c.caseNumber} answered ${res.status}: ${JSON.stringify(res.body)}`);
      // Refused: either an earlier attempt took it (checked above on the next turn) or the case is
      // between states; the refusal is counted as a retry, with its reason.
      this.client.noteRetry(`action:${step.action}`, attempt, `409: ${JSON.stringify(res.body).slice(0, 200)}`);
      await sleep(500);
    }
    throw new Error(`${step.name} on ${c.caseNumber} not possible within ${this.waitTimeoutMs} ms`);
  }

  private actionPath(c: CaseRecord, step: Step): [string] {
    return step.as === 'complainant' ? [`/api/complaints/${c.caseNumber}/actions/${step.action}`] : [`/api/cases/${c.caseNumber}/actions/${step.action}`];
  }

  private headersFor(c: CaseRecord, step: Step): Record<string, string> {
    if (step.as === 'complainant') return { 'X-Access-Code': c.accessCode! };
    return { authorization: `Bearer ${this.tokens[step.as]}` };
  }
}
