/**
 * The procedure forms of each party, described for mountActionForms: the school board's, the
 * complainant's, the person complained about's and the panel member's. Each is open exactly when the workflow that handles its
 * update lists that update among its allowed actions (and, for a postponement, the party has not
 * used its one postponement yet).
 */
import { FINDINGS } from '../../../contracts/actions';
import { isIsoDate } from '../../../domain/hearing';
import { listEvents } from '../../../platform/store/cases';
import { ACCEPTED_EXTENSIONS } from '../../portal/fileTypes';
import type { FieldError, FieldSpec } from '../forms';
import { messageKey, translate, type Lang } from '../i18n';
import { openIn, type ActionForm, type BuiltInput, type FormContext, type ProcedureStates, type ActingParty } from './actionForms';
import { chosenDates } from './availability';

const text = (ctx: FormContext, name: string) => (ctx.values[name] ?? '').trim();
const required = (ctx: FormContext, name: string, key: string): FieldError[] => (text(ctx, name) ? [] : [{ field: name, message: translate(ctx.lang, messageKey(key)) }]);
const YES_NO = [
  { value: 'ja', labelKey: 'common.yes' },
  { value: 'nee', labelKey: 'common.no' },
];

function formatDay(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

/** A day typed as 30-11-2026 or 2026-11-30, as YYYY-MM-DD; undefined when it is no date. */
export function readDay(value: string): string | undefined {
  const nl = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value.trim());
  const iso = nl ? `${nl[3]}-${nl[2].padStart(2, '0')}-${nl[1].padStart(2, '0')}` : value.trim();
  return isIsoDate(iso) ? iso : undefined;
}

// ------------------------------------------------------------------ shared by the parties and the panel

export const availabilityForm: ActionForm = {
  slug: 'beschikbaarheid',
  action: 'submitAvailability',
  titleKey: 'track.availabilityTitle',
  introKey: 'track.availabilityIntro',
  submitKey: 'track.availabilitySend',
  doneKey: 'track.availabilityDone',
  availability: true,
  isOpen: (states) => openIn(states, 'hearing', 'submitAvailability'),
  fields: () => [],
  input(ctx): BuiltInput {
    const chosen = chosenDates(ctx);
    if ('errors' in chosen) return chosen;
    return { input: { respondent: ctx.who.respondent, dates: chosen.dates } };
  },
};

const postponementForm: ActionForm = {
  slug: 'uitstel',
  action: 'requestPostponement',
  titleKey: 'track.postponeTitle',
  introKey: 'track.postponeIntro',
  submitKey: 'track.postponeSend',
  doneKey: 'track.postponeDone',
  isOpen: (states: ProcedureStates, who: ActingParty) =>
    openIn(states, 'hearing', 'requestPostponement') && who.hearingParty !== undefined && !(states.hearing?.postponementsUsed ?? []).includes(who.hearingParty),
  fields: () => [{ name: 'reason', kind: 'textarea', labelKey: 'track.postponeReason', hintKey: 'track.postponeReasonHint', rows: 5 }],
  extra: (ctx) => ({ hearingDate: ctx.states.hearing?.schedule?.date }),
  input(ctx): BuiltInput {
    const errors = required(ctx, 'reason', 'track.postponeReasonRequired');
    return errors.length ? { errors } : { input: { party: ctx.who.hearingParty, reason: text(ctx, 'reason') } };
  },
};

// ------------------------------------------------------------------ the school board

const rejoinderForm: ActionForm = {
  slug: 'repliek',
  action: 'submitRejoinder',
  titleKey: 'school.rejoinderTitle',
  introKey: 'school.rejoinderIntro',
  submitKey: 'school.rejoinderSend',
  doneKey: 'school.rejoinderTitle',
  upload: { purpose: 'rejoinder', kind: () => 'rejoinder' },
  isOpen: (states) => openIn(states, 'complaint', 'submitRejoinder'),
  fields: () => [
    { name: 'text', kind: 'textarea', labelKey: 'school.rejoinderText', optional: true, rows: 8 },
    { name: 'files', kind: 'file', labelKey: 'field.attachments', hintKey: 'field.files.hint', optional: true, multiple: true, accept: ACCEPTED_EXTENSIONS },
  ],
  input(ctx, documentIds): BuiltInput {
    if (!text(ctx, 'text') && !ctx.files.length) return { errors: [{ field: 'text', message: translate(ctx.lang, 'reply.required') }] };
    // Without typed text the default only describes the files: it is not kept as the school's statement.
    return { input: { text: text(ctx, 'text') || translate('nl', 'school.rejoinderDefaultText'), documentIds, ...(text(ctx, 'text') ? {} : { describesFiles: true }) } };
  },
};

