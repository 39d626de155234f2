/**
 * The policy versions in the admin pages (issue 13):
 *
 *   GET  /beheer/beleid                           every version, newest first, drafts among them
 *   GET  /beheer/beleid/nieuw                     a new version, prefilled from the newest approved one
 *   POST /beheer/beleid/nieuw                     stores it as a draft (checked by the policy schema)
 *   GET  /beheer/beleid/:version                  the version, what it changes against the previous one
 *   POST /beheer/beleid/:version/goedkeuren       four eyes: another administrator approves the draft
 *   POST /beheer/beleid/:version/verwijderen      discards a draft
 *
 * Mounted behind the admin guard of routes/admin.ts. Every step is audited (admin_audit) in the same
 * transaction; an approved version never changes again (the database refuses it).
 */
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import { amsterdamDate } from '../../../domain/clock';
import type { PolicyVersion } from '../../../domain/policy';
import { policyDiff, TERM_KEYS, type PolicyIssue } from '../../../domain/policySchema';
import { approvalRefusal, nextVersionNumber, validFromRefusal } from '../../../domain/policyApproval';
import { casesPerPolicyVersion } from '../../../platform/store/cases';
import { deletePolicyDraft, findPolicyVersion, insertPolicyDraft, latestApprovedPolicy, listPolicyVersions, markPolicyApproved, type StoredPolicyVersion } from '../../../platform/store/policies';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { messageKey, translate, type Lang } from '../i18n';
import { recordAdminAction, type AdminActor } from './audit';
import { fieldOfIssue, formValuesOf, LIST_FIELDS, policyFromForm, UNIT_OPTIONS } from './policyForm';

export interface PolicyPageHelpers {
  page: (req: Request, res: Response, name: string, view: Record<string, unknown> & { titleKey: string }, status?: number) => void;
  actorOf: (req: Request, res: Response) => AdminActor;
  termRow: (lang: Lang, key: string, term: PolicyVersion['terms'][keyof PolicyVersion['terms']]) => Record<string, unknown>;
  /** The app's clock: today decides which dates a new version may start on. */
  now: () => Date;
}

const MAX_FIELD = 20_000;
const UNIQUE_VIOLATION = '23505';

const errorText = (lang: Lang, code: string) => translate(lang, messageKey(`admin.policyErr.${code}`));

/** The previous approved version of `v`: the newest approved one valid before it. */
function previousOf(all: readonly StoredPolicyVersion[], v: StoredPolicyVersion): StoredPolicyVersion | undefined {
  return all.filter((o) => o.status === 'approved' && o.version !== v.version && o.validFrom < v.validFrom).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
}

function formSpecs(lang: Lang, base: PolicyVersion) {
  const unitWord = (u: string) => translate(lang, messageKey(`admin.unitName.${u}`));
  const groups = TERM_KEYS.map((key) => {
    const t = base.terms[key];
    const fields: FieldSpec[] = [
      { name: `terms.${key}.amount`, kind: 'text', labelKey: 'admin.policyField.amount', inputmode: 'numeric' },
      { name: `terms.${key}.unit`, kind: 'radios', labelKey: 'admin.policyField.unit', options: UNIT_OPTIONS.map((u) => ({ value: u, label: unitWord(u) })) },
      { name: `terms.${key}.maxExtensions`, kind: 'text', labelKey: 'admin.policyField.maxExtensions', inputmode: 'numeric' },
      { name: `terms.${key}.extension.amount`, kind: 'text', label: translate(lang, 'admin.policyField.extension', { unit: unitWord(t.extension?.unit ?? t.unit) }), optional: true, inputmode: 'numeric' },
      { name: `terms.${key}.reminderBefore.amount`, kind: 'text', label: translate(lang, 'admin.policyField.reminder', { unit: unitWord(t.reminderBefore?.unit ?? t.unit) }), optional: true, inputmode: 'numeric' },
    ];
    return { legend: t.label[lang], fields };
  });
  const regimes: FieldSpec[] = base.adviceRegimes.map((r, i) => ({
    name: `adviceRegimes.${i}.effectiveFrom`,
    kind: 'text',
    label: translate(lang, 'admin.policyField.regime', { regime: translate(lang, messageKey(`admin.regime.${r.kind}`)) }),
    hintKey: 'admin.policyField.regime.hint',
    optional: true,
  }));
  const lists: FieldSpec[] = LIST_FIELDS.map((name) => ({ name, kind: 'textarea', labelKey: `admin.policyField.${name}`, hintKey: `admin.policyField.${name}.hint`, rows: 9 }));
  const validFrom: FieldSpec = { name: 'validFrom', kind: 'text', labelKey: 'admin.policyField.validFrom', hintKey: 'admin.policyField.validFrom.hint', inputmode: 'numeric' };
  return { validFrom, groups, regimes, lists };
}

