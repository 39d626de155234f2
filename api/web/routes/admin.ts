/**
 * The administrators' pages under /beheer: staff users, committee members (the panel draw's pool
 * and their ties), the policy versions with their terms (admin/policyPages.ts: new versions, four-eyes
 * approval), and the audit trail of these changes.
 *
 * Who may enter is decided from the users table on every request, not from the session alone: the
 * session remembers the role it was started with, and a disabled or demoted admin must lose access
 * at once. Someone without a staff session is sent to the login; staff of another role get a 403.
 * Every form works without JavaScript (POST, then redirect to a page that says what was done).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import type { TermPolicy, Duration } from '../../../domain/policy';
import { mountPolicyPages } from '../admin/policyPages';
import { emailInUse, getUser, listUsers, STAFF_ROLES, type StaffRole, type StaffUser } from '../../portal/users';
import { isGuessablePassword, PASSWORD_MIN_LENGTH } from '../../portal/passwords';
import { recentAdminActions, type AdminActor } from '../admin/audit';
import { addMember, getMember, listMembers, MEMBER_ROLES, memberLinkedTo, panelAccounts, parseTies, setMemberActive, updateMember, type MemberRole } from '../admin/members';
import { changeRole, createStaffUser, resetPassword, resetSecondFactor, setDisabled } from '../admin/users';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { messageKey, translate, type Lang } from '../i18n';
import { renderPage } from '../render';
import { currentStaffUser } from '../guards';
import { mountTokenPages } from '../tokenPages';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TIES = 50;

declare module 'express-serve-static-core' {
  interface Locals {
    admin?: StaffUser;
  }
}

const roleOptions = STAFF_ROLES.map((r) => ({ value: r, labelKey: `admin.role.${r}` }));
const memberRoleOptions = MEMBER_ROLES.map((r) => ({ value: r, labelKey: `admin.memberRole.${r}` }));

const USER_FIELDS: FieldSpec[] = [
  { name: 'name', kind: 'text', labelKey: 'admin.field.name', autocomplete: 'off' },
  { name: 'email', kind: 'email', labelKey: 'admin.field.email', hintKey: 'admin.field.email.hint', autocomplete: 'off' },
  { name: 'role', kind: 'radios', labelKey: 'admin.field.role', options: roleOptions },
  { name: 'password', kind: 'password', labelKey: 'admin.field.password', hintKey: 'admin.field.password.hint', autocomplete: 'new-password' },
];
const ROLE_FIELD: FieldSpec = { name: 'role', kind: 'radios', labelKey: 'admin.field.role', options: roleOptions };
const RESET_PASSWORD_FIELD: FieldSpec = { name: 'password', kind: 'password', labelKey: 'admin.field.resetPassword', hintKey: 'admin.field.password.hint', autocomplete: 'new-password' };
const MEMBER_FIELDS: FieldSpec[] = [
  { name: 'name', kind: 'text', labelKey: 'admin.field.name', autocomplete: 'off' },
  { name: 'email', kind: 'email', labelKey: 'admin.field.email', autocomplete: 'off' },
  { name: 'role', kind: 'radios', labelKey: 'admin.field.memberRole', options: memberRoleOptions },
  { name: 'ties', kind: 'textarea', labelKey: 'admin.field.ties', hintKey: 'admin.field.ties.hint', optional: true, rows: 5 },
];
/** Rendered by the admin-select partial (the shared field partial has no select). */
const ACCOUNT_FIELD: FieldSpec = { name: 'userId', kind: 'select', labelKey: 'admin.field.account', hintKey: 'admin.field.account.hint', optional: true };

/** Which "done" notice a page may show after a redirect: a fixed list, never text from the address. */
const NOTICES = new Set(['userCreated', 'roleChanged', 'disabled', 'enabled', 'passwordReset', 'secondFactorReset', 'memberCreated', 'memberUpdated', 'memberDeactivated', 'memberActivated', 'policyDrafted', 'policyApproved', 'policyDiscarded']);

function noticeOf(req: Request, lang: Lang): string | undefined {
  const key = typeof req.query.gedaan === 'string' ? req.query.gedaan : '';
  return NOTICES.has(key) ? translate(lang, messageKey(`admin.done.${key}`)) : undefined;
}