const answerAdviceForm: ActionForm = {
  slug: 'reactie-advies',
  action: 'answerAdvice',
  titleKey: 'school.answerTitle',
  introKey: 'school.answerIntro',
  submitKey: 'school.answerSend',
  doneKey: 'school.answerDone',
  // With binding measures the workflow moves on to compliance at once and awaits the answer beside
  // it; its allowed actions then omit answerAdvice (reported), so the running answer term says it.
  isOpen: (states) => openIn(states, 'complaint', 'answerAdvice') || (states.complaint?.status === 'compliance' && states.complaint.terms.some((t) => t.id === 'schoolAnswer')),
  fields: () => [
    { name: 'acceptsFinding', kind: 'radios', labelKey: 'school.answerAccepts', options: YES_NO },
    { name: 'plan', kind: 'textarea', labelKey: 'school.answerPlan', hintKey: 'school.answerPlanHint', rows: 8 },
  ],
  input(ctx): BuiltInput {
    const accepts = ctx.values.acceptsFinding;
    const errors: FieldError[] = [];
    if (accepts !== 'ja' && accepts !== 'nee') errors.push({ field: 'acceptsFinding', message: translate(ctx.lang, 'school.answerAcceptsRequired') });
    errors.push(...required(ctx, 'plan', 'school.answerPlanRequired'));
    return errors.length ? { errors } : { input: { acceptsFinding: accepts === 'ja', plan: text(ctx, 'plan') } };
  },
};

const measureForm: ActionForm = {
  slug: 'naleving',
  action: 'reportMeasure',
  titleKey: 'school.measureTitle',
  introKey: 'school.measureIntro',
  submitKey: 'school.measureSend',
  doneKey: 'school.measureTitle',
  upload: { purpose: 'compliance', kind: () => 'evidence' },
  isOpen: (states) => openIn(states, 'compliance', 'reportMeasure'),
  fields: (ctx) => {
    const open = (ctx.states.compliance?.measures ?? []).filter((m) => m.status !== 'verified' && m.status !== 'not-complied');
    // The measure's own words are the option's label.
    const options = open.map((m) => ({
      value: m.id,
      label: m.due ? `${m.description} — ${translate(ctx.lang, 'school.measureDue', { date: formatDay(m.due, ctx.lang) })}` : m.description,
    }));
    return [
      { name: 'measureId', kind: 'radios', labelKey: 'school.measureWhich', options },
      { name: 'evidence', kind: 'textarea', labelKey: 'school.measureEvidence', hintKey: 'school.measureEvidenceHint', rows: 6 },
      { name: 'files', kind: 'file', labelKey: 'school.measureFiles', hintKey: 'field.files.hint', optional: true, multiple: true, accept: ACCEPTED_EXTENSIONS },
    ];
  },
  extra: (ctx) => ({
    measures: (ctx.states.compliance?.measures ?? []).map((m) => ({ description: m.description, due: m.due, status: translate(ctx.lang, `school.measureStatus.${m.status}`) })),
  }),
  input(ctx, documentIds): BuiltInput {
    const errors: FieldError[] = [];
    if (!text(ctx, 'measureId')) errors.push({ field: 'measureId', message: translate(ctx.lang, 'school.measureWhichRequired') });
    errors.push(...required(ctx, 'evidence', 'school.measureEvidenceRequired'));
    return errors.length ? { errors } : { input: { measureId: text(ctx, 'measureId'), evidence: text(ctx, 'evidence'), documentIds } };
  },
};

