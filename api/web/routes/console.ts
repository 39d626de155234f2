/**
 * The secretary's console under /medewerkers: the dashboard, the case list with its filters, and
 * the case page with its actions. Every workflow action goes form → confirmation → update, so a
 * decision is never one stray click away, and a refusal by the workflow's validator comes back at
 * the field it concerns. No JavaScript anywhere; every POST carries the session's CSRF token
 * (checked by csrfProtection before any handler here runs).
 */
import { refusalReason } from '../refusalReasons';
import { ACTIONS, type ActionName } from '../../../contracts/actions';
import { devMailRaw, listDevMailbox } from '../../../platform/mail/captureServer';
import { currentConfig, type MailConfig } from '../../../platform/config';
import { sendNoticeInBackground } from '../../../platform/mail/notice';
import { redactSmtpUrl } from '../../../platform/mail/config';
import { baseUrl } from '../../publicBaseUrl';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import { OPEN_STATUSES, CLOSED_OUTCOMES, STATUS_LABELS } from '../../../domain/caseStatus';
import { CATEGORY_LABELS } from '../../../domain/committee';
import { isCaseNumber } from '../../../domain/caseNumber';
import { COMPLAINT_CATEGORIES, EMAIL_ADDRESS, SECTORS } from '../../../domain/intake';
import { appendEvent, findCase } from '../../../platform/store/cases';
import { ActionRefused } from '../../errors';
import { logCaseRead, logCaseReads } from '../../../platform/store/accessLog';
import { documentOfCase, releaseDocumentTo } from '../../../platform/store/documents';
import { schoolBoardEmail } from '../../../platform/store/schools';
import { issueSchoolLink, revokeSchoolLinks } from '../../portal/schoolLinks';
import { mountRespondentLinkRoutes, respondentLinkRows } from '../console/respondentLinks';
import { runCaseAction } from '../../services/caseActions';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, fieldId, type FieldError, fieldText } from '../forms';
import { messageKey, translate, translateCount } from '../i18n';
import { amsterdamDate } from '../../../domain/clock';
import { adviceRegimeOn, type PolicyVersion } from '../../../domain/policy';
import { renderPage } from '../render';
import { consoleUser, type ConsoleUser } from '../console/access';
import { ACTION_FORMS, actionFields, answerSummary, missingAnswers, readValues, refusalField, type ActionForm } from '../console/actions';
import { loadConsoleCase, mayView, type ConsoleCase } from '../console/caseDetail';
import { dashboard, filterQuery, listCases, parseFilters, REPORTING_DUTY_FILTERS, today, waitingReasons, WAITING_REASONS } from '../console/caseList';

export interface ConsoleDeps {
  db: Knex;
  temporal: Client;
  /** Where a school link the secretary sends by e-mail goes out (SMTP_URL by default). */
  mail?: Pick<MailConfig, 'smtpUrl' | 'from'>;
}

declare module 'express-serve-static-core' {
  interface Locals {
    consoleUser?: ConsoleUser;
  }
}

const userOf = (res: Response): ConsoleUser => res.locals.consoleUser!;

function option(value: string, label: string, selected: string) {
  return { value, label, selected: value === selected };
}

