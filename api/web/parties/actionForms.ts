/**
 * The procedure forms of the parties and the panel, one small description each (which update, which
 * fields, how the answers become the update's input) served by one pair of routes: GET shows the
 * form only while the workflow's allowed actions say it is open for this party (otherwise back to
 * the case), POST sends the update through runCaseAction. A refusal by the workflow's validator is
 * shown at the field it names, with the workflow's own reason; uploads of a refused action are
 * deleted again and nothing is kept. An accepted upload gets a receipt.
 */
import { refusedText } from '../refusalReasons';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { ActionRefused } from '../../errors';
import { caseState, runCaseAction } from '../../services/caseActions';
import { deleteDocuments, fileProblem, issueReceipt, storeDocument, type DocumentKind, type DocumentMeta, type Party, type UploadedFile } from '../../portal/documents';
import { LIMITS } from '../../portal/rateLimit';
import type { Actor, CaseStateView, ComplianceView, HearingView, PostponingParty } from '../../../contracts/messages';
import { buildField, errorSummary, fieldId, type FieldError, type FieldSpec, type FormField } from '../forms';
import { messageKey, translate, type Lang } from '../i18n';
import { rateLimit } from '../guards';
import { renderPage } from '../render';
import { readUploadForm, uploadPath } from '../uploads';
import { availabilityGroup } from './availability';

export interface ProcedureStates {
  complaint?: CaseStateView;
  hearing?: HearingView;
  compliance?: ComplianceView;
}

export async function procedureStates(temporal: Client, caseNumber: string): Promise<ProcedureStates> {
  const s = await caseState(temporal, caseNumber);
  return { complaint: s.complaint as CaseStateView | undefined, hearing: s.hearing as HearingView | undefined, compliance: s.compliance as ComplianceView | undefined };
}

/** Who acts on which case, resolved from the session (and, for the panel, the address). */
export interface ActingParty {
  caseId: string;
  caseNumber: string;
  actor: Actor;
  /** Whose documents and receipts (the panel uploads nothing). */
  party?: Exclude<Party, 'secretary'>;
  /** The answer's key in the hearing's availability: complainant, school, respondent:<n> or a member id. */
  respondent: string;
  /** Who asks a postponement (the panel asks none). */
  hearingParty?: PostponingParty;
}

export interface FormContext {
  lang: Lang;
  db: Knex;
  states: ProcedureStates;
  who: ActingParty;
  values: Record<string, string>;
  /** Checked dates of the availability group. */
  dates: string[];
  /** Form fields that came with a file. */
  files: string[];
}

export type BuiltInput = { input: Record<string, unknown>; renameField?: (field: string) => string } | { errors: FieldError[] };

export interface ActionForm {
  slug: string;
  action: string;
  titleKey: string;
  introKey?: string;
  submitKey: string;
  /** The notice on the case page after an accepted action without upload. */
  doneKey: string;
  isOpen(states: ProcedureStates, who: ActingParty): boolean;
  fields(ctx: FormContext): FieldSpec[];
  /** Shows the availability group (checkboxes named dates, and other dates) before the fields. */
  availability?: boolean;
  upload?: { purpose: string; kind: (field: string) => DocumentKind };
  /** Extra view data for the template (e.g. the measures of the advice). */
  extra?(ctx: FormContext): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** A second button that re-shows the form with more rows, sending nothing. */
  moreKey?: string;
  input(ctx: FormContext, documentIds: string[]): BuiltInput | Promise<BuiltInput>;
}

export interface MountOptions {
  base: string;
  page: string;
  guard: RequestHandler;
  resolve(req: Request): Promise<ActingParty>;
  backHref(req: Request): string;
  receiptHref?(req: Request, receiptId: string): string;
  forms: ActionForm[];
}

export const openIn = (states: ProcedureStates, workflow: keyof ProcedureStates, action: string) => states[workflow]?.allowedActions.includes(action) ?? false;

/** The forms open for this party now, as links for its case page. */
export function openForms(forms: ActionForm[], states: ProcedureStates, who: ActingParty, lang: Lang, base: string): Array<{ href: string; label: string }> {
  return forms.filter((f) => f.isOpen(states, who)).map((f) => ({ href: `${base}/${f.slug}`, label: translate(lang, messageKey(f.titleKey)) }));
}

function stringValues(body: Record<string, unknown>): { values: Record<string, string>; dates: string[] } {
  const values: Record<string, string> = {};
  let dates: string[] = [];
  for (const [k, v] of Object.entries(body ?? {})) {
    if (k === 'dates') dates = (Array.isArray(v) ? v : [v]).map(String);
    else if (typeof v === 'string') values[k] = v.length > 210_000 ? v.slice(0, 210_000) : v;
  }
  return { values, dates };
}

