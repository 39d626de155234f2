/**
 * The register in the console: linking a case whose school intake could not find (to a register
 * entry, or a school entered by hand), and the committee's record of which boards are affiliated
 * since when (audited in admin_audit). Secretaries and chairs change; other staff read; panel
 * members see none of it.
 */
import { Router, type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { isCaseNumber } from '../../../domain/caseNumber';
import { isValidIsoDate, SECTORS, EMAIL_ADDRESS } from '../../../domain/intake';
import { findCase, type CaseRow } from '../../../platform/store/cases';
import { findSchool, withoutControls } from '../../../platform/register/store';
import { boardRow, boardRows, schoolsOfBoard, setBoardAffiliation } from '../../../platform/store/register';
import { insertManualSchool, schoolBrinExists } from '../../../platform/store/schools';
import { recordAdminAction } from '../admin/audit';
import { consoleUser, type ConsoleUser } from '../console/access';
import { linkCaseSchool } from '../console/caseSchool';
import { PageNotFound } from '../errors';
import { buildField, errorSummary, type FieldError, type FieldSpec } from '../forms';
import { translate } from '../i18n';
import { isoToDutch, parseDutchDate } from '../intakeForm';
import { renderPage } from '../render';
import { schoolSearchView } from '../schoolSearch';

const BRIN = /^[0-9]{2}[A-Z0-9]{2}$/;

const MANUAL_FIELDS: FieldSpec[] = [
  { name: 'brin', kind: 'text', labelKey: 'field.manual.brin', hintKey: 'field.school.brin.hint' },
  { name: 'name', kind: 'text', labelKey: 'field.manual.name' },
  { name: 'place', kind: 'text', labelKey: 'field.manual.place' },
  { name: 'sector', kind: 'radios', labelKey: 'field.school.sector', optional: true, options: [...SECTORS.map((s) => ({ value: s, labelKey: `sector.${s}` })), { value: '', labelKey: 'sector.unknown' }] },
  { name: 'boardName', kind: 'text', labelKey: 'field.manual.boardName' },
  { name: 'boardPostalAddress', kind: 'textarea', labelKey: 'field.manual.boardPostalAddress', hintKey: 'field.manual.boardPostalAddress.hint', rows: 3 },
  { name: 'boardEmail', kind: 'email', labelKey: 'field.manual.boardEmail', optional: true },
];
const AFFILIATION_FIELD: FieldSpec = { name: 'affiliatedSince', kind: 'text', labelKey: 'field.affiliatedSince', hintKey: 'field.affiliatedSince.hint', optional: true, inputmode: 'numeric' };

function text(req: Request, name: string, max: number): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  // Newlines stay (a postal address has lines); other control characters go.
  // eslint-disable-next-line no-control-regex
  return typeof v === 'string' ? v.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '').trim().slice(0, max) : '';
}

