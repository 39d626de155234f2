/**
 * The committee's statistics on a fixed, seeded set of cases (tests/helpers/statisticsSeed.ts):
 * every figure from the triggers' read model with literal expected values, the filters and periods,
 * the suppression of small counts, the exports' absence of personal data, the console pages over
 * real HTTP (staff only), the annual report's texts, and the annual report as PDF from the CLI
 * (read back with pdftotext), including a bad and an empty year.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../api/portal/users';
import { publishedFigures, type StatisticsFilters } from '../../domain/statistics';
import { PROJECT_ROOT } from '../../platform/config';
import { loadStatistics } from '../../platform/store/statistics';
import { startAppStack, type AppStack } from '../helpers/appStack';
import { createTestDatabase } from '../helpers/db';
import { PERSONAL, seedStatistics } from '../helpers/statisticsSeed';
import { csrfOf, staffLogIn, WebClient } from '../helpers/webClient';

vi.setConfig({ testTimeout: 120_000 });

let stack: AppStack;
const PASSWORD = 'een lang en geheim wachtwoord';
const STAFF = {
  secretary: { email: 'sanne@lko.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  admin: { email: 'ada@lko.example.nl', name: 'Ada Beheer', role: 'admin' as const },
  member: { email: 'mees@lko.example.nl', name: 'Mees Lid', role: 'member' as const },
};

beforeAll(async () => {
  stack = await startAppStack('statistics');
  for (const u of Object.values(STAFF)) await createUser(stack.database.db, { ...u, password: PASSWORD });
  await seedStatistics(stack.database.db);
});

afterAll(async () => {
  await stack?.stop();
});

const YEAR_2026: StatisticsFilters = { kind: 'year', year: 2026, from: '2026-01-01', to: '2026-12-31' };
const counts = (list: Array<{ key: string; count: number }>) => Object.fromEntries(list.map((c) => [c.key, c.count]));

/** The whole staff login, the admin's second factor included. */
const logIn = (who: keyof typeof STAFF): Promise<WebClient> => staffLogIn(stack.server.url, STAFF[who].email, PASSWORD);