function body(req: Request, name: string, max: number): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The password hint names the minimum; buildField translates without parameters, so fill it here. */
function withPasswordHint(lang: Lang, fields: ReturnType<typeof buildField>[]) {
  return fields.map((f) => (f.name === 'password' ? { ...f, hint: translate(lang, 'admin.field.password.hint', { min: PASSWORD_MIN_LENGTH }) } : f));
}

function durationText(lang: Lang, d: Duration): string {
  return translate(lang, d.amount === 1 ? `admin.unit.${d.unit}.one` : `admin.unit.${d.unit}`, { n: d.amount });
}

function termRow(lang: Lang, key: string, term: TermPolicy) {
  const length = durationText(lang, term);
  return {
    key,
    label: term.label[lang],
    length: term.direction === 'backward' ? translate(lang, 'admin.backward', { amount: length }) : length,
    reminder: term.reminderBefore ? translate(lang, 'admin.reminder', { amount: durationText(lang, term.reminderBefore) }) : undefined,
    extension: term.maxExtensions > 0 && term.extension ? translate(lang, 'admin.extensionTimes', { times: term.maxExtensions, amount: durationText(lang, term.extension) }) : translate(lang, 'admin.noExtension'),
    statutory: term.statutory,
    atw: translate(lang, term.applyAtw ? 'admin.atwYes' : 'admin.atwNo'),
    legalBasis: term.legalBasis,
    source: translate(lang, `admin.source.${term.source}`),
    confirmed: term.source === 'confirmed',
  };
}