export function registerConsoleRoutes(deps: { db: Knex }): Router {
  const router = Router();
  const { db } = deps;

  /** Staff who may see the register pages (not panel members); `act`: who may change something. */
  async function staff(req: Request, act: boolean): Promise<ConsoleUser> {
    const user = await consoleUser(db, req);
    if (!user || user.scope === 'panel' || (act && !user.canAct)) throw new PageNotFound();
    return user;
  }

  async function caseOf(req: Request): Promise<CaseRow> {
    const caseNumber = String(req.params.caseNumber);
    const row = isCaseNumber(caseNumber) ? await findCase(db, caseNumber) : undefined;
    if (!row) throw new PageNotFound();
    return row;
  }

  async function renderLinkPage(req: Request, res: Response, row: CaseRow, values: Record<string, string>, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const base = `/medewerkers/zaken/${row.case_number}`;
    const search = await schoolSearchView(db, lang, req.query.zoek, `${base}/school`, { error: errors.find((e) => e.field === 'zoek')?.message });
    const fields = MANUAL_FIELDS.map((spec) => buildField(lang, spec, values, errors));
    renderPage(req, res, 'console-school', {
      titleKey: 'console.school.title',
      caseNumber: row.case_number,
      back: base,
      intro: translate(lang, 'console.school.intro', { caseNumber: row.case_number }),
      search,
      fields,
      manualAction: `${base}/school/handmatig`,
      errorSummary: [...(search.errorSummary ?? []), ...errorSummary(fields)],
    }, search.error && status === 200 ? 400 : status);
  }

  router.get('/medewerkers/zaken/:caseNumber/school', async (req, res) => {
    await staff(req, true);
    const row = await caseOf(req);
    const s = row.complaint.school;
    // The manual form starts from what the complainant typed.
    await renderLinkPage(req, res, row, { brin: s.brin ?? '', name: s.name, place: s.place ?? '', sector: s.sector ?? '' }, []);
  });

  router.post('/medewerkers/zaken/:caseNumber/school', async (req, res) => {
    const user = await staff(req, true);
    const row = await caseOf(req);
    const school = await findSchool(db, text(req, 'kies', 10).toUpperCase());
    if (!school) return renderLinkPage(req, res, row, {}, [{ field: 'zoek', message: translate(req.portal.lang, 'register.search.gone') }], 400);
    await linkCaseSchool(db, row, { brin: school.brin, name: school.name, ...(school.place ? { place: school.place } : {}), ...(school.sector ? { sector: school.sector } : {}) }, 'linked', user.actor!.userId);
    res.redirect(303, `/medewerkers/zaken/${row.case_number}?school=gekoppeld`);
  });

  router.post('/medewerkers/zaken/:caseNumber/school/handmatig', async (req, res) => {
    const user = await staff(req, true);
    const row = await caseOf(req);
    const lang = req.portal.lang;
    const values = Object.fromEntries(MANUAL_FIELDS.map((f) => [f.name, text(req, f.name, f.name === 'boardPostalAddress' ? 500 : 200)]));
    values.brin = values.brin.toUpperCase();
    const errors: FieldError[] = [];
    const need = (name: string, message: string) => {
      if (!values[name]) errors.push({ field: name, message });
    };
    need('brin', translate(lang, 'register.error.brinRequired'));
    if (values.brin && !BRIN.test(values.brin)) errors.push({ field: 'brin', message: translate(lang, 'register.error.brin') });
    need('name', translate(lang, 'register.error.required'));
    need('place', translate(lang, 'register.error.required'));
    need('boardName', translate(lang, 'register.error.required'));
    need('boardPostalAddress', translate(lang, 'register.error.required'));
    if (values.boardEmail && !EMAIL_ADDRESS.test(values.boardEmail)) errors.push({ field: 'boardEmail', message: translate(lang, 'register.error.email') });
    if (values.sector && !(SECTORS as readonly string[]).includes(values.sector)) errors.push({ field: 'sector', message: translate(lang, 'register.error.choose') });
    if (!errors.length && (await schoolBrinExists(db, values.brin))) errors.push({ field: 'brin', message: translate(lang, 'console.school.brinTaken') });
    if (errors.length) return renderLinkPage(req, res, row, values, errors, 400);
    await db.transaction(async (trx) => {
      await insertManualSchool(trx, { brin: values.brin, name: values.name, place: values.place, sector: values.sector || null, board_name: values.boardName, board_email: values.boardEmail.toLowerCase() || null, board_postal_address: values.boardPostalAddress.replace(/\r\n/g, '\n'), source: 'manual' });
      await recordAdminAction(trx, { userId: user.userId, name: user.name, ip: req.ip }, { action: 'school.entered', targetType: 'school', targetId: values.brin, data: { caseNumber: row.case_number, name: values.name, boardName: values.boardName } });
    });
    await linkCaseSchool(db, row, { brin: values.brin, name: values.name, place: values.place, ...(values.sector ? { sector: values.sector as (typeof SECTORS)[number] } : {}) }, 'manual', user.actor!.userId);
    res.redirect(303, `/medewerkers/zaken/${row.case_number}?school=gekoppeld`);
  });

  // ---------------------------------------------------------------- boards and their affiliation

  router.get('/medewerkers/besturen', async (req, res) => {
    const user = await staff(req, false);
    const lang = req.portal.lang;
    const query = typeof req.query.zoek === 'string' ? withoutControls(req.query.zoek).trim().slice(0, 100) : '';
    const affiliatedOnly = req.query.aangesloten === '1';
    const rows = await boardRows(db, { query, affiliatedOnly });
    renderPage(req, res, 'console-boards', {
      titleKey: 'console.boards.title',
      query,
      affiliatedOnly,
      canAct: user.canAct,
      boards: rows.map((b) => ({
        number: b.number,
        name: b.name,
        place: b.place,
        affiliation: b.affiliated_since ? translate(lang, 'console.school.affiliatedSince', { date: isoToDutch(b.affiliated_since) }) : translate(lang, 'console.boards.notAffiliated'),
        ended: b.ended_on ? translate(lang, 'console.boards.ended', { date: isoToDutch(b.ended_on) }) : undefined,
      })),
    });
  });

  async function boardOf(req: Request) {
    const number = String(req.params.number);
    const board = /^[0-9]{1,10}$/.test(number) ? await boardRow(db, number) : undefined;
    if (!board) throw new PageNotFound();
    return board;
  }

  async function renderBoard(req: Request, res: Response, board: Awaited<ReturnType<typeof boardOf>>, user: ConsoleUser, value: string, errors: FieldError[], status = 200) {
    const lang = req.portal.lang;
    const schools = await schoolsOfBoard(db, board.number);
    const field = buildField(lang, AFFILIATION_FIELD, { affiliatedSince: value }, errors);
    renderPage(req, res, 'console-board', {
      titleKey: 'console.boards.title',
      heading: translate(lang, 'console.board.title', { name: board.name }),
      board,
      schools,
      field,
      canAct: user.canAct,
      notice: req.query.gedaan === '1' ? translate(lang, 'console.board.saved') : undefined,
      errorSummary: errorSummary([field]),
    }, status);
  }

  router.get('/medewerkers/besturen/:number', async (req, res) => {
    const user = await staff(req, false);
    const board = await boardOf(req);
    await renderBoard(req, res, board, user, board.affiliated_since ? isoToDutch(board.affiliated_since) : '', []);
  });

  router.post('/medewerkers/besturen/:number', async (req, res) => {
    const user = await staff(req, true);
    const board = await boardOf(req);
    const raw = text(req, 'affiliatedSince', 40);
    const since = raw ? parseDutchDate(raw) : null;
    if (since !== null && !isValidIsoDate(since)) return renderBoard(req, res, board, user, raw, [{ field: 'affiliatedSince', message: translate(req.portal.lang, 'console.board.badDate') }], 400);
    if (since !== board.affiliated_since) {
      await db.transaction(async (trx) => {
        await setBoardAffiliation(trx, board.number, since);
        await recordAdminAction(trx, { userId: user.userId, name: user.name, ip: req.ip }, { action: 'board.affiliation-changed', targetType: 'board', targetId: board.number, data: { name: board.name, from: board.affiliated_since, to: since } });
      });
    }
    res.redirect(303, `/medewerkers/besturen/${board.number}?gedaan=1`);
  });

  return router;
}