export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router();

  // Every console page needs a logged-in staff user whose account still exists.
  router.use('/medewerkers', async (req: Request, res: Response, next: NextFunction) => {
    const user = await consoleUser(deps.db, req);
    if (!user) return res.redirect(303, '/inloggen');
    res.locals.consoleUser = user;
    next();
  });

  router.get('/medewerkers', async (req, res) => {
    const user = userOf(res);
    const lang = req.portal.lang;
    const d = await dashboard(deps.db, user);
    renderPage(req, res, 'console-dashboard', {
      titleKey: 'console.dashboard.title',
      user,
      roleLabel: translate(lang, `console.role.${user.role}`),
      memberScope: user.scope === 'panel',
      hideStatistics: user.scope === 'panel',
      dashboard: d,
      // Each tile in the right number: "1 zaak wacht", "2 zaken wachten".
      tiles: [
        { testId: 'count-waiting', href: '/medewerkers/werkvoorraad', count: d.waitingOnSecretary, text: translateCount(lang, 'console.tile.waiting', d.waitingOnSecretary) },
        { testId: 'count-overdue', href: '/medewerkers/zaken?overdue=1', count: d.overdue, text: translateCount(lang, 'console.tile.overdue', d.overdue) },
        { testId: 'count-week', href: '/medewerkers/zaken?dueWithin=7', count: d.dueThisWeek, text: translateCount(lang, 'console.tile.week', d.dueThisWeek) },
        { testId: 'count-reporting', href: '/medewerkers/zaken?reportingDuty=awaiting-confirmation', count: d.reportingDutyAwaiting, text: translateCount(lang, 'console.tile.reporting', d.reportingDutyAwaiting) },
      ],
      byStatus: d.byStatus.map((s) => ({ ...s, label: STATUS_LABELS[s.status][lang], href: `/medewerkers/zaken?${filterQuery({ state: s.status })}` })),
    });
  });

  // The mail as the parties get it: what the local SMTP capture of a development start received
  // (with SMTP_URL set, mail goes to the relay and this page says so). Not for panel members.
  router.get('/medewerkers/postvak', async (req, res) => {
    if (userOf(res).scope === 'panel') throw new PageNotFound();
    const mail = currentConfig().mail;
    const mails = await listDevMailbox(deps.db, { limit: 100 });
    renderPage(req, res, 'console-mailbox', {
      titleKey: 'console.mailbox.title',
      capture: mail.capture,
      relay: mail.capture ? null : redactSmtpUrl(mail.smtpUrl),
      mails: mails.map((m) => ({
        id: m.id,
        receivedAt: m.receivedAt.toLocaleString(req.portal.lang === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: 'Europe/Amsterdam' }),
        to: m.to.join(', '),
        subject: m.subject ?? '',
        attachments: m.attachments.map((a) => a.filename ?? a.contentType).join(', '),
      })),
    });
  });

  router.get('/medewerkers/postvak/:id', async (req, res) => {
    // At most 18 digits: a longer number is past bigint, and no message's id.
    if (userOf(res).scope === 'panel' || !/^\d{1,18}$/.test(req.params.id)) throw new PageNotFound();
    const raw = await devMailRaw(deps.db, req.params.id);
    if (!raw) throw new PageNotFound();
    // Opens in a mail client as the addressee would see it; never rendered inside the console.
    res.set('Cache-Control', 'no-store').type('message/rfc822').attachment(`bericht-${req.params.id}.eml`).send(raw);
  });

  router.get('/medewerkers/zaken', async (req, res) => {
    const user = userOf(res);
    const lang = req.portal.lang;
    const { filters, values, errors } = parseFilters(req.query as Record<string, unknown>);
    const list = errors.length ? { rows: [] } : await listCases(deps.db, user, filters);
    // The list shows case data (numbers, schools, states): each case shown is a read, logged.
    if (list.rows.length) await logCaseReads(deps.db, list.rows.map((r) => ({ caseId: r.id, actor: user.logName, action: 'console.list.read', ip: req.ip })));
    const fieldErrors: FieldError[] = errors.map((e) => ({ field: e.field, message: translate(lang, messageKey(e.messageKey)) }));
    const errorOf = (name: string) => fieldErrors.find((e) => e.field === name)?.message;
    const select = (name: string, opts: Array<{ value: string; label: string }>) => ({
      name,
      id: fieldId(name),
      label: translate(lang, messageKey(`console.filter.${name}`)),
      error: errorOf(name),
      options: [option('', translate(lang, 'console.filter.any'), values[name]), ...opts.map((o) => option(o.value, o.label, values[name]))],
    });
    const stateOptions = [
      { value: 'open', label: translate(lang, 'console.filter.state.open') },
      { value: 'closed', label: translate(lang, 'console.filter.state.closed') },
      { value: 'all', label: translate(lang, 'console.filter.state.all') },
      ...[...OPEN_STATUSES, ...CLOSED_OUTCOMES].map((s) => ({ value: s, label: STATUS_LABELS[s][lang] })),
    ];
    renderPage(req, res, 'console-cases', {
      titleKey: 'console.cases.title',
      selects: [
        { ...select('state', stateOptions), options: stateOptions.map((o) => option(o.value, o.label, values.state || 'open')) },
        select('category', COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c][lang] }))),
        select('sector', SECTORS.map((s) => ({ value: s, label: translate(lang, `sector.${s}`) }))),
        select('reportingDuty', REPORTING_DUTY_FILTERS.map((r) => ({ value: r, label: translate(lang, `console.reportingDuty.${r}`) }))),
      ],
      inputs: ['q', 'school', 'board', 'dueWithin'].map((name) => ({ name, id: fieldId(name), label: translate(lang, messageKey(`console.filter.${name}`)), hint: translate(lang, messageKey(`console.filter.${name}.hint`)), hintId: `${fieldId(name)}-hint`, value: values[name], error: errorOf(name), errorId: `${fieldId(name)}-error` })),
      checks: ['overdue', 'waiting'].map((name) => ({ name, id: fieldId(name), label: translate(lang, messageKey(`console.filter.${name}`)), checked: values[name] === '1' })),
      errorSummary: fieldErrors.map((e) => ({ href: `#${fieldId(e.field)}`, message: e.message })),
      rows: list.rows.map((r) => ({
        ...r,
        statusLabel: STATUS_LABELS[r.status][lang],
        reportingDutyLabel: r.reportingDuty === 'not-applicable' ? undefined : translate(lang, messageKey(`console.reportingDuty.${r.reportingDuty}`)), categoryLabel: CATEGORY_LABELS[r.category as (typeof COMPLAINT_CATEGORIES)[number]]?.[lang] ?? r.category })),
      nextHref: 'nextCursor' in list && list.nextCursor ? `/medewerkers/zaken?${filterQuery(values, { after: list.nextCursor })}` : undefined,
      prevHref: 'prevCursor' in list && list.prevCursor ? `/medewerkers/zaken?${filterQuery(values, { before: list.prevCursor })}` : undefined,
      firstHref: 'prevCursor' in list && list.prevCursor ? `/medewerkers/zaken?${filterQuery(values)}` : undefined,
    }, errors.length ? 400 : 200);
  });

  /**
   * What waits on the secretariat, earliest term first: the dashboard's "waiting" count is this
   * list's length (one definition, caseList.ts), each case with why it waits.
   */
  router.get('/medewerkers/werkvoorraad', async (req, res) => {
    const user = userOf(res);
    if (user.scope === 'panel') throw new PageNotFound();
    const lang = req.portal.lang;
    const { filters } = parseFilters({ waiting: '1', after: req.query.after, before: req.query.before });
    const [list, d] = await Promise.all([listCases(deps.db, user, filters), dashboard(deps.db, user)]);
    if (list.rows.length) await logCaseReads(deps.db, list.rows.map((r) => ({ caseId: r.id, actor: user.logName, action: 'console.queue.read', ip: req.ip })));
    const reasons = await waitingReasons(deps.db, list.rows);
    const reasonLabel = (r: string) => translate(lang, messageKey(`console.queue.reason.${r}`));
    renderPage(req, res, 'console-queue', {
      titleKey: 'console.queue.title',
      total: d.waitingOnSecretary,
      countText: translateCount(lang, 'console.queue.count', d.waitingOnSecretary),
      byReason: WAITING_REASONS.map((r) => ({ reason: r, label: reasonLabel(r), count: list.rows.filter((row) => reasons.get(row.id)?.includes(r)).length })).filter((r) => r.count > 0),
      rows: list.rows.map((r) => ({ ...r, statusLabel: STATUS_LABELS[r.status][lang], reasons: (reasons.get(r.id) ?? []).map(reasonLabel).join('; ') })),
      nextHref: list.nextCursor ? `/medewerkers/werkvoorraad?${filterQuery({}, { after: list.nextCursor })}` : undefined,
      prevHref: list.prevCursor ? `/medewerkers/werkvoorraad?${filterQuery({}, { before: list.prevCursor })}` : undefined,
    });
  });

  /** The case, when it exists and this user may see it; otherwise a 404 that reveals nothing. */
  async function caseRow(req: Request, res: Response) {
    const caseNumber = String(req.params.caseNumber);
    const row = isCaseNumber(caseNumber) ? await findCase(deps.db, caseNumber) : undefined;
    if (!row || !(await mayView(deps.db, userOf(res), row.id))) throw new PageNotFound();
    return row;
  }

  async function loadCase(req: Request, res: Response): Promise<ConsoleCase> {
    const view = await loadConsoleCase(deps, userOf(res), { caseNumber: String(req.params.caseNumber), ip: req.ip, lang: req.portal.lang, today: today() });
    if (!view) throw new PageNotFound();
    return view;
  }

  mountRespondentLinkRoutes(router, { db: deps.db, mail: deps.mail, caseRow, userOf });

  router.get('/medewerkers/zaken/:caseNumber', async (req, res) => {
    if (!isCaseNumber(String(req.params.caseNumber))) throw new PageNotFound();
    const view = await loadCase(req, res);
    const user = userOf(res);
    const lang = req.portal.lang;
    const done = typeof req.query.gedaan === 'string' && ACTION_FORMS.has(req.query.gedaan) ? translate(lang, 'console.case.done', { action: translate(lang, messageKey(`console.action.${req.query.gedaan}`)) }) : undefined;
    const released = req.query.vrijgegeven === '1' ? translate(lang, 'console.documents.released') : undefined;
    const linked = req.query.school === 'gekoppeld' ? translate(lang, 'console.school.linked', { name: view.row.school_name, brin: view.row.school_brin }) : undefined;
    renderPage(req, res, 'console-case', {
      ...view,
      respondentLinks: user.role === 'secretary' && !view.closed ? await respondentLinkRows(deps.db, view.row, lang) : [],
      titleKey: 'console.case.title',
      notice: done ?? released ?? linked,
      canAct: user.canAct,
      canIssueLink: user.role === 'secretary' && !view.closed,
      canRelease: user.canAct,
      // Only who may approve (a chair) gets the link: a secretary neither decides nor approves.
      mayApprove: user.canAct && view.actions.some((a) => a.name === 'approveLetter'),
      adviceRegimeLabel: adviceRegimeLabel(lang, view.policy, view.row.sector),
      reportingDutyLabel: translate(lang, view.reportingDuty === 'not-applicable' && view.possiblyReportable ? 'console.reportingDuty.possible' : messageKey(`console.reportingDuty.${view.reportingDuty}`)),
      hearingStatusLabel: view.hearing ? translate(lang, `console.hearingStatus.${view.hearing.status}`) : undefined,
      base: `/medewerkers/zaken/${view.caseNumber}`,
    });
  });

  router.get('/medewerkers/zaken/:caseNumber/documenten/:id', async (req, res) => {
    const row = await caseRow(req, res);
    const id = String(req.params.id);
    const doc = /^[0-9a-f-]{36}$/.test(id) ? await documentOfCase(deps.db, row.id, id, ['id', 'original_name', 'mime_type', 'content']) : undefined;
    if (!doc) throw new PageNotFound();
    await logCaseRead(deps.db, { caseId: row.id, actor: userOf(res).logName, action: `console.document.read:${doc.id}`, ip: req.ip });
    res.set('Cache-Control', 'no-store').type(doc.mime_type).attachment(doc.original_name).send(doc.content);
  });

  /** Releasing a document to the other party, after a confirmation: it cannot be taken back. */
  router.post('/medewerkers/zaken/:caseNumber/documenten/:id/vrijgeven', async (req, res) => {
    const row = await caseRow(req, res);
    const user = userOf(res);
    if (!user.canAct) throw new PageNotFound();
    const lang = req.portal.lang;
    const id = String(req.params.id);
    const to = fieldText(req.body?.to, '');
    const doc = /^[0-9a-f-]{36}$/.test(id) ? await documentOfCase(deps.db, row.id, id, ['id', 'original_name', 'released_to']) : undefined;
    if (!doc || (to !== 'complainant' && to !== 'school')) throw new PageNotFound();
    const base = `/medewerkers/zaken/${row.case_number}`;
    if (req.body?.step !== 'confirm') {
      return renderPage(req, res, 'console-confirm', {
        titleKey: 'console.release.title',
        caseNumber: row.case_number,
        back: base,
        action: `${base}/documenten/${id}/vrijgeven`,
        intro: translate(lang, 'console.release.intro', { name: doc.original_name, party: translate(lang, `console.party.${to}`) }),
        hidden: [{ name: 'to', value: to }],
        confirmLabel: translate(lang, 'console.release.confirm'),
      });
    }
    if (!(doc.released_to as string[]).includes(to)) {
      await releaseDocumentTo(deps.db, id, to);
      await appendEvent(deps.db, { caseId: row.id, type: 'document.released', actor: user.actor!.userId, data: { documentId: id, to } });
    }
    res.redirect(303, `${base}?vrijgegeven=1#documenten`);
  });

  /**
   * Issuing (or re-issuing) the school board's link: shown once, its hash kept, earlier links
   * revoked. It holds until the case is closed; the secretary may name the board contact it is for,
   * and has it e-mailed (to the board's registered address unless another is given) instead of
   * copying it by hand. The mail is a notice (platform/mail/notice.ts): the link is never stored.
   */
  router.post('/medewerkers/zaken/:caseNumber/schoollink', async (req, res) => {
    const row = await caseRow(req, res);
    const user = userOf(res);
    if (user.role !== 'secretary') throw new PageNotFound();
    const lang = req.portal.lang;
    const base = `/medewerkers/zaken/${row.case_number}`;
    const text = (name: string, max: number) => {
      const raw = req.body?.[name];
      // eslint-disable-next-line no-control-regex
      return typeof raw === 'string' ? raw.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max) : '';
    };
    const issuedTo = text('issuedTo', 200);
    const asked = req.body?.step === 'confirm';
    const board = await schoolBoardEmail(deps.db, row.school_brin);
    // The first form proposes the board's registered address; an emptied field means "I pass it on myself".
    const sendTo = asked ? text('sendTo', 320).toLowerCase() : String(board?.board_email ?? '');
    const errors: FieldError[] = asked && sendTo && !EMAIL_ADDRESS.test(sendTo) ? [{ field: 'sendTo', message: translate(lang, 'register.error.email') }] : [];
    if (!asked || errors.length) {
      const fields = [
        buildField(lang, { name: 'issuedTo', kind: 'text', labelKey: 'console.schoolLink.issuedTo', hintKey: 'console.schoolLink.issuedTo.hint', optional: true }, { issuedTo }, errors),
        buildField(lang, { name: 'sendTo', kind: 'email', labelKey: 'console.schoolLink.sendTo', hintKey: 'console.schoolLink.sendTo.hint', optional: true, autocomplete: 'off' }, { sendTo }, errors),
      ];
      return renderPage(
        req,
        res,
        'console-confirm',
        {
          titleKey: 'console.schoolLink.title',
          caseNumber: row.case_number,
          back: base,
          action: `${base}/schoollink`,
          intro: translate(lang, 'console.schoolLink.introUntilClosed'),
          fields,
          errorSummary: errorSummary(fields),
          hidden: [],
          confirmLabel: translate(lang, 'console.schoolLink.confirm'),
        },
        errors.length ? 400 : 200,
      );
    }
    const actor = user.actor!.userId;
    const link = await issueSchoolLink(deps.db, row.id, actor, { issuedTo });
    const url = `${baseUrl(req)}/school/${link.token}`;
    await appendEvent(deps.db, { caseId: row.id, type: 'school-link.issued', actor, data: { linkId: link.linkId, expiresAt: null, issuedTo: issuedTo || null, mailedTo: sendTo || null, revokedPrevious: link.revoked } });
    if (sendTo) {
      const vars = { caseNumber: row.case_number, school: row.school_name, url, name: issuedTo || translate(row.language, 'console.schoolLink.mail.board') };
      const notice = { to: [{ name: issuedTo, address: sendTo }], subject: translate(row.language, 'console.schoolLink.mail.subject', vars), text: translate(row.language, 'console.schoolLink.mail.text', vars) };
      sendNoticeInBackground(deps.mail ?? currentConfig().mail, notice, { caseNumber: row.case_number, notice: 'school-link' });
    }
    renderPage(req, res, 'console-school-link', { titleKey: 'console.schoolLink.issuedTitle', caseNumber: row.case_number, back: base, url, expiresAt: link.expiresAt, issuedTo, mailedTo: sendTo, revoked: link.revoked });
  });

  /** Revoking the case's school link (a lost or forwarded link): at once, its sessions too; audited in the case. */
  router.post('/medewerkers/zaken/:caseNumber/schoollink/intrekken', async (req, res) => {
    const row = await caseRow(req, res);
    const user = userOf(res);
    if (user.role !== 'secretary') throw new PageNotFound();
    const base = `/medewerkers/zaken/${row.case_number}`;
    if (req.body?.step !== 'confirm') {
      return renderPage(req, res, 'console-confirm', {
        titleKey: 'console.schoolLink.revokeTitle',
        caseNumber: row.case_number,
        back: base,
        action: `${base}/schoollink/intrekken`,
        intro: translate(req.portal.lang, 'console.schoolLink.revokeIntro'),
        hidden: [],
        warning: true,
        confirmLabel: translate(req.portal.lang, 'console.schoolLink.revokeConfirm'),
      });
    }
    const revoked = await revokeSchoolLinks(deps.db, row.id);
    if (revoked > 0) await appendEvent(deps.db, { caseId: row.id, type: 'school-link.revoked', actor: user.actor!.userId, data: { revoked } });
    res.redirect(303, `${base}#schoollink`);
  });

  // ---------------------------------------------------------------- workflow actions

  /** A term action's form lists only the terms it applies to (nextActions.ts). */
  function dynamicFor(view: ConsoleCase, form: ActionForm) {
    return { ...view.dynamic, terms: view.termOptions[form.name] ?? view.dynamic.terms };
  }

  function actionForm(req: Request, res: Response): ActionForm {
    const form = ACTION_FORMS.get(String(req.params.action));
    if (!form || !userOf(res).canAct) throw new PageNotFound();
    return form;
  }

  function renderAction(req: Request, res: Response, view: ConsoleCase, form: ActionForm, values: Record<string, string>, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const fields = actionFields(lang, form, values, errors, dynamicFor(view, form));
    const general = errors.filter((e) => !form.fields.some((f) => f.name === e.field));
    const available = view.actions.some((a) => a.name === form.name);
    const scheduling = form.name === 'scheduleHearing' || form.name === 'submitAvailability';
    renderPage(
      req,
      res,
      'console-action',
      {
        titleKey: `console.action.${form.name}`,
        caseNumber: view.caseNumber,
        statusLabel: view.statusLabel,
        heading: translate(lang, messageKey(`console.action.${form.name}`)),
        intro: translate(lang, messageKey(`console.action.${form.name}.intro`)),
        available,
        fields,
        terms: view.terms,
        // Scheduling shows what people said they can do, and the dates that suit everyone.
        availability: scheduling ? view.availability : undefined,
        showAvailability: scheduling,
        proposedDates: scheduling ? (view.hearing?.proposedDates ?? []) : [],
        action: `/medewerkers/zaken/${view.caseNumber}/acties/${form.name}`,
        back: `/medewerkers/zaken/${view.caseNumber}`,
        generalErrors: general.map((e) => e.message),
        errorSummary: [...fields.filter((f) => f.error).map((f) => ({ href: `#${f.anchor}`, message: f.error! })), ...general.map((e) => ({ href: '#action-form', message: e.message }))],
      },
      status,
    );
  }

  router.get('/medewerkers/zaken/:caseNumber/acties/:action', async (req, res) => {
    const form = actionForm(req, res);
    const view = await loadCase(req, res);
    // Links from the case page preselect what they concern (the letter to approve, the measure).
    const values = readValues(form, req.query as Record<string, unknown>);
    // An action another role takes (a secretary and an approval) is refused for the role, not for the moment.
    const role = userOf(res).actor!.role;
    if (!ACTIONS[form.name as ActionName].roles.includes(role)) {
      const refusal = { code: 'action-not-for-role' as const, field: 'action', params: { role, action: form.name } };
      return renderAction(req, res, view, form, values, [{ field: 'action', message: refusalReason(req.portal.lang, refusal) }], 403);
    }
    const errors: FieldError[] = view.actions.some((a) => a.name === form.name) ? [] : [{ field: 'action', message: translate(req.portal.lang, 'console.action.notNow') }];
    renderAction(req, res, view, form, values, errors, errors.length ? 409 : 200);
  });

  router.post('/medewerkers/zaken/:caseNumber/acties/:action', async (req, res) => {
    const form = actionForm(req, res);
    const user = userOf(res);
    const lang = req.portal.lang;
    const values = readValues(form, req.body as Record<string, unknown>);
    const step = fieldText(req.body?.step, 'review');
    const view = await loadCase(req, res);
    if (step === 'edit') return renderAction(req, res, view, form, values, []);
    const missing = missingAnswers(lang, form, values);
    if (missing.length) return renderAction(req, res, view, form, values, missing, 400);
    if (step !== 'confirm') {
      const fields = actionFields(lang, form, values, [], dynamicFor(view, form));
      return renderPage(req, res, 'console-confirm', {
        titleKey: 'console.confirm.title',
        caseNumber: view.caseNumber,
        heading: translate(lang, messageKey(`console.action.${form.name}`)),
        intro: translate(lang, 'console.confirm.intro'),
        answers: answerSummary(fields),
        action: `/medewerkers/zaken/${view.caseNumber}/acties/${form.name}`,
        hidden: Object.entries(values).map(([name, value]) => ({ name, value })),
        confirmLabel: translate(lang, 'console.confirm.button', { action: translate(lang, messageKey(`console.action.${form.name}`)) }),
        editable: form.fields.length > 0,
        warning: form.warning,
        back: `/medewerkers/zaken/${view.caseNumber}`,
      });
    }
    try {
      await runCaseAction(deps.temporal, view.caseNumber, form.name, form.toBody(values), user.actor!);
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err;
      // A refusal names an input field (reasons, measures[0].termWeeks); the page names the field as the form labels it.
      const errors = err.refusals.map((r) => {
        const field = refusalField(form, r.field);
        const text = refusalReason(lang, r);
        const reason = field && field !== r.field.split(/[.[]/)[0] ? `${r.field}: ${text}` : text;
        return { field: field ?? 'action', message: translate(lang, field ? 'console.refusedAt' : 'console.refused', { reason, label: field ? translate(lang, messageKey(`console.action.${form.name}.${field}`)) : '' }) };
      });
      return renderAction(req, res, view, form, values, errors, err.status === 403 ? 403 : 409);
    }
    res.redirect(303, `/medewerkers/zaken/${view.caseNumber}?gedaan=${form.name}`);
  });

  return router;
}

/** The regime an advice given today falls under, with its basis, in the page's language. */
function adviceRegimeLabel(lang: 'nl' | 'en', policy: PolicyVersion, sector: string | null): string {
  const regime = adviceRegimeOn(policy, amsterdamDate(new Date()), sector);
  return translate(lang, regime.binding ? 'console.adviceRegime.binding' : 'console.adviceRegime.advisory', { basis: regime.legalBasis[lang] });
}
