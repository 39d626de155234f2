/**
 * The intake form, in three steps and a summary. The answers wait in the server-side session
 * between steps (nothing in hidden fields, nothing lost on an error). Sending goes through the same
 * validateComplaint and fileComplaint as POST /api/complaints; the acknowledgement page shows the
 * case number and access code once.
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { amsterdamDate } from '../../../domain/clock';
import { validateComplaint, type FieldError } from '../../../domain/intake';
import { fileComplaint, type IntakeDeps } from '../../services/intake';
import { openFromSession, saveSessionData, sealForSession } from '../../portal/sessions';
import { LIMITS } from '../../portal/rateLimit';
import { ensureSession } from '../context';
import { buildField, errorSummary } from '../forms';
import { messageKey, translate } from '../i18n';
import { formFieldOf, INTAKE_STEPS, intakeMessage, isoToDutch, pickIntakeFields, toComplaintBody, withPolicyOptions } from '../intakeForm';
import { approvedPolicyValidOn } from '../../../platform/store/policies';
import type { PolicyVersion } from '../../../domain/policy';
import { renderPage } from '../render';
import { clientIp, rateLimit } from '../guards';
import { findSchool } from '../../../platform/register/store';
import { schoolSearchView } from '../schoolSearch';

const STEP_PREFIXES = INTAKE_STEPS.map((s) => s.fields.map((f) => f.name));

/** Errors of one step: validateComplaint on everything so far, limited to this step's fields. */
function stepErrors(req: Request, fields: Record<string, string>, step: number, today: string, policy: PolicyVersion): FieldError[] {
  const result = validateComplaint(toComplaintBody(fields), today, policy);
  if (result.ok) return [];
  const names = STEP_PREFIXES[step - 1];
  const seen = new Set<string>();
  return result.errors
    .map((e) => ({ ...e, field: formFieldOf(e.field) }))
    .filter((e) => names.includes(e.field) && !seen.has(e.field) && seen.add(e.field))
    .map((e) => ({ field: e.field, message: intakeMessage(req.portal.lang, e) }));
}

/** The step a field lives on, for errors found only at the end. */
function stepOf(field: string): number {
  const i = STEP_PREFIXES.findIndex((names) => names.includes(formFieldOf(field)));
  return i < 0 ? 3 : i + 1;
}