const referralForm: ActionForm = {
  slug: 'terugverwijzing',
  action: 'reportReferral',
  titleKey: 'school.referralTitle',
  introKey: 'school.referralIntro',
  submitKey: 'school.referralSend',
  doneKey: 'school.referralDone',
  isOpen: (states) => openIn(states, 'complaint', 'reportReferral'),
  fields: () => [
    { name: 'resolved', kind: 'radios', labelKey: 'school.referralResolved', options: YES_NO },
    { name: 'summary', kind: 'textarea', labelKey: 'school.referralSummary', hintKey: 'school.referralSummaryHint', rows: 6 },
  ],
  input(ctx): BuiltInput {
    const resolved = ctx.values.resolved;
    const errors: FieldError[] = [];
    if (resolved !== 'ja' && resolved !== 'nee') errors.push({ field: 'resolved', message: translate(ctx.lang, 'school.referralResolvedRequired') });
    errors.push(...required(ctx, 'summary', 'school.referralSummaryRequired'));
    return errors.length ? { errors } : { input: { resolved: resolved === 'ja', summary: text(ctx, 'summary') } };
  },
};

const reportingDutyForm: ActionForm = {
  slug: 'meldplicht',
  action: 'confirmReportingDuty',
  titleKey: 'school.dutyTitle',
  introKey: 'school.dutyIntro',
  submitKey: 'school.dutySend',
  doneKey: 'school.dutyDone',
  isOpen: (states) => openIn(states, 'complaint', 'confirmReportingDuty'),
  fields: () => [
    { name: 'reportedOn', kind: 'text', labelKey: 'school.dutyReportedOn', hintKey: 'school.dutyReportedOnHint', inputmode: 'numeric' },
    { name: 'reference', kind: 'text', labelKey: 'school.dutyReference', optional: true, autocomplete: 'off' },
  ],
  input(ctx): BuiltInput {
    const day = readDay(text(ctx, 'reportedOn'));
    if (!day) return { errors: [{ field: 'reportedOn', message: translate(ctx.lang, 'school.dutyReportedOnRequired') }] };
    const reference = text(ctx, 'reference');
    return { input: { reportedOn: day, ...(reference ? { reference } : {}) } };
  },
};

/** Instead of a report: the board says the incident is not reportable, and why (the secretary reviews it). */
const notReportableForm: ActionForm = {
  slug: 'niet-meldplichtig',
  action: 'declareNotReportable',
  titleKey: 'school.notReportableTitle',
  introKey: 'school.notReportableIntro',
  submitKey: 'school.notReportableSend',
  doneKey: 'school.notReportableDone',
  isOpen: (states) => openIn(states, 'complaint', 'declareNotReportable'),
  fields: () => [{ name: 'reason', kind: 'textarea', labelKey: 'school.notReportableReason', hintKey: 'school.notReportableReasonHint', rows: 6 }],
  input(ctx): BuiltInput {
    const errors = required(ctx, 'reason', 'school.notReportableReasonRequired');
    return errors.length ? { errors } : { input: { reason: text(ctx, 'reason') } };
  },
};

export const SCHOOL_FORMS: ActionForm[] = [availabilityForm, postponementForm, rejoinderForm, answerAdviceForm, measureForm, referralForm, reportingDutyForm, notReportableForm];

// ------------------------------------------------------------------ the complainant

const resumeForm: ActionForm = {
  slug: 'hervatten',
  action: 'resumeAfterReferral',
  titleKey: 'track.resumeTitle',
  introKey: 'track.resumeIntro',
  submitKey: 'track.resumeSend',
  doneKey: 'track.resumeDone',
  isOpen: (states) => openIn(states, 'complaint', 'resumeAfterReferral'),
  fields: () => [{ name: 'reason', kind: 'textarea', labelKey: 'track.resumeReason', hintKey: 'track.resumeReasonHint', rows: 5 }],
  input(ctx): BuiltInput {
    const errors = required(ctx, 'reason', 'track.resumeReasonRequired');
    return errors.length ? { errors } : { input: { reason: text(ctx, 'reason') } };
  },
};

const completeForm: ActionForm = {
  slug: 'aanvullen',
  action: 'completeComplaint',
  titleKey: 'track.completeTitle',
  introKey: 'track.completeIntro',
  submitKey: 'track.completeSend',
  doneKey: 'track.completeDone',
  isOpen: (states) => openIn(states, 'complaint', 'completeComplaint'),
  fields: () => [{ name: 'supplied', kind: 'textarea', labelKey: 'track.completeSupplied', rows: 8 }],
  // What the secretary asked for, from the latest request.
  extra: async (ctx) => {
    const events = await listEvents(ctx.db, ctx.who.caseId);
    const request = events.filter((e) => e.type === 'completion.requested').pop();
    const missing = (request?.data as { missing?: unknown } | undefined)?.missing;
    return { missing: Array.isArray(missing) ? missing.map(String) : [] };
  },
  input(ctx): BuiltInput {
    const errors = required(ctx, 'supplied', 'track.completeSuppliedRequired');
    return errors.length ? { errors } : { input: { supplied: text(ctx, 'supplied') } };
  },
};

