/**
 * The console's forms for the workflow actions (api/services/caseActions.ts): which fields each
 * action asks, and how the answers become the update's input. The forms check only that what is
 * required was given; whether the action is right, now, for this case is the workflow validator's
 * call, and its refusal comes back at the field it names.
 */
import { RESPONDENT_ROLES } from '../../../domain/intake';
import { CASE_ACTIONS } from '../../services/caseActions';
import { FINDINGS } from '../../../contracts/actions';
import { SUSPENSION_REASONS } from '../../../domain/calendar/types';
import { buildField, fieldId, type FieldError, type FieldSpec, type FormField } from '../forms';
import { isMessageKey, messageKey, translate, type Lang } from '../i18n';

type Dynamic = 'terms' | 'letters' | 'measures' | 'respondents' | 'parties';

export interface ActionFieldSpec extends Omit<FieldSpec, 'labelKey'> {
  /** Options that depend on the case (its running terms, letters awaiting approval, …). */
  dynamic?: Dynamic;
}

type Values = Record<string, string>;

export interface ActionForm {
  name: string;
  fields: ActionFieldSpec[];
  /** Ends or changes the case for good: the confirm button says so. */
  warning?: boolean;
  toBody(v: Values): Record<string, unknown>;
}

const YES_NO = [
  { value: 'yes', labelKey: 'common.yes' },
  { value: 'no', labelKey: 'common.no' },
];
const bool = (v: string | undefined): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined);
const text = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);
const lines = (v: string | undefined): string[] => (v ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

const f = {
  area: (name: string, optional = false): ActionFieldSpec => ({ name, kind: 'textarea', rows: 5, optional }),
  line: (name: string, optional = false): ActionFieldSpec => ({ name, kind: 'text', optional }),
  yesNo: (name: string): ActionFieldSpec => ({ name, kind: 'radios', options: YES_NO }),
  choice: (name: string, values: readonly string[], optional = false): ActionFieldSpec => ({ name, kind: 'radios', optional, options: values.map((value) => ({ value, labelKey: `console.option.${name}.${value}` })) }),
  pick: (name: string, dynamic: Dynamic): ActionFieldSpec => ({ name, kind: 'radios', dynamic }),
};

const FORMS: ActionForm[] = [
  {
    name: 'decideAdmissibility',
    fields: [f.yesNo('admissible'), f.line('lateAccepted', true), f.area('reasons', true), f.choice('decidedBy', ['chair', 'committee'], true), f.choice('lateExcused', ['yes', 'no'], true), f.area('lateReason', true)],
    toBody: (v) => {
      // A complaint filed after the one-year term: the decision says whether that is excused, and why.
      const lateFiling = v.lateExcused || text(v.lateReason) ? { lateFiling: { excused: bool(v.lateExcused), reason: text(v.lateReason) } } : {};
      return bool(v.admissible) === false
        ? { admissible: false, reasons: text(v.reasons), decidedBy: text(v.decidedBy), ...lateFiling }
        : { admissible: bool(v.admissible), ...(text(v.lateAccepted) ? { lateAccepted: text(v.lateAccepted) } : {}), ...lateFiling };
    },
  },
  {
    name: 'addRespondent',
    fields: [f.line('name'), f.choice('role', RESPONDENT_ROLES), f.line('email', true), f.area('postalAddress', true)],
    toBody: (v) => ({ name: text(v.name), role: text(v.role), ...(text(v.email) ? { email: text(v.email) } : {}), ...(text(v.postalAddress) ? { postalAddress: text(v.postalAddress) } : {}) }),
  },
  { name: 'requestCompletion', fields: [f.area('missing')], toBody: (v) => ({ missing: lines(v.missing) }) },
  { name: 'completeComplaint', fields: [f.area('supplied')], toBody: (v) => ({ supplied: text(v.supplied) }) },
  { name: 'referToSchool', fields: [f.yesNo('complainantConsents')], toBody: (v) => ({ complainantConsents: bool(v.complainantConsents) }) },
  { name: 'reportReferral', fields: [f.yesNo('resolved'), f.area('summary')], toBody: (v) => ({ resolved: bool(v.resolved), summary: text(v.summary) }) },
  { name: 'resumeAfterReferral', fields: [f.area('reason')], toBody: (v) => ({ reason: text(v.reason) }) },
  { name: 'startMediation', fields: [f.yesNo('bothPartiesAgree'), f.line('mediator', true)], toBody: (v) => ({ bothPartiesAgree: bool(v.bothPartiesAgree), ...(text(v.mediator) ? { mediator: text(v.mediator) } : {}) }) },
  { name: 'recordMediationOutcome', fields: [f.yesNo('settled'), f.area('summary')], toBody: (v) => ({ settled: bool(v.settled), summary: text(v.summary) }) },
  { name: 'submitDefence', fields: [f.area('text')], toBody: (v) => ({ text: text(v.text) }) },
  { name: 'decideReplyRound', fields: [f.yesNo('hold')], toBody: (v) => ({ hold: bool(v.hold) }) },
  { name: 'submitReply', fields: [f.area('text')], toBody: (v) => ({ text: text(v.text) }) },
  { name: 'submitRejoinder', fields: [f.area('text')], toBody: (v) => ({ text: text(v.text) }) },
  { name: 'extendTerm', fields: [f.pick('termId', 'terms'), f.area('reason')], toBody: (v) => ({ termId: text(v.termId), reason: text(v.reason) }) },
  { name: 'suspendTerm', fields: [f.pick('termId', 'terms'), f.choice('reason', SUSPENSION_REASONS)], toBody: (v) => ({ termId: text(v.termId), reason: text(v.reason) }) },
  { name: 'resumeTerm', fields: [f.pick('termId', 'terms')], toBody: (v) => ({ termId: text(v.termId) }) },
  {
    name: 'issueAdvice',
    fields: [f.choice('finding', FINDINGS), f.area('reasons'), f.area('recommendations', true), f.area('measures', true), { ...f.line('termWeeks', true), inputmode: 'numeric' }],
    toBody: (v) => {
      const weeks = text(v.termWeeks);
      return {
        finding: text(v.finding),
        reasons: text(v.reasons),
        ...(text(v.recommendations) ? { recommendations: text(v.recommendations) } : {}),
        measures: lines(v.measures).map((description) => ({ description, ...(weeks ? { termWeeks: /^\d+$/.test(weeks) ? Number(weeks) : weeks } : {}) })),
      };
    },
  },
  { name: 'answerAdvice', fields: [f.yesNo('acceptsFinding'), f.area('plan')], toBody: (v) => ({ acceptsFinding: bool(v.acceptsFinding), plan: text(v.plan) }) },
  { name: 'approveLetter', fields: [f.pick('letterId', 'letters')], toBody: (v) => ({ letterId: text(v.letterId) }) },
  { name: 'flagReportingDuty', fields: [f.area('reason')], toBody: (v) => ({ reason: text(v.reason) }) },
  { name: 'confirmReportingDuty', fields: [{ ...f.line('reportedOn'), inputmode: 'numeric' }, f.line('reference', true)], toBody: (v) => ({ reportedOn: text(v.reportedOn), ...(text(v.reference) ? { reference: text(v.reference) } : {}) }) },
  { name: 'declareNotReportable', fields: [f.area('reason')], toBody: (v) => ({ reason: text(v.reason) }) },
  { name: 'reviewNotReportable', fields: [f.yesNo('accepted'), f.area('note', true)], toBody: (v) => ({ accepted: bool(v.accepted), ...(text(v.note) ? { note: text(v.note) } : {}) }) },
  { name: 'withdraw', warning: true, fields: [f.area('reason', true)], toBody: (v) => (text(v.reason) ? { reason: text(v.reason) } : {}) },
  { name: 'submitAvailability', fields: [f.pick('respondent', 'respondents'), f.area('dates')], toBody: (v) => ({ respondent: text(v.respondent), dates: lines(v.dates) }) },
  {
    name: 'scheduleHearing',
    fields: [{ ...f.line('date'), inputmode: 'numeric' }, { ...f.line('startTime'), inputmode: 'numeric' }, f.line('location'), f.line('videoLink', true)],
    toBody: (v) => ({ date: text(v.date), startTime: text(v.startTime), location: text(v.location), ...(text(v.videoLink) ? { videoLink: text(v.videoLink) } : {}) }),
  },
  { name: 'requestPostponement', fields: [f.pick('party', 'parties'), f.area('reason')], toBody: (v) => ({ party: text(v.party), reason: text(v.reason) }) },
  {
    name: 'recordHearing',
    fields: [f.yesNo('held'), f.choice('absentParties', ['none', 'complainant', 'school', 'both']), f.area('minutes')],
    toBody: (v) => ({ held: bool(v.held), absentParties: v.absentParties === 'both' ? ['complainant', 'school'] : v.absentParties === 'complainant' || v.absentParties === 'school' ? [v.absentParties] : [], minutes: text(v.minutes) }),
  },
  { name: 'retryPanel', fields: [], toBody: () => ({}) },
  { name: 'extendHearingTerm', fields: [f.area('reason')], toBody: (v) => ({ reason: text(v.reason) }) },
  { name: 'reportMeasure', fields: [f.pick('measureId', 'measures'), f.area('evidence')], toBody: (v) => ({ measureId: text(v.measureId), evidence: text(v.evidence) }) },
  { name: 'verifyMeasure', fields: [f.pick('measureId', 'measures'), f.yesNo('accepted'), f.area('reason', true)], toBody: (v) => ({ measureId: text(v.measureId), accepted: bool(v.accepted), ...(text(v.reason) ? { reason: text(v.reason) } : {}) }) },
  { name: 'approveEscalation', fields: [f.pick('letterId', 'letters')], toBody: (v) => ({ letterId: text(v.letterId) }) },
];

export const ACTION_FORMS: ReadonlyMap<string, ActionForm> = new Map(FORMS.map((form) => [form.name, form]));

/** The actions this role may take, in the order of the table (the order of the procedure). */
export function actionsFor(role: string, allowed: readonly string[]): string[] {
  return FORMS.map((form) => form.name).filter((name) => allowed.includes(name) && (CASE_ACTIONS[name]?.roles as readonly string[] | undefined)?.includes(role));
}

/** Who may take an action, as words for a page ("voorzitter", "school (bevoegd gezag) of secretariaat"). */
export function actionHolders(lang: Lang, action: string): string {
  const roles = (CASE_ACTIONS[action]?.roles ?? []) as readonly string[];
  const names = roles.map((role) => translate(lang, messageKey(`console.actor.${role}`)));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} ${translate(lang, 'console.case.or')} ${names[names.length - 1]}` : (names[0] ?? '');
}

export type DynamicOptions = Record<Dynamic, Array<{ value: string; label: string }>>;

const labelKey = (action: string, field: string) => `console.action.${action}.${field}`;

export function actionFields(lang: Lang, form: ActionForm, values: Values, errors: FieldError[], dynamic: DynamicOptions): FormField[] {
  return form.fields.map((spec) => {
    const hint = `${labelKey(form.name, spec.name)}.hint`;
    const hintKey = isMessageKey(hint) ? hint : undefined;
    const field = buildField(lang, { ...spec, labelKey: labelKey(form.name, spec.name), hintKey }, values, errors);
    if (spec.dynamic) {
      const id = fieldId(spec.name);
      field.options = dynamic[spec.dynamic].map((o, i) => ({ value: o.value, label: o.label, id: i === 0 ? id : `${id}-${o.value.replace(/[^A-Za-z0-9]+/g, '-')}`, checked: values[spec.name] === o.value }));
    }
    return field;
  });
}

/** What the form must have before the confirmation step: every field not marked optional. */
export function missingAnswers(lang: Lang, form: ActionForm, values: Values): FieldError[] {
  return form.fields
    .filter((spec) => !spec.optional && !(values[spec.name] ?? '').trim())
    .map((spec) => ({ field: spec.name, message: translate(lang, spec.kind === 'radios' ? 'console.form.choose' : 'console.form.fill', { label: translate(lang, messageKey(labelKey(form.name, spec.name))).toLowerCase() }) }));
}

/**
 * A validator's refusal names an input path ("measures[0].description", "by"); it belongs to the
 * form field it came from, or to the form as a whole.
 */
export function refusalField(form: ActionForm, path: string): string | undefined {
  const base = path.split(/[.[]/)[0];
  if (form.fields.some((spec) => spec.name === base)) return base;
  // Four-eyes refusals name the approver ("by"): the letter chosen is what has to change.
  if (base === 'by' && form.fields.some((spec) => spec.name === 'letterId')) return 'letterId';
  return undefined;
}

/** Values of the form as posted: only the fields of this action, each cut to a sane length. */
export function readValues(form: ActionForm, body: Record<string, unknown> | undefined): Values {
  const values: Values = {};
  for (const spec of form.fields) {
    const raw = body?.[spec.name];
    values[spec.name] = typeof raw === 'string' ? raw.slice(0, spec.kind === 'textarea' ? 100_000 : 500) : '';
  }
  return values;
}

/** The answers as the confirmation page shows them: the option's label, not its code. */
export function answerSummary(fields: FormField[]): Array<{ label: string; value: string }> {
  return fields.map((field) => ({ label: field.label, value: field.options ? (field.options.find((o) => o.checked)?.label ?? '') : field.value }));
}