export function intakeRoutes(deps: IntakeDeps): Router {
  const router = Router();
  const today = () => amsterdamDate((deps.now ?? (() => new Date()))());
  // The categories, grounds and sectors of the policy version valid today (the filing day).
  const policyToday = async () => (await approvedPolicyValidOn(deps.db, today())).content;

  async function renderStep(req: Request, res: Response, step: number, values: Record<string, string>, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const policy = await policyToday();
    const specs = INTAKE_STEPS[step - 1].fields.map((spec) => withPolicyOptions(spec, policy, lang));
    const fields = specs.map((spec) => buildField(lang, spec, spec.name === 'occurredOn' && values.occurredOn ? { ...values, occurredOn: isoToDutch(values.occurredOn) } : values, errors));
    // Step 1 shows the optional representative in its own group, with its own explanation.
    const groups =
      step === 1
        ? [
            { legend: translate(lang, 'intake.complainantLegend'), fields: fields.filter((f) => f.name.startsWith('complainant.')) },
            { legend: translate(lang, 'intake.representativeLegend'), fields: fields.filter((f) => f.name.startsWith('representative.')) },
            { legend: translate(lang, 'intake.respondentLegend'), fields: fields.filter((f) => f.name.startsWith('respondent.')) },
          ]
        : [{ fields }];
    // Step 2 first finds the school in the register; typing it in is for a school not found.
    const chosen = step === 2 && values['school.brin'] ? await findSchool(deps.db, values['school.brin']) : undefined;
    const schoolSearch = step === 2 ? await schoolSearchView(deps.db, lang, req.query.zoek, '/klacht-indienen/stap/2', { error: errors.find((e) => e.field === 'zoek')?.message }) : undefined;
    const chosenText = chosen ? translate(lang, 'intake.school.chosen', { name: chosen.name, place: chosen.place ? `, ${chosen.place}` : '', brin: chosen.brin }) : undefined;
    const summary = [...(schoolSearch?.errorSummary ?? []), ...errorSummary(fields)];
    renderPage(req, res, 'intake-step', { titleKey: INTAKE_STEPS[step - 1].titleKey, step, stepTitle: translate(lang, messageKey(INTAKE_STEPS[step - 1].titleKey)), groups, schoolSearch, chosen: chosen && { text: chosenText, brin: chosen.brin }, errorSummary: summary, backHref: step > 1 ? `/klacht-indienen/stap/${step - 1}` : undefined }, schoolSearch?.error && status === 200 ? 400 : status);
  }

  async function draftOf(req: Request, res: Response) {
    const session = await ensureSession(deps.db, req, res);
    session.data.intakeDraft ??= { fields: {}, idempotencyKey: `web-${crypto.randomUUID()}` };
    return { session, draft: session.data.intakeDraft };
  }

  router.get('/klacht-indienen', (_req, res) => res.redirect(303, '/klacht-indienen/stap/1'));

  router.get('/klacht-indienen/stap/:step', async (req, res) => {
    const step = Number(req.params.step);
    if (![1, 2, 3].includes(step)) return res.redirect(303, '/klacht-indienen/stap/1');
    const { draft } = await draftOf(req, res);
    await renderStep(req, res, step, draft.fields, []);
  });

  router.post('/klacht-indienen/stap/:step', async (req, res) => {
    const step = Number(req.params.step);
    if (![1, 2, 3].includes(step)) return res.redirect(303, '/klacht-indienen/stap/1');
    const { session, draft } = await draftOf(req, res);
    if (step === 2 && typeof req.body?.kies === 'string') {
      // A school chosen from the register: its name, place and sector as the register has them.
      const school = await findSchool(deps.db, req.body.kies.trim().toUpperCase());
      if (!school) return renderStep(req, res, 2, draft.fields, [{ field: 'zoek', message: translate(req.portal.lang, 'register.search.gone') }], 400);
      for (const name of STEP_PREFIXES[1]) delete draft.fields[name];
      Object.assign(draft.fields, { 'school.name': school.name, 'school.brin': school.brin, ...(school.place ? { 'school.place': school.place } : {}), ...(school.sector ? { 'school.sector': school.sector } : {}) });
      await saveSessionData(deps.db, session);
      return res.redirect(303, '/klacht-indienen/stap/3');
    }
    const submitted = pickIntakeFields(req.body ?? {}, STEP_PREFIXES[step - 1]);
    // Radio groups left unanswered send nothing: clear what this step owned before.
    for (const name of STEP_PREFIXES[step - 1]) delete draft.fields[name];
    Object.assign(draft.fields, submitted);
    if (draft.fields['school.brin']) draft.fields['school.brin'] = draft.fields['school.brin'].trim().toUpperCase();
    await saveSessionData(deps.db, session);
    const errors = stepErrors(req, draft.fields, step, today(), await policyToday());
    if (errors.length) return renderStep(req, res, step, draft.fields, errors, 400);
    res.redirect(303, step < 3 ? `/klacht-indienen/stap/${step + 1}` : '/klacht-indienen/controleren');
  });

  router.get('/klacht-indienen/controleren', async (req, res) => {
    const { draft } = await draftOf(req, res);
    const policy = await policyToday();
    const result = validateComplaint(toComplaintBody(draft.fields), today(), policy);
    if (!result.ok) return res.redirect(303, `/klacht-indienen/stap/${stepOf(result.errors[0].field)}`);
    const lang = req.portal.lang;
    const rows = INTAKE_STEPS.flatMap((s, i) =>
      s.fields
        .map((spec) => buildField(lang, withPolicyOptions(spec, policy, lang), draft.fields, []))
        .filter((f) => f.value.trim() !== '')
        .map((f) => ({ label: f.label, value: f.options?.find((o) => o.value === f.value)?.label ?? (f.name === 'occurredOn' ? isoToDutch(toComplaintBody(draft.fields).occurredOn as string) : f.value), step: i + 1, anchor: f.anchor })),
    );
    renderPage(req, res, 'intake-summary', { titleKey: 'intake.step4', rows });
  });

  router.post('/klacht-indienen/versturen', async (req, res) => {
    const { session, draft } = await draftOf(req, res);
    const result = validateComplaint(toComplaintBody(draft.fields), today(), await policyToday());
    if (!result.ok) return res.redirect(303, `/klacht-indienen/stap/${stepOf(result.errors[0].field)}`);
    // Each complaint mails a letter to the address it gives: limited per client.
    const client = clientIp(req);
    await rateLimit(deps.db, [[LIMITS.intakePerIp, client], [LIMITS.intakePerIpDay, client]]);
    // The draft's key makes a double click or a retried POST file one complaint, not two.
    const filed = await fileComplaint(deps, result.value, draft.idempotencyKey);
    session.data.intakeDraft = undefined;
    session.data.acknowledgement = { caseNumber: filed.caseNumber, sealedAccessCode: sealForSession(deps.secret, filed.accessCode) };
    await saveSessionData(deps.db, session);
    res.redirect(303, '/klacht-indienen/ontvangen');
  });

  router.get('/klacht-indienen/ontvangen', async (req, res) => {
    const session = req.portal.session;
    const ack = session?.data.acknowledgement;
    const accessCode = ack?.sealedAccessCode ? openFromSession(deps.secret, ack.sealedAccessCode) : undefined;
    if (!session || !ack || !accessCode) return res.redirect(303, '/zaak');
    // Shown once: the code leaves the session as it is shown.
    session.data.acknowledgement = undefined;
    await saveSessionData(deps.db, session);
    renderPage(req, res, 'intake-done', { titleKey: 'intake.sent', caseNumber: ack.caseNumber, accessCode });
  });

  return router;
}