export const COMPLAINANT_FORMS: ActionForm[] = [availabilityForm, postponementForm, resumeForm, completeForm];

// ------------------------------------------------------------------ a person complained about (issue 12)

/** Their own availability and their own one postponement, keyed respondent:<n> by the link they opened. */
export const RESPONDENT_FORMS: ActionForm[] = [availabilityForm, postponementForm];

// ------------------------------------------------------------------ the panel: the advice

const MAX_MEASURES = 10;

function measureCount(ctx: FormContext): number {
  const asked = Number.parseInt(ctx.values.measureCount ?? '', 10);
  const base = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, MAX_MEASURES) : 1;
  return ctx.values._more ? Math.min(base + 1, MAX_MEASURES) : base;
}

export const adviceForm: ActionForm = {
  slug: 'advies',
  action: 'issueAdvice',
  titleKey: 'panel.adviceTitle',
  introKey: 'panel.adviceIntro',
  submitKey: 'panel.adviceSend',
  doneKey: 'panel.adviceDone',
  moreKey: 'panel.adviceMore',
  isOpen: (states) => openIn(states, 'complaint', 'issueAdvice'),
  fields: (ctx) => {
    const specs: FieldSpec[] = [
      { name: 'finding', kind: 'radios', labelKey: 'panel.adviceFinding', options: FINDINGS.map((f) => ({ value: f, labelKey: `panel.finding.${f}` })) },
      { name: 'reasons', kind: 'textarea', labelKey: 'panel.adviceReasons', rows: 10 },
      { name: 'recommendations', kind: 'textarea', labelKey: 'panel.adviceRecommendations', optional: true, rows: 5 },
    ];
    for (let i = 0; i < measureCount(ctx); i++) {
      specs.push(
        { name: `measures[${i}].description`, kind: 'textarea', label: translate(ctx.lang, 'panel.measureDescription', { n: i + 1 }), hintKey: i === 0 ? 'panel.measureHint' : undefined, optional: true, rows: 3 },
        { name: `measures[${i}].termWeeks`, kind: 'text', label: translate(ctx.lang, 'panel.measureWeeks', { n: i + 1 }), hintKey: 'panel.measureWeeksHint', optional: true, inputmode: 'numeric' },
      );
    }
    return specs;
  },
  extra: (ctx) => ({ measureCount: measureCount(ctx) }),
  input(ctx): BuiltInput {
    const errors: FieldError[] = [];
    const finding = ctx.values.finding;
    if (!(FINDINGS as readonly string[]).includes(finding ?? '')) errors.push({ field: 'finding', message: translate(ctx.lang, 'panel.adviceFindingRequired') });
    errors.push(...required(ctx, 'reasons', 'panel.adviceReasonsRequired'));
    // Empty rows are skipped; the workflow numbers the measures it gets, so its answers are mapped back to the rows.
    const measures: Array<{ description: string; termWeeks?: number }> = [];
    const rowOf: number[] = [];
    for (let i = 0; i < measureCount(ctx); i++) {
      const description = text(ctx, `measures[${i}].description`);
      const weeks = text(ctx, `measures[${i}].termWeeks`);
      if (!description && !weeks) continue;
      if (weeks && !/^\d{1,3}$/.test(weeks)) {
        errors.push({ field: `measures[${i}].termWeeks`, message: translate(ctx.lang, 'panel.measureWeeksNumber') });
        continue;
      }
      rowOf.push(i);
      measures.push({ description, ...(weeks ? { termWeeks: Number(weeks) } : {}) });
    }
    if (errors.length) return { errors };
    const recommendations = text(ctx, 'recommendations');
    return {
      input: { finding, reasons: text(ctx, 'reasons'), ...(recommendations ? { recommendations } : {}), measures },
      renameField: (field) => field.replace(/^measures\[(\d+)\]/, (_, n: string) => `measures[${rowOf[Number(n)] ?? n}]`),
    };
  },
};

export const PANEL_FORMS: ActionForm[] = [availabilityForm, adviceForm];