describe('figures of 2026 from the read model', () => {
  it('counts every distribution of the seeded cases', async () => {
    const s = await loadStatistics(stack.database.appDb, YEAR_2026);
    const d = s.distributions;
    expect(counts(d.total)).toEqual({ all: 10 });
    expect(counts(d.category)).toEqual({
      pesten: 5,
      'seksuele-intimidatie': 1,
      discriminatie: 1,
      geweld: 2,
      radicalisering: 0,
      begeleiding: 0,
      'onderwijs-en-toetsing': 0,
      overig: 1,
      // The categories policy 2026.2 added: counted (none here) so a year's table shows them all.
      bedreiging: 0,
      'seksueel-misbruik': 0,
      communicatie: 0,
      'pedagogisch-didactische-begeleiding': 0,
      'maatregel-tegen-leerling-of-ouders': 0,
      schoolorganisatie: 0,
      klachtbehandeling: 0,
      'informatie-gescheiden-ouders': 0,
      'schooladvies-en-bevordering': 0,
    });
    expect(counts(d.sector)).toEqual({ primary: 5, secondary: 3, vocational: 1, special: 0, unknown: 1 });
    expect(counts(d.complainant)).toEqual({ pupil: 4, parent: 4, staff: 1, other: 1 });
    expect(counts(d.represented)).toEqual({ yes: 1, no: 9 });
    expect(counts(d.admissibility)).toEqual({ admissible: 5, inadmissible: 2, pending: 3 });
    expect(counts(d.inadmissibleBy)).toEqual({ chair: 1, committee: 0, incomplete: 1 });
    expect(counts(d.route)).toEqual({ referred: 1, mediated: 1, settled: 1, withdrawn: 1 });
    expect(counts(d.finding)).toEqual({ gegrond: 1, 'deels-gegrond': 1, ongegrond: 1, 'niet-ontvankelijk': 0 });
    expect(counts(d.measures)).toEqual({ advicesWithMeasures: 2, measures: 5 });
    expect(counts(d.compliance)).toEqual({ complied: 1, partly: 0, not: 1, escalated: 1 });
    expect(counts(d.reportingDuty)).toEqual({ 'awaiting-confirmation': 0, confirmed: 2, escalated: 1 });
    expect(counts(d.month)).toEqual({
      '2026-01': 2, '2026-02': 1, '2026-03': 1, '2026-04': 2, '2026-05': 1, '2026-06': 0,
      '2026-07': 1, '2026-08': 0, '2026-09': 0, '2026-10': 1, '2026-11': 1, '2026-12': 0,
    });
  });

  it('gives lead times as bins and percentiles', async () => {
    const s = await loadStatistics(stack.database.appDb, YEAR_2026);
    // Days to admissibility 6, 6, 7, 7, 17, 19, 21; to the hearing 56, 62, 83; to the advice 76, 77, 127.
    expect(counts(s.distributions.leadAdmissibility)).toEqual({ '0-14': 4, '15-28': 3, '29-56': 0, '57-91': 0, '92-182': 0, '183+': 0 });
    expect(counts(s.distributions.leadHearing)).toEqual({ '0-14': 0, '15-28': 0, '29-56': 1, '57-91': 2, '92-182': 0, '183+': 0 });
    expect(counts(s.distributions.leadAdvice)).toEqual({ '0-14': 0, '15-28': 0, '29-56': 0, '57-91': 2, '92-182': 1, '183+': 0 });
    expect(s.leadTimes).toEqual({
      admissibility: { count: 7, medianDays: 7, p90Days: 21 },
      hearing: { count: 3, medianDays: 62, p90Days: 83 },
      advice: { count: 3, medianDays: 77, p90Days: 127 },
    });
  });

  it('follows each legal term: met, missed, running, lapsed, extended, suspended', async () => {
    const s = await loadStatistics(stack.database.appDb, YEAR_2026);
    expect(s.terms).toEqual([
      { term: 'completion', total: 1, met: 0, missed: 1, running: 0, cancelled: 0, extended: 0, suspended: 0 },
      { term: 'admissibility', total: 10, met: 5, missed: 1, running: 2, cancelled: 2, extended: 0, suspended: 1 },
      { term: 'referralReport', total: 1, met: 1, missed: 0, running: 0, cancelled: 0, extended: 0, suspended: 0 },
      { term: 'mediation', total: 1, met: 1, missed: 0, running: 0, cancelled: 0, extended: 0, suspended: 0 },
      { term: 'defence', total: 3, met: 2, missed: 1, running: 0, cancelled: 0, extended: 1, suspended: 0 },
      { term: 'hearingWithin', total: 3, met: 3, missed: 0, running: 0, cancelled: 0, extended: 0, suspended: 1 },
      { term: 'advice', total: 3, met: 2, missed: 1, running: 0, cancelled: 0, extended: 0, suspended: 0 },
      { term: 'schoolAnswer', total: 3, met: 2, missed: 1, running: 0, cancelled: 0, extended: 0, suspended: 0 },
      { term: 'reportingDuty', total: 3, met: 2, missed: 1, running: 0, cancelled: 0, extended: 0, suspended: 0 },
    ]);
  });

  it('narrows by quarter, custom period, sector, board, region and school', async () => {
    const total = async (f: Partial<StatisticsFilters>) => (await loadStatistics(stack.database.appDb, { ...YEAR_2026, ...f })).distributions.total[0].count;
    expect(await total({ kind: 'quarter', quarter: 1, from: '2026-01-01', to: '2026-03-31' })).toBe(4);
    expect(await total({ kind: 'custom', from: '2025-12-01', to: '2026-01-31' })).toBe(3);
    expect(await total({ sector: 'secondary' })).toBe(3);
    expect(await total({ board: 'stichting noord' })).toBe(6);
    expect(await total({ region: 'zuid' })).toBe(4);
    expect(await total({ region: 'noord', category: 'pesten' })).toBe(4);
    expect(await total({ school: '33CC' })).toBe(1);
    expect(await total({ board: 'Stichting Elders' })).toBe(0);
  });
});