export function adminRoutes(deps: { db: Knex; now?: () => Date }): Router {
  const router = Router();
  const { db } = deps;

  const requireAdmin = async (req: Request, res: Response, next: NextFunction) => {
    // Disabled (or removed) since the session began: the session is over.
    const user = await currentStaffUser(db, req, res);
    if (!user) return;
    if (user.role !== 'admin') {
      const lang = req.portal.lang;
      return renderPage(req, res, 'error', { titleKey: 'admin.forbiddenTitle', heading: translate(lang, 'admin.forbiddenTitle'), text: translate(lang, 'admin.forbiddenText') }, 403);
    }
    res.locals.admin = user;
    next();
  };
  router.use('/beheer', requireAdmin);

  const actorOf = (req: Request, res: Response): AdminActor => ({ userId: res.locals.admin!.id, name: res.locals.admin!.name, ip: req.ip });
  const page = (req: Request, res: Response, name: string, view: Record<string, unknown> & { titleKey: string }, status = 200) =>
    renderPage(req, res, name, { ...view, adminSection: name, notice: noticeOf(req, req.portal.lang) }, status);

  router.get('/beheer', (req, res) => page(req, res, 'admin-home', { titleKey: 'admin.homeTitle' }));

  // ------------------------------------------------------------------ staff users

  router.get('/beheer/gebruikers', async (req, res) => {
    const lang = req.portal.lang;
    const me = res.locals.admin!.id;
    const users = (await listUsers(db)).map((u) => ({ ...u, roleLabel: translate(lang, `admin.role.${u.role}`), isMe: u.id === me }));
    page(req, res, 'admin-users', { titleKey: 'admin.usersTitle', users });
  });

  function renderNewUser(req: Request, res: Response, values: Record<string, string>, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const fields = withPasswordHint(lang, USER_FIELDS.map((s) => buildField(lang, s, values, errors)));
    page(req, res, 'admin-user-new', { titleKey: 'admin.userNewTitle', fields, errorSummary: errorSummary(fields) }, status);
  }

  router.get('/beheer/gebruikers/nieuw', (req, res) => renderNewUser(req, res, { role: 'secretary' }, []));

  router.post('/beheer/gebruikers/nieuw', async (req, res) => {
    const lang = req.portal.lang;
    const values = { name: body(req, 'name', 400).trim(), email: body(req, 'email', 400).trim(), role: body(req, 'role', 20) };
    const password = body(req, 'password', 2000);
    const errors: FieldError[] = [];
    if (!values.name) errors.push({ field: 'name', message: translate(lang, 'admin.err.name') });
    else if (values.name.length > 200) errors.push({ field: 'name', message: translate(lang, 'admin.err.nameLong') });
    if (!EMAIL_SHAPE.test(values.email) || values.email.length > 320) errors.push({ field: 'email', message: translate(lang, 'admin.err.email') });
    else if (await emailInUse(db, values.email)) errors.push({ field: 'email', message: translate(lang, 'admin.err.emailTaken') });
    if (!(STAFF_ROLES as readonly string[]).includes(values.role)) errors.push({ field: 'role', message: translate(lang, 'admin.err.role') });
    if (password.length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', message: translate(lang, 'admin.err.password', { min: PASSWORD_MIN_LENGTH }) });
    else if (password.length > 1024) errors.push({ field: 'password', message: translate(lang, 'admin.err.passwordLong') });
    else if (isGuessablePassword(password, [values.email, values.name])) errors.push({ field: 'password', message: translate(lang, 'admin.err.passwordGuessable') });
    // The password is never sent back into the form.
    if (errors.length) return renderNewUser(req, res, values, errors, 400);
    try {
      const user = await createStaffUser(db, actorOf(req, res), { name: values.name, email: values.email, role: values.role as StaffRole, password });
      res.redirect(303, `/beheer/gebruikers/${user.id}?gedaan=userCreated`);
    } catch (err) {
      // Two admins adding the same address at once: the unique index decides.
      if ((err as { code?: string }).code === '23505') return renderNewUser(req, res, values, [{ field: 'email', message: translate(lang, 'admin.err.emailTaken') }], 400);
      throw err;
    }
  });

  async function renderUser(req: Request, res: Response, opts: { errors?: FieldError[]; role?: string; status?: number } = {}) {
    const lang = req.portal.lang;
    const user = await getUser(db, String(req.params.id));
    if (!user) throw new PageNotFound('admin.notFoundText');
    const isMe = user.id === res.locals.admin!.id;
    const errors = opts.errors ?? [];
    const roleField = buildField(lang, ROLE_FIELD, { role: opts.role ?? user.role }, errors.filter((e) => e.field === 'role'));
    const [passwordField] = withPasswordHint(lang, [buildField(lang, RESET_PASSWORD_FIELD, {}, errors.filter((e) => e.field === 'password'))]);
    const other = errors.filter((e) => e.field !== 'role' && e.field !== 'password').map((e) => ({ href: '#status', message: e.message }));
    page(
      req,
      res,
      'admin-user',
      {
        titleKey: 'admin.userTitle',
        name: user.name,
        user: { ...user, roleLabel: translate(lang, `admin.role.${user.role}`) },
        isMe,
        roleField,
        passwordField,
        errorSummary: [...errorSummary([roleField, passwordField]), ...other],
      },
      opts.status,
    );
  }

  router.get('/beheer/gebruikers/:id', (req, res) => renderUser(req, res));

  router.post('/beheer/gebruikers/:id/rol', async (req, res) => {
    const lang = req.portal.lang;
    const user = await getUser(db, String(req.params.id));
    if (!user) throw new PageNotFound('admin.notFoundText');
    const role = body(req, 'role', 20);
    if (!(STAFF_ROLES as readonly string[]).includes(role)) return renderUser(req, res, { errors: [{ field: 'role', message: translate(lang, 'admin.err.role') }], status: 400 });
    // An admin who demoted themself could lock the committee out of its own administration.
    if (user.id === res.locals.admin!.id) return renderUser(req, res, { errors: [{ field: 'role', message: translate(lang, 'admin.err.selfRole') }], role, status: 400 });
    await changeRole(db, actorOf(req, res), user.id, role as StaffRole);
    res.redirect(303, `/beheer/gebruikers/${user.id}?gedaan=roleChanged`);
  });

  for (const [path, disabled] of [['uitschakelen', true], ['inschakelen', false]] as const) {
    router.post(`/beheer/gebruikers/:id/${path}`, async (req, res) => {
      const user = await getUser(db, String(req.params.id));
      if (!user) throw new PageNotFound('admin.notFoundText');
      if (disabled && user.id === res.locals.admin!.id) {
        return renderUser(req, res, { errors: [{ field: 'status', message: translate(req.portal.lang, 'admin.err.selfDisable') }], status: 400 });
      }
      await setDisabled(db, actorOf(req, res), user.id, disabled);
      res.redirect(303, `/beheer/gebruikers/${user.id}?gedaan=${disabled ? 'disabled' : 'enabled'}`);
    });
  }

  // A forgotten password: the admin sets one, which its owner must replace at the next login.
  router.post('/beheer/gebruikers/:id/wachtwoord', async (req, res) => {
    const lang = req.portal.lang;
    const user = await getUser(db, String(req.params.id));
    if (!user) throw new PageNotFound('admin.notFoundText');
    const password = body(req, 'password', 2000);
    let error: string | undefined;
    if (user.id === res.locals.admin!.id) error = translate(lang, 'admin.err.selfPassword');
    else if (password.length < PASSWORD_MIN_LENGTH) error = translate(lang, 'admin.err.password', { min: PASSWORD_MIN_LENGTH });
    else if (password.length > 1024) error = translate(lang, 'admin.err.passwordLong');
    else if (isGuessablePassword(password, [user.email, user.name])) error = translate(lang, 'admin.err.passwordGuessable');
    if (error) return renderUser(req, res, { errors: [{ field: 'password', message: error }], status: 400 });
    await resetPassword(db, actorOf(req, res), user.id, password);
    res.redirect(303, `/beheer/gebruikers/${user.id}?gedaan=passwordReset`);
  });

  router.post('/beheer/gebruikers/:id/tweestapsverificatie-herstellen', async (req, res) => {
    const user = await getUser(db, String(req.params.id));
    if (!user) throw new PageNotFound('admin.notFoundText');
    await resetSecondFactor(db, actorOf(req, res), user.id);
    res.redirect(303, `/beheer/gebruikers/${user.id}?gedaan=secondFactorReset`);
  });

  // ------------------------------------------------------------------ committee members

  router.get('/beheer/commissieleden', async (req, res) => {
    const lang = req.portal.lang;
    const members = (await listMembers(db)).map((m) => ({ ...m, roleLabel: translate(lang, `admin.memberRole.${m.role}`), tiesText: m.ties.join(', ') }));
    page(req, res, 'admin-members', { titleKey: 'admin.membersTitle', members });
  });

  async function readMember(req: Request, memberId?: string): Promise<{ values: Record<string, string>; errors: FieldError[]; ties: string[] }> {
    const lang = req.portal.lang;
    const values = { name: body(req, 'name', 400).trim(), email: body(req, 'email', 400).trim(), role: body(req, 'role', 20), ties: body(req, 'ties', 20_000), userId: body(req, 'userId', 20) };
    const ties = parseTies(values.ties);
    const errors: FieldError[] = [];
    if (!values.name) errors.push({ field: 'name', message: translate(lang, 'admin.err.name') });
    else if (values.name.length > 200) errors.push({ field: 'name', message: translate(lang, 'admin.err.nameLong') });
    if (!EMAIL_SHAPE.test(values.email) || values.email.length > 320) errors.push({ field: 'email', message: translate(lang, 'admin.err.email') });
    if (!(MEMBER_ROLES as readonly string[]).includes(values.role)) errors.push({ field: 'role', message: translate(lang, 'admin.err.role') });
    if (ties.length > MAX_TIES) errors.push({ field: 'ties', message: translate(lang, 'admin.err.ties') });
    if (values.userId) {
      // Only an enabled account with a panel role, and one member per account (the panel pages rely on it).
      if (!(await panelAccounts(db)).some((a) => a.id === values.userId)) errors.push({ field: 'userId', message: translate(lang, 'admin.err.account') });
      else if (await memberLinkedTo(db, values.userId, memberId)) errors.push({ field: 'userId', message: translate(lang, 'admin.err.accountTaken') });
    }
    return { values, errors, ties };
  }

  async function renderMemberForm(req: Request, res: Response, opts: { member?: { id: string; name: string; active: boolean }; values: Record<string, string>; errors: FieldError[]; status?: number }) {
    const lang = req.portal.lang;
    const fields = MEMBER_FIELDS.map((s) => buildField(lang, s, opts.values, opts.errors));
    const accountField = buildField(lang, ACCOUNT_FIELD, opts.values, opts.errors);
    const accounts = (await panelAccounts(db)).map((a) => ({
      value: a.id,
      label: `${a.name} <${a.email}> (${translate(lang, messageKey(`admin.role.${a.role}`))})`,
      selected: a.id === opts.values.userId,
    }));
    page(
      req,
      res,
      'admin-member',
      {
        titleKey: opts.member ? 'admin.memberTitle' : 'admin.memberNewTitle',
        name: opts.member?.name,
        member: opts.member,
        action: opts.member ? `/beheer/commissieleden/${opts.member.id}` : '/beheer/commissieleden/nieuw',
        submitKey: opts.member ? 'admin.memberSave' : 'admin.memberCreate',
        fields,
        accountField: { ...accountField, accounts, noneSelected: !opts.values.userId },
        errorSummary: errorSummary([...fields, accountField]),
      },
      opts.status,
    );
  }

  router.get('/beheer/commissieleden/nieuw', (req, res) => renderMemberForm(req, res, { values: { role: 'member' }, errors: [] }));

  router.post('/beheer/commissieleden/nieuw', async (req, res) => {
    const { values, errors, ties } = await readMember(req);
    if (errors.length) return renderMemberForm(req, res, { values, errors, status: 400 });
    const member = await addMember(db, actorOf(req, res), { name: values.name, email: values.email, role: values.role as MemberRole, ties, userId: values.userId || null });
    res.redirect(303, `/beheer/commissieleden/${member.id}?gedaan=memberCreated`);
  });

  router.get('/beheer/commissieleden/:id', async (req, res) => {
    const member = await getMember(db, String(req.params.id));
    if (!member) throw new PageNotFound('admin.notFoundText');
    await renderMemberForm(req, res, { member, values: { name: member.name, email: member.email, role: member.role, ties: member.ties.join('\n'), userId: member.userId ?? '' }, errors: [] });
  });

  router.post('/beheer/commissieleden/:id', async (req, res) => {
    const member = await getMember(db, String(req.params.id));
    if (!member) throw new PageNotFound('admin.notFoundText');
    const { values, errors, ties } = await readMember(req, member.id);
    if (errors.length) return renderMemberForm(req, res, { member, values, errors, status: 400 });
    await updateMember(db, actorOf(req, res), member.id, { name: values.name, email: values.email, role: values.role as MemberRole, ties, userId: values.userId || null });
    res.redirect(303, `/beheer/commissieleden/${member.id}?gedaan=memberUpdated`);
  });

  for (const [path, active] of [['deactiveren', false], ['activeren', true]] as const) {
    router.post(`/beheer/commissieleden/:id/${path}`, async (req, res) => {
      const member = await getMember(db, String(req.params.id));
      if (!member) throw new PageNotFound('admin.notFoundText');
      if (member.active !== active) await setMemberActive(db, actorOf(req, res), member.id, active);
      res.redirect(303, `/beheer/commissieleden/${member.id}?gedaan=${active ? 'memberActivated' : 'memberDeactivated'}`);
    });
  }

  // ------------------------------------------------------------------ API tokens (all of them)

  mountTokenPages(router, db, { base: '/beheer/api-sleutels', actor: actorOf, ownerOf: () => undefined, view: () => ({ adminSection: 'api-tokens' }) });

  // ------------------------------------------------------------------ policies and the audit trail

  mountPolicyPages(router, db, { page, actorOf, termRow, now: deps.now ?? (() => new Date()) });

  router.get('/beheer/wijzigingen', async (req, res) => {
    const lang = req.portal.lang;
    const entries = (await recentAdminActions(db)).map((e) => ({
      ...e,
      actionLabel: translate(lang, `admin.action.${e.action}`),
      targetLabel: translate(lang, messageKey(`admin.target.${e.targetType}`)),
      details: Object.keys(e.data).length ? JSON.stringify(e.data) : '',
    }));
    page(req, res, 'admin-audit', { titleKey: 'admin.auditTitle', entries });
  });

  return router;
}