export function mountPolicyPages(router: Router, db: Knex, h: PolicyPageHelpers): void {
  const today = () => amsterdamDate(h.now());

  router.get('/beheer/beleid', async (req, res) => {
    const lang = req.portal.lang;
    const counts = new Map<string, number>(
      (await casesPerPolicyVersion(db)).map((r) => [r.policy_version, r.n]),
    );
    const all = await listPolicyVersions(db);
    // New cases get the approved version valid on the day they are filed (see the intake service).
    const current = all.filter((v) => v.status === 'approved' && v.validFrom <= today()).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0]?.version;
    const versions = all.map((v) => ({
      version: v.version,
      validFrom: v.validFrom,
      draft: v.status === 'draft',
      status: translate(lang, messageKey(`admin.policyStatus.${v.status}`)),
      current: v.version === current,
      cases: counts.get(v.version) ?? 0,
      terms: Object.entries(v.content.terms).map(([key, term]) => h.termRow(lang, key, term)),
    }));
    h.page(req, res, 'admin-policies', { titleKey: 'admin.policiesTitle', versions });
  });

  async function renderForm(req: Request, res: Response, base: StoredPolicyVersion, values: Record<string, string>, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const specs = formSpecs(lang, base.content);
    const build = (s: FieldSpec) => buildField(lang, s, values, errors);
    const validFrom = build(specs.validFrom);
    const groups = specs.groups.map((g) => ({ legend: g.legend, fields: g.fields.map(build) }));
    const regimes = specs.regimes.map(build);
    const lists = specs.lists.map(build);
    const all = [validFrom, ...groups.flatMap((g) => g.fields), ...regimes, ...lists];
    h.page(req, res, 'admin-policy-new', { titleKey: 'admin.policyNewTitle', baseVersion: base.version, validFrom, groups, regimes, lists, errorSummary: errorSummary(all) }, status);
  }

  router.get('/beheer/beleid/nieuw', async (req, res) => {
    const base = await latestApprovedPolicy(db);
    await renderForm(req, res, base, { ...formValuesOf(base.content), validFrom: '' }, []);
  });

  router.post('/beheer/beleid/nieuw', async (req, res) => {
    const lang = req.portal.lang;
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') values[k] = v.slice(0, MAX_FIELD);
    const base = await latestApprovedPolicy(db);
    const all = await listPolicyVersions(db);
    const validFrom = values.validFrom?.trim() ?? '';
    const number = nextVersionNumber(/^\d{4}-/.test(validFrom) ? validFrom : today(), all.map((v) => v.version));
    const built = policyFromForm(values, base.content, number);
    const issues: PolicyIssue[] = built.ok ? [] : built.issues;
    if (built.ok) {
      const refusal = validFromRefusal(built.value.validFrom, today(), base.validFrom);
      if (refusal) issues.push({ path: 'validFrom', code: refusal });
    }
    if (!built.ok || issues.length) {
      const errors: FieldError[] = [];
      for (const issue of issues) {
        const field = fieldOfIssue(issue.path);
        if (!errors.some((e) => e.field === field)) errors.push({ field, message: errorText(lang, issue.code) });
      }
      return renderForm(req, res, base, values, errors, 400);
    }
    const actor = h.actorOf(req, res);
    await db.transaction(async (trx) => {
      await insertPolicyDraft(trx, built.value, { userId: actor.userId, name: actor.name });
      await recordAdminAction(trx, actor, { action: 'policy.drafted', targetType: 'policy-version', targetId: built.value.version, data: { validFrom: built.value.validFrom, from: base.version } });
    });
    res.redirect(303, `/beheer/beleid/${encodeURIComponent(built.value.version)}?gedaan=policyDrafted`);
  });

  async function renderVersion(req: Request, res: Response, v: StoredPolicyVersion, opts: { error?: { code: string }; status?: number } = {}) {
    const lang = req.portal.lang;
    const all = await listPolicyVersions(db);
    const previous = previousOf(all, v);
    const label = (path: string) => {
      const [head, key, ...rest] = path.split('.');
      if (head === 'terms' && key && v.content.terms[key as keyof PolicyVersion['terms']]) return `${v.content.terms[key as keyof PolicyVersion['terms']].label[lang]}: ${rest.join('.')}`;
      return path;
    };
    const changes = previous ? policyDiff(previous.content, v.content).map((c) => ({ what: label(c.path), before: c.before ?? '—', after: c.after ?? '—' })) : [];
    const me = h.actorOf(req, res).userId;
    const refusal = v.status === 'draft' ? approvalRefusal({ status: v.status, createdBy: v.createdBy }, me) : undefined;
    h.page(
      req,
      res,
      'admin-policy',
      {
        titleKey: 'admin.policyTitle',
        version: v.version,
        validFrom: v.validFrom,
        draft: v.status === 'draft',
        status: translate(lang, messageKey(`admin.policyStatus.${v.status}`)),
        createdByName: v.createdByName,
        approvedByName: v.approvedByName,
        approvedAt: v.approvedAt,
        previousVersion: previous?.version,
        changes,
        mayApprove: v.status === 'draft' && refusal === undefined,
        ownDraft: refusal === 'four-eyes',
        terms: Object.entries(v.content.terms).map(([key, term]) => h.termRow(lang, key, term)),
        categories: v.content.categories.map((c) => ({ key: c.key, label: c.label[lang], asksGround: c.asksGround })),
        grounds: v.content.grounds.map((g) => ({ key: g.key, label: g.label[lang] })),
        refusalCode: opts.error?.code,
        errorSummary: opts.error ? [{ href: '#approve', message: errorText(lang, opts.error.code) }] : [],
      },
      opts.status ?? 200,
    );
  }

  router.get('/beheer/beleid/:version', async (req, res) => {
    const v = await findPolicyVersion(db, String(req.params.version));
    if (!v) throw new PageNotFound('admin.notFoundText');
    await renderVersion(req, res, v);
  });

  router.post('/beheer/beleid/:version/goedkeuren', async (req, res) => {
    const v = await findPolicyVersion(db, String(req.params.version));
    if (!v) throw new PageNotFound('admin.notFoundText');
    const actor = h.actorOf(req, res);
    const refusal = approvalRefusal({ status: v.status, createdBy: v.createdBy }, actor.userId);
    if (refusal) return renderVersion(req, res, v, { error: { code: refusal }, status: refusal === 'four-eyes' ? 403 : 409 });
    // Checked again on approval: the day may have passed, or another version been approved meanwhile.
    const dateRefusal = validFromRefusal(v.validFrom, today(), (await latestApprovedPolicy(db)).validFrom);
    if (dateRefusal) return renderVersion(req, res, v, { error: { code: dateRefusal }, status: 409 });
    let approved = false;
    try {
      approved = await db.transaction(async (trx) => {
        if (!(await markPolicyApproved(trx, v.version, { userId: actor.userId, name: actor.name }))) return false;
        await recordAdminAction(trx, actor, { action: 'policy.approved', targetType: 'policy-version', targetId: v.version, data: { validFrom: v.validFrom, createdBy: v.createdByName } });
        return true;
      });
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      return renderVersion(req, res, v, { error: { code: 'valid-from-order' }, status: 409 });
    }
    if (!approved) return renderVersion(req, res, (await findPolicyVersion(db, v.version)) ?? v, { error: { code: 'not-draft' }, status: 409 });
    res.redirect(303, `/beheer/beleid/${encodeURIComponent(v.version)}?gedaan=policyApproved`);
  });

  router.post('/beheer/beleid/:version/verwijderen', async (req, res) => {
    const v = await findPolicyVersion(db, String(req.params.version));
    if (!v) throw new PageNotFound('admin.notFoundText');
    if (v.status !== 'draft') return renderVersion(req, res, v, { error: { code: 'not-draft' }, status: 409 });
    const actor = h.actorOf(req, res);
    await db.transaction(async (trx) => {
      if (await deletePolicyDraft(trx, v.version)) await recordAdminAction(trx, actor, { action: 'policy.discarded', targetType: 'policy-version', targetId: v.version, data: { validFrom: v.validFrom } });
    });
    res.redirect(303, '/beheer/beleid?gedaan=policyDiscarded');
  });
}