describe('publishing: suppression and exports', () => {
  it('withholds counts from 1 to 4, keeps 0 and 5, and hides percentiles of fewer than 5 cases', async () => {
    const rows = publishedFigures(await loadStatistics(stack.database.appDb, YEAR_2026), 5);
    const row = (figure: string, group: string) => rows.find((r) => r.figure === figure && r.group === group);
    expect(row('category', 'pesten')).toEqual({ figure: 'category', group: 'pesten', value: 5, suppressed: false });
    expect(row('category', 'geweld')).toEqual({ figure: 'category', group: 'geweld', value: null, suppressed: true });
    expect(row('category', 'radicalisering')).toEqual({ figure: 'category', group: 'radicalisering', value: 0, suppressed: false });
    expect(row('total', 'all')).toEqual({ figure: 'total', group: 'all', value: 10, suppressed: false });
    expect(row('leadTime.admissibility', 'medianDays')).toEqual({ figure: 'leadTime.admissibility', group: 'medianDays', value: 7, suppressed: false });
    expect(row('leadTime.hearing', 'medianDays')).toEqual({ figure: 'leadTime.hearing', group: 'medianDays', value: null, suppressed: true });
    expect(row('term.admissibility', 'total')).toEqual({ figure: 'term.admissibility', group: 'total', value: 10, suppressed: false });
    expect(row('term.admissibility', 'met')).toEqual({ figure: 'term.admissibility', group: 'met', value: 5, suppressed: false });
    expect(row('term.admissibility', 'missed')).toEqual({ figure: 'term.admissibility', group: 'missed', value: null, suppressed: true });
    // With a threshold of 2, a 1 is still withheld and a 2 is shown.
    const low = publishedFigures(await loadStatistics(stack.database.appDb, YEAR_2026), 2);
    expect(low.find((r) => r.figure === 'category' && r.group === 'geweld')?.value).toBe(2);
    expect(low.find((r) => r.figure === 'category' && r.group === 'overig')?.value).toBe(null);
  });

  it('exports CSV, JSON and the data dictionary without names, addresses or free text', async () => {
    const web = await logIn('secretary');
    const csv = await web.get('/medewerkers/statistieken/export.csv?period=year&year=2026');
    const json = await web.get('/medewerkers/statistieken/export.json?period=year&year=2026');
    const dictionary = await web.get('/medewerkers/statistieken/woordenboek.csv?period=year&year=2026');
    expect([csv.status, json.status, dictionary.status]).toEqual([200, 200, 200]);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toBe('period_from,period_to,figure,group,value,suppressed');
    expect(csv.text).toContain('\r\n2026-01-01,2026-12-31,category,pesten,5,false\r\n');
    expect(csv.text).toContain('\r\n2026-01-01,2026-12-31,category,geweld,,true\r\n');
    const body = JSON.parse(json.text);
    expect(body.period).toEqual({ from: '2026-01-01', to: '2026-12-31', kind: 'year', year: 2026 });
    expect(body.suppression.threshold).toBe(5);
    expect(body.figures.find((r: { figure: string; group: string }) => r.figure === 'total' && r.group === 'all')).toEqual({ figure: 'total', group: 'all', value: 10, suppressed: false });
    expect(body.dictionary.find((e: { figure: string; group: string }) => e.figure === 'complainant' && e.group === 'pupil')).toEqual({
      figure: 'complainant',
      group: 'pupil',
      label: { nl: 'leerling', en: 'pupil' },
      description: { nl: 'Ontvangen klachten naar wie klaagde (leerling, ouder, personeel, anders)', en: 'Complaints received by who complained (pupil, parent, staff, other)' },
    });
    // Every row holds a figure, a group and a count: nothing else can travel in it.
    for (const r of body.figures) expect(Object.keys(r).sort()).toEqual(['figure', 'group', 'suppressed', 'value']);
    expect(dictionary.text.split('\r\n')[0]).toBe('figure,group,label_nl,label_en,description_nl,description_en');
    for (const text of [csv.text, json.text, dictionary.text]) {
      for (const secret of [...PERSONAL.names, ...PERSONAL.emails, PERSONAL.phone, PERSONAL.description, PERSONAL.reasons, PERSONAL.summary, PERSONAL.school, 'Pietersen', 'Jansen', 'Bakker']) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/@/);
    }
  });

  it('refuses a bad period in an export, naming the field', async () => {
    const web = await logIn('secretary');
    const res = await web.get('/medewerkers/statistieken/export.json?period=custom&from=2026-13-01&to=2026-01-01');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ errors: [{ field: 'from', message: 'Vul een datum in als JJJJ-MM-DD.' }] });
  });
});