export function mountActionForms(deps: { db: Knex; temporal: Client }, opts: MountOptions): Router {
  const router = Router({ mergeParams: true });

  async function render(req: Request, res: Response, form: ActionForm, ctx: FormContext, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const specs = form.fields(ctx);
    const fields: FormField[] = specs.map((s) => buildField(lang, s, ctx.values, errors));
    const group = form.availability ? await availabilityGroup(deps.db, ctx, errors) : undefined;
    const known = new Set([...specs.map((s) => s.name), ...(group ? ['dates', 'otherDates'] : [])]);
    const actionErrors = errors.filter((e) => !known.has(e.field));
    const summary = [
      ...(group ? group.summary : []),
      ...errorSummary(fields),
      ...actionErrors.map((e) => ({ href: `#${fieldId('action')}`, message: e.message })),
    ];
    renderPage(
      req,
      res,
      opts.page,
      {
        ...(form.extra ? await form.extra(ctx) : {}),
        titleKey: form.titleKey,
        caseNumber: ctx.who.caseNumber,
        form: {
          title: translate(lang, messageKey(form.titleKey)),
          intro: form.introKey ? translate(lang, messageKey(form.introKey)) : undefined,
          submit: translate(lang, messageKey(form.submitKey)),
          more: form.moreKey ? translate(lang, messageKey(form.moreKey)) : undefined,
          action: `${opts.base.replace(':caseNumber', ctx.who.caseNumber)}/${form.slug}`,
          multipart: Boolean(form.upload),
          availability: group,
          fields,
          actionError: actionErrors.length ? actionErrors.map((e) => e.message).join(' ') : undefined,
          actionErrorId: fieldId('action'),
          backHref: opts.backHref(req),
        },
        errorSummary: summary,
      },
      status,
    );
  }

  /** Refusals of the workflow, each at the field it names (dates[2] at the dates, …), with its reason. */
  function refusals(lang: Lang, err: ActionRefused, fieldNames: string[], rename: (f: string) => string): FieldError[] {
    return err.refusals.map((r) => {
      const named = rename(r.field);
      const field = fieldNames.includes(named) ? named : (fieldNames.find((n) => named.startsWith(`${n}[`) || named.startsWith(`${n}.`)) ?? 'action');
      return { field, message: refusedText(lang, r) };
    });
  }

  for (const form of opts.forms) {
    const path = `${opts.base}/${form.slug}`;

    router.get(path, opts.guard, async (req, res) => {
      const who = await opts.resolve(req);
      const states = await procedureStates(deps.temporal, who.caseNumber);
      if (!form.isOpen(states, who)) return res.redirect(303, opts.backHref(req));
      const ctx: FormContext = { lang: req.portal.lang, db: deps.db, states, who, values: {}, dates: [], files: [] };
      if (form.availability) ctx.dates = states.hearing?.availability[who.respondent] ?? [];
      await render(req, res, form, ctx, []);
    });

    router.post(form.upload ? uploadPath(path) : path, opts.guard, async (req, res, next: NextFunction) => {
      const who = await opts.resolve(req);
      const lang = req.portal.lang;
      let files: UploadedFile[] = [];
      let body: Record<string, unknown>;
      if (form.upload) {
        const parsed = await readUploadForm(deps.db, req);
        body = parsed.fields;
        files = parsed.files;
      } else {
        // A multipart body never gets here: csrfProtection accepts one only on upload paths.
        body = (req.body ?? {}) as Record<string, unknown>;
      }
      const { values, dates } = stringValues(body);
      const states = await procedureStates(deps.temporal, who.caseNumber);
      const ctx: FormContext = { lang, db: deps.db, states, who, values, dates, files: files.map((f) => f.field) };
      if (form.moreKey && values._more) return render(req, res, form, ctx, []);

      const errors: FieldError[] = [];
      if (form.upload && who.party) {
        await rateLimit(deps.db, [[LIMITS.uploadsPerParty, `${who.party}:${who.caseId}`]]);
        for (const file of files) {
          const problem = fileProblem(file);
          if (problem && !errors.some((e) => e.field === file.field)) errors.push({ field: file.field, message: translate(lang, problem, { name: file.clientName || '?' }) });
        }
      }
      const built = await form.input(ctx, []);
      if ('errors' in built) errors.push(...built.errors);
      if (errors.length || 'errors' in built) return render(req, res, form, ctx, errors, 400);

      const stored: DocumentMeta[] = [];
      try {
        if (form.upload && who.party) {
          for (const file of files) stored.push(await storeDocument(deps.db, { caseId: who.caseId, party: who.party, actor: who.actor.userId, kind: form.upload.kind(file.field), file }));
        }
        const final = stored.length ? await form.input(ctx, stored.map((d) => d.id)) : built;
        if ('errors' in final) throw new Error('form input changed between checks');
        await runCaseAction(deps.temporal, who.caseNumber, form.action, final.input, who.actor);
      } catch (err) {
        await deleteDocuments(deps.db, stored.map((d) => d.id));
        if (!(err instanceof ActionRefused)) return next(err);
        const names = [...form.fields(ctx).map((s) => s.name), ...(form.availability ? ['dates'] : [])];
        return render(req, res, form, ctx, refusals(lang, err, names, built.renameField ?? ((f) => f)), err.status);
      }
      if (form.upload && who.party && opts.receiptHref) {
        const receipt = await issueReceipt(deps.db, { caseId: who.caseId, party: who.party, purpose: form.upload.purpose, documents: stored });
        return res.redirect(303, opts.receiptHref(req, receipt.id));
      }
      const back = opts.backHref(req);
      res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}gedaan=${encodeURIComponent(form.slug)}`);
    });
  }
  return router;
}

/** The notice for ?gedaan=<slug> on a case page, when it names one of these forms. */
export function doneNotice(forms: ActionForm[], req: Request): string | undefined {
  const slug = typeof req.query.gedaan === 'string' ? req.query.gedaan : undefined;
  const form = slug ? forms.find((f) => f.slug === slug) : undefined;
  return form ? translate(req.portal.lang, messageKey(form.doneKey)) : undefined;
}