describe('the console pages', () => {
  it('shows the figures with charts as labelled SVG and tables, in Dutch and English', async () => {
    const web = await logIn('secretary');
    const page = await web.get('/medewerkers/statistieken?period=year&year=2026');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Statistieken</h1>');
    expect(page.text).toContain('Totaal: 10');
    expect(page.text).toMatch(/<svg role="img" aria-labelledby="chart-category-title chart-category-desc"/);
    expect(page.text).toContain('<title id="chart-category-title">Klachten naar onderwerp</title>');
    expect(page.text).toContain('pesten: 5; seksuele intimidatie: 1');
    expect(page.text).toContain('<tr><th scope="row">pesten</th><td>5</td></tr>');
    expect(page.text).not.toContain('<script');
    const en = await web.get('/medewerkers/statistieken?period=quarter&year=2026&quarter=1&lang=en');
    expect(en.text).toContain('<h1>Statistics</h1>');
    expect(en.text).toContain('Total: 4');
  });

  it('names each bad filter and shows no figures', async () => {
    const web = await logIn('secretary');
    const page = await web.get('/medewerkers/statistieken?period=quarter&year=1999&quarter=7&region=west');
    expect(page.status).toBe(400);
    expect(page.text).toContain('Kies een jaar vanaf 2026, niet later dan dit jaar.');
    expect(page.text).toContain('Kies een kwartaal van 1 tot en met 4.');
    expect(page.text).toContain('Kies een regio: noord, midden of zuid.');
    expect(page.text).not.toContain('<svg');
  });

  it('is for staff only: a committee member gets a 404, a visitor the login page', async () => {
    const member = await logIn('member');
    expect((await member.get('/medewerkers/statistieken')).status).toBe(404);
    expect((await member.get('/medewerkers/statistieken/export.csv')).status).toBe(404);
    expect((await member.get('/medewerkers/jaarverslag')).status).toBe(404);
    const visitor = new WebClient(stack.server.url);
    const res = await visitor.get('/medewerkers/statistieken/export.json');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/inloggen');
  });

  it('lets the secretary edit the explanatory texts (all or nothing), and an admin only read them', async () => {
    const web = await logIn('secretary');
    const form = await web.get('/medewerkers/jaarverslag?year=2026');
    expect(form.status).toBe(200);
    const csrf = csrfOf(form.text)!;
    const tooLong = await web.postForm('/medewerkers/jaarverslag/teksten', { _csrf: csrf, year: '2026', text_intro: 'Goed', text_category: 'x'.repeat(5001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('Een toelichting is hoogstens 5000 tekens.');
    expect(await stack.database.db('annual_report_texts').count<{ n: string }[]>({ n: '*' }).then((r) => Number(r[0].n))).toBe(0);
    const saved = await web.postForm('/medewerkers/jaarverslag/teksten', {
      _csrf: csrf,
      year: '2026',
      text_intro: 'In 2026 begon de commissie met haar werk.',
      text_category: 'Pesten was het vaakst genoemde onderwerp.',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/medewerkers/jaarverslag?year=2026&opgeslagen=1');
    const after = await web.follow(saved);
    expect(after.text).toContain('De toelichtingen zijn opgeslagen.');
    expect(after.text).toContain('Pesten was het vaakst genoemde onderwerp.</textarea>');
    const admin = await logIn('admin');
    const readOnly = await admin.get('/medewerkers/jaarverslag?year=2026');
    expect(readOnly.text).toContain('Alleen de secretaris en de voorzitter kunnen de toelichtingen wijzigen.');
    expect(readOnly.text).not.toContain('<textarea');
    const refused = await admin.postForm('/medewerkers/jaarverslag/teksten', { _csrf: csrfOf(readOnly.text) ?? '', year: '2026', text_intro: 'Anders' });
    expect(refused.status).toBe(404);
  });

  it('serves the annual report as PDF from the console button', async () => {
    const web = await logIn('secretary');
    const res = await fetch(`${stack.server.url}/medewerkers/jaarverslag/2026.pdf`, { headers: { cookie: [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="jaarverslag-2026.pdf"');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await web.get('/medewerkers/jaarverslag/2019.pdf')).status).toBe(404);
  });
});

describe('npm run annual-report', () => {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const run = (args: string[], url: string) => spawnSync(tsx, ['scripts/annual-report.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: url }, timeout: 120_000 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kf-report-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints the year in Dutch with a table of contents, the texts, the figures and suppressed small counts', async () => {
    await stack.database.db('annual_report_texts').insert({ year: 2026, section: 'leadTimes', body: 'De doorlooptijden bleven binnen de termijnen.', updated_by: 'test' }).onConflict(['year', 'section']).merge();
    const out = path.join(tmp, 'verslag.pdf');
    const r = run(['--year', '2026', '--out', out], stack.database.appUrl);
    expect(r.stderr).toContain('annual-report: PDF afdrukken…');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(out);
    const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Jaarverslag 2026');
    expect(text).toContain('Inhoudsopgave');
    for (const chapter of ['1. Inleiding', '2. Ontvangen klachten', '3. Klachten naar onderwerp', '11. Doorlooptijden', '12. Wettelijke termijnen']) expect(text).toContain(chapter);
    expect(text).toContain('De doorlooptijden bleven binnen de termijnen.');
    expect(text).toContain('Totaal: 10');
    expect(text).toMatch(/pesten\s+5\n/);
    expect(text).toMatch(/geweld\s+minder dan 5\n/);
    // Sentences wrap across lines in the PDF: compared with single spaces.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Van ontvangst tot beslissing over ontvankelijkheid: mediaan 7 dagen, 90% binnen 21 dagen (7 zaken)');
    expect(flat).toContain('Van ontvangst tot hoorzitting: te weinig zaken om te tonen');
    for (const secret of [...PERSONAL.names, PERSONAL.description, PERSONAL.school]) expect(text).not.toContain(secret);
  });

  it('refuses a bad year and an empty year with one sentence, writing no file', async () => {
    const out = path.join(tmp, 'leeg.pdf');
    const bad = run(['--year', '2025', '--out', out], stack.database.appUrl);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('annual-report: --year must be a year from 2026 up to 2026, got "2025"');
    const missing = run([], stack.database.appUrl);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe('annual-report: --year is required, e.g. --year 2026');
    const empty = await createTestDatabase();
    try {
      const r = run(['--year', '2026', '--out', out], empty.appUrl);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n').pop()).toBe('annual-report: no complaints were received in 2026: there is no annual report to make (no file written)');
    } finally {
      await empty.drop();
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
