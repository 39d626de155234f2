/**
 * The authorisation matrix: every route of the app × every kind of visitor, checked for real over
 * HTTP against the app that api/app.ts builds (real PostgreSQL, real Temporal dev server, real cases).
 *
 * The routes are read from the Express routers' stacks at runtime, so a route added without a row
 * in MATRIX below fails the first test: whoever adds a route decides, here, who may reach it.
 *
 * Each row names one or more probes (a concrete request: the route's parameters filled with case A's
 * resources, or with resources a visitor must not see) and per role the outcome:
 *   'ok'    – let through: a page or JSON, a redirect that is not to a login, or a validation refusal
 *             (400/409/422) that only an authorised visitor gets to see;
 *   'login' – a redirect to a login (/inloggen for staff pages, /zaak for the complainant's pages);
 *   401     – the JSON API without a (valid) bearer token;
 *   403     – known but not allowed;
 *   404     – not found, alike for "does not exist" and "not yours".
 * A cell that differs is listed with what came back; all differences are reported together.
 *
 * Roles: anonymous; the complainant of case A and of case B (session via /zaak with case number and
 * access code; on the JSON API they send their own case's X-Access-Code); the school link of case A
 * and of case B; a board account's contact of case A's board and one of case B's board (managing
 * contacts, logged in with their second factor); staff sessions secretary, chair, member (on no panel) and admin; and API bearer
 * tokens of secretary, chair, member, school A and school B. Bearer tokens mean nothing to the pages,
 * so on page routes they are expected to fare as the anonymous visitor unless a row says otherwise.
 *
 * Requests that change things run with bodies that fail validation, so the matrix leaves the cases
 * as they were; the few that cannot (withdrawing, logging out) run last, in a phase of their own.
 */
import crypto from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app';
import { fileComplaint } from '../../api/services/intake';
import { caseState } from '../../api/services/caseActions';
import { createApiToken } from '../../api/services/staffTokens';
import { staffToken, schoolToken } from '../helpers/tokens';
import { createUser } from '../../api/portal/users';
import { issueReceipt, storeDocument, type Party } from '../../api/portal/documents';
import type { CaseStateView } from '../../contracts/messages';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sampleComplaint, TEST_SECRET } from '../helpers/fixtures';
import { eventually, listen, postJson, type TestServer } from '../helpers/http';
import { createTestWorker, type TestWorker, devServerEnvironment, uniqueTaskQueue } from '../helpers/temporal';
import { appRoutes } from '../helpers/routes';
import { logInStaff, STAFF_LANDINGS } from '../helpers/staffLogin';
import { acceptBoardInvitation } from '../helpers/boardLogin';
import { inviteContact } from '../../api/portal/boardContacts';
import { samplePdf, WebClient, type PageResponse } from '../helpers/webClient';

vi.setConfig({ testTimeout: 600_000 });

// ------------------------------------------------------------------ roles and outcomes

const ROLES = [
  'anonymous',
  'complainantA',
  'complainantB',
  'schoolA',
  'schoolB',
  'boardA',
  'boardB',
  'secretary',
  'chair',
  'member',
  'admin',
  'tokenSecretary',
  'tokenChair',
  'tokenMember',
  'tokenSchoolA',
  'tokenSchoolB',
] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 'login' | 401 | 403 | 404;
type Expectation = Record<Role, Outcome>;

const GROUPS = {
  complainants: ['complainantA', 'complainantB'],
  schools: ['schoolA', 'schoolB'],
  boards: ['boardA', 'boardB'],
  parties: ['complainantA', 'complainantB', 'schoolA', 'schoolB'],
  staff: ['secretary', 'chair', 'member', 'admin'],
  tokens: ['tokenSecretary', 'tokenChair', 'tokenMember', 'tokenSchoolA', 'tokenSchoolB'],
  staffTokens: ['tokenSecretary', 'tokenChair', 'tokenMember'],
  schoolTokens: ['tokenSchoolA', 'tokenSchoolB'],
  sessions: ['complainantA', 'complainantB', 'schoolA', 'schoolB', 'boardA', 'boardB', 'secretary', 'chair', 'member', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
type Group = keyof typeof GROUPS;

/**
 * An expectation: `base` for everyone, then groups, then single roles (the most specific wins).
 * On page routes the bearer tokens default to the anonymous visitor's outcome.
 */
function cells(base: Outcome, over: Partial<Record<Role | Group, Outcome>> = {}, page = true): Expectation {
  const out = {} as Expectation;
  for (const role of ROLES) {
    let value: Outcome = base;
    if (page && (GROUPS.tokens as readonly Role[]).includes(role)) value = over.anonymous ?? base;
    for (const [group, members] of Object.entries(GROUPS) as Array<[Group, readonly Role[]]>) {
      if (members.includes(role) && over[group] !== undefined) value = over[group]!;
    }
    if (over[role] !== undefined) value = over[role]!;
    out[role] = value;
  }
  return out;
}

// The recurring shapes of the pages' doors.
const everyone = () => cells('ok');
const everyoneApi = () => cells('ok', {}, false);
/** The complainant's own pages: any logged-in complainant (their own case), others to the /zaak login. */
const complainantPages = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells('login', { complainants: 'ok', ...over });
/** Case A's resource on the complainant's pages: only complainant A. */
const complainantAOnly = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells('login', { complainantA: 'ok', complainantB: 404, ...over });
/** The school link's pages: a plain 404 without an opened link (nothing says the page exists). */
const schoolPages = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells(404, { schools: 'ok', ...over });
const schoolAOnly = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells(404, { schoolA: 'ok', ...over });
/** A board account's pages: without a board session to /bestuur/inloggen. */
const boardPages = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells('login', { boards: 'ok', ...over });
/** Case A's pages under /bestuur: its board's contact only; board B's contact a plain 404. */
const boardAOnly = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells('login', { boardA: 'ok', boardB: 404, ...over });
const boardCaseRow = (tail: string, extra: Partial<Probe> = {}): Row => one((f) => `/bestuur/zaken/${f.A.caseNumber}${tail}`, boardAOnly(), extra);
/** Staff pages: without a staff session to /inloggen. */
const staffPages = (over: Partial<Record<Role | Group, Outcome>> = {}) => cells('login', { staff: 'ok', ...over });
const adminPages = () => cells('login', { staff: 403, admin: 'ok' });
/** The panel's pages: staff speaking for a committee member; the member here sits on no panel. */
const panelCasePages = () => cells('login', { staff: 404 });
/** Case C, on whose panel the chair sits: the chair only. */
const panelSeat = () => cells('login', { staff: 404, chair: 'ok' });
/** A panel route probed on case A (nobody's seat) and on case C (the chair's seat). */
const panelRow = (tail: string, extra: Partial<Probe> = {}): Row => ({
  probes: [
    probe((f) => `/panel/zaken/${f.A.caseNumber}${tail}`, panelCasePages(), { label: 'case A: on no panel', ...extra }),
    probe((f) => `/panel/zaken/${f.C.caseNumber}${tail}`, panelSeat(), { label: 'case C: the chair’s seat', ...extra }),
  ],
});
/** The JSON case API: a bearer token, else 401. */
const api = (over: Partial<Record<Role | Group, Outcome>>) => cells(401, over, false);

// ------------------------------------------------------------------ fixture

interface CaseFixture {
  caseNumber: string;
  id: string;
  accessCode: string;
  brin: string;
  linkToken: string;
}

interface Fixture {
  A: CaseFixture;
  B: CaseFixture;
  /** A third case for requests that would disturb A and B when allowed (issuing links, releasing documents). */
  C: CaseFixture;
  docs: { aComplainant: string; aSchool: string; aSecretary: string; cSecretary: string; cPanel: string };
  letters: { aComplainant: string };
  receipts: { aComplainant: string; aSchool: string };
  victimUserId: string;
  /** The public id of an API token of the victim's account (nobody's among the visitors). */
  victimTokenId: string;
  victimMemberId: string;
  mailId: string;
  /** Publications of advice: a draft (case A), one awaiting approval (case B), one published (case C). */
  publications: { draft: string; awaiting: string; published: string };
  /** A contact of case A's board that board A's manager may disable (board B's may not). */
  victimContactId: string;
}

interface Probe {
  /** What this probe shows, for the report. */
  label?: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => Record<string, string>;
  /** Text these roles must not find in an answer they are let through to (another case, an unreleased document). */
  absent?: { roles: readonly Role[]; text: (f: Fixture) => string[] };
  /** Upload forms are multipart; everything else is a urlencoded form (pages) or JSON (API). */
  multipart?: boolean;
  expect: Expectation;
}

interface Row {
  probes: Probe[];
  /** Runs after every other row: allowed requests here change state for good. */
  last?: boolean;
  /** Mounted only in some configurations (the development mail capture): its absence is no error. */
  optional?: boolean;
  note?: string;
}

const probe = (path: (f: Fixture) => string, expectation: Expectation, extra: Partial<Probe> = {}): Probe => ({ path, expect: expectation, ...extra });
const one = (path: (f: Fixture) => string, expectation: Expectation, extra: Partial<Probe> = {}): Row => ({ probes: [probe(path, expectation, extra)] });
const noBody = () => ({});
const optional = (path: (f: Fixture) => string, expectation: Expectation, extra: Partial<Probe> = {}): Row => ({ ...one(path, expectation, extra), optional: true });

// ------------------------------------------------------------------ the matrix

/**
 * Keys are "METHOD path" exactly as the routers declare them (mount path + route path). Rows the
 * other areas' owners will extend: /medewerkers (secretary console), /panel, /zaak, /school.
 */
const MATRIX: Record<string, Row> = {
  // ---- public
  'GET /health/': one(() => '/health', everyoneApi()),
  // Prometheus scrape, only with METRICS_TOKEN (metrics.test.ts checks 401 and 200); unset here: 404 for every role.
  'GET /metrics': one(() => '/metrics', cells(404)),
  'GET /assets/portal.css': one(() => '/assets/portal.css', everyone()),
  'GET /': one(() => '/', everyone()),
  'GET /klacht-indienen': one(() => '/klacht-indienen', everyone()),
  'GET /klacht-indienen/stap/:step': one(() => '/klacht-indienen/stap/1', everyone()),
  'POST /klacht-indienen/stap/:step': one(() => '/klacht-indienen/stap/1', everyone(), { body: noBody }),
  'GET /klacht-indienen/controleren': one(() => '/klacht-indienen/controleren', everyone()),
  'POST /klacht-indienen/versturen': one(() => '/klacht-indienen/versturen', everyone(), { body: noBody }),
  // Shows a new case's code once, from the session that filed it; without one, off to /zaak.
  'GET /klacht-indienen/ontvangen': one(() => '/klacht-indienen/ontvangen', cells('login')),
  'GET /zaak': one(() => '/zaak', everyone()),
  'POST /zaak': one(() => '/zaak', everyone(), { body: noBody }),
  // A lost access code: public; without a case number the form comes back (400), nothing is sent.
  'GET /zaak/code-kwijt': one(() => '/zaak/code-kwijt', everyone()),
  'POST /zaak/code-kwijt': one(() => '/zaak/code-kwijt', everyone(), { body: noBody }),
  'GET /inloggen': one(() => '/inloggen', everyone()),
  'POST /inloggen': one(() => '/inloggen', everyone(), { body: noBody }),
  // The login's code step: only for a login half-way (password right); everyone else to /inloggen.
  'GET /inloggen/code': one(() => '/inloggen/code', cells('login')),
  'POST /inloggen/code': one(() => '/inloggen/code', cells('login'), { body: noBody }),
  // Enrolling a second factor: any staff session (the status page once enrolled).
  'GET /tweestapsverificatie': one(() => '/tweestapsverificatie', staffPages()),
  'POST /tweestapsverificatie': one(() => '/tweestapsverificatie', staffPages(), { body: noBody }),
  // Staff change their own password (a body without the current password changes nothing).
  'GET /wachtwoord': one(() => '/wachtwoord', staffPages()),
  'POST /wachtwoord': one(() => '/wachtwoord', staffPages(), { body: noBody }),
  // Own API tokens: any staff session; another account's token is a 404 (admins manage all under /beheer).
  'GET /api-sleutels': one(() => '/api-sleutels', staffPages()),
  'GET /api-sleutels/:tokenId/intrekken': one((f) => `/api-sleutels/${f.victimTokenId}/intrekken`, staffPages({ staff: 404 })),
  'POST /api-sleutels/:tokenId/intrekken': one((f) => `/api-sleutels/${f.victimTokenId}/intrekken`, staffPages({ staff: 404 }), { body: noBody }),
  // The token itself is the credential: a wrong one is a 404 for everybody.
  'GET /school/:token': one(() => `/school/${'x'.repeat(43)}`, cells(404)),

  // ---- the complainant's pages (session from /zaak)
  'GET /zaak/overzicht': {
    probes: [
      probe(() => '/zaak/overzicht', complainantPages(), { label: 'own case, nothing unreleased', absent: { roles: ['complainantA'], text: () => ['verweer-a.pdf', 'intern-a.pdf', 'intern-c.pdf'] } }),
      probe(() => '/zaak/overzicht', complainantPages(), { label: 'nothing of case A for B', absent: { roles: ['complainantB'], text: (f) => [f.A.caseNumber, 'klacht-a.pdf'] } }),
    ],
  },
  'GET /zaak/brieven/:id': one((f) => `/zaak/brieven/${f.letters.aComplainant}`, complainantAOnly()),
  'GET /zaak/brieven/:id/pdf': one((f) => `/zaak/brieven/${f.letters.aComplainant}/pdf`, complainantAOnly()),
  'GET /zaak/documenten/:id': {
    probes: [
      probe((f) => `/zaak/documenten/${f.docs.aComplainant}`, complainantAOnly(), { label: 'case A document of the complainant' }),
      probe((f) => `/zaak/documenten/${f.docs.aSchool}`, complainantAOnly({ complainantA: 404 }), { label: 'case A document of the school, not released' }),
      probe((f) => `/zaak/documenten/${f.docs.aSecretary}`, complainantAOnly({ complainantA: 404 }), { label: 'case A document of the secretary, not released' }),
    ],
  },
  'POST /zaak/reactie': one(() => '/zaak/reactie', complainantPages(), { body: noBody, multipart: true }),
  'POST /zaak/stukken': one(() => '/zaak/stukken', complainantPages(), { body: noBody, multipart: true }),
  'GET /zaak/ontvangstbewijs/:id': {
    probes: [
      probe((f) => `/zaak/ontvangstbewijs/${f.receipts.aComplainant}`, complainantAOnly(), { label: 'complainant A’s receipt' }),
      probe((f) => `/zaak/ontvangstbewijs/${f.receipts.aSchool}`, complainantAOnly({ complainantA: 404 }), { label: 'the school’s receipt of case A' }),
    ],
  },
  'GET /zaak/intrekken': one(() => '/zaak/intrekken', complainantPages()),
  // Withdraws the complainant's own case for real: last.
  'POST /zaak/intrekken': { ...one(() => '/zaak/intrekken', complainantPages(), { body: () => ({ reason: 'matrix' }) }), last: true },
  'GET /zaak/beschikbaarheid': one(() => '/zaak/beschikbaarheid', complainantPages()),
  'POST /zaak/beschikbaarheid': one(() => '/zaak/beschikbaarheid', complainantPages(), { body: noBody }),
  'GET /zaak/uitstel': one(() => '/zaak/uitstel', complainantPages()),
  'POST /zaak/uitstel': one(() => '/zaak/uitstel', complainantPages(), { body: noBody }),
  'GET /zaak/hervatten': one(() => '/zaak/hervatten', complainantPages()),
  'POST /zaak/hervatten': one(() => '/zaak/hervatten', complainantPages(), { body: noBody }),
  'GET /zaak/aanvullen': one(() => '/zaak/aanvullen', complainantPages()),
  'POST /zaak/aanvullen': one(() => '/zaak/aanvullen', complainantPages(), { body: noBody }),

  // ---- the page of a person complained about (session from /betrokkene/<code>): no visitor of the matrix holds one,
  // so every door is a plain 404 (tests/integration/respondent.test.ts opens them with a real code).
  'GET /betrokkene': one(() => '/betrokkene', cells(404)),
  'POST /betrokkene/reactie': one(() => '/betrokkene/reactie', cells(404), { body: noBody, multipart: true }),
  'GET /betrokkene/ontvangstbewijs/:id': one((f) => `/betrokkene/ontvangstbewijs/${f.receipts.aComplainant}`, cells(404), { label: 'the complainant’s receipt of case A' }),
  'GET /betrokkene/documenten/:id': one((f) => `/betrokkene/documenten/${f.docs.aComplainant}`, cells(404), { label: 'case A document of the complainant' }),
  'GET /betrokkene/brieven/:id': one((f) => `/betrokkene/brieven/${f.letters.aComplainant}`, cells(404), { label: 'a letter of case A to the complainant' }),
  'GET /betrokkene/brieven/:id/pdf': one((f) => `/betrokkene/brieven/${f.letters.aComplainant}/pdf`, cells(404), { label: 'a letter of case A to the complainant' }),
  'GET /betrokkene/beschikbaarheid': one(() => '/betrokkene/beschikbaarheid', cells(404)),
  'POST /betrokkene/beschikbaarheid': one(() => '/betrokkene/beschikbaarheid', cells(404), { body: noBody }),
  'GET /betrokkene/uitstel': one(() => '/betrokkene/uitstel', cells(404)),
  'POST /betrokkene/uitstel': one(() => '/betrokkene/uitstel', cells(404), { body: noBody }),
  'GET /betrokkene/:code': one(() => '/betrokkene/AAAA-BBBB-CCCC-DDDD-EEEE', cells(404)),

  // ---- the school link's pages (session from /school/<token>)
  // The board sees only what was released to it: not the complainant's own upload, nothing internal.
  'GET /school': {
    probes: [
      probe(() => '/school', schoolPages(), { label: 'only what was released', absent: { roles: ['schoolA', 'schoolB'], text: () => ['klacht-a.pdf', 'intern-a.pdf', 'intern-c.pdf', 'anna.devries@example.nl'] } }),
      probe(() => '/school', schoolPages(), { label: 'nothing of case A for B', absent: { roles: ['schoolB'], text: (f) => [f.A.caseNumber, 'verweer-a.pdf'] } }),
    ],
  },
  'POST /school/verweer': one(() => '/school/verweer', schoolPages(), { body: noBody, multipart: true }),
  'GET /school/ontvangstbewijs/:id': {
    probes: [
      probe((f) => `/school/ontvangstbewijs/${f.receipts.aSchool}`, schoolAOnly(), { label: 'school A’s receipt' }),
      probe((f) => `/school/ontvangstbewijs/${f.receipts.aComplainant}`, cells(404), { label: 'the complainant’s receipt of case A' }),
    ],
  },
  'GET /school/documenten/:id': {
    probes: [
      probe((f) => `/school/documenten/${f.docs.aSchool}`, schoolAOnly(), { label: 'case A document released to the school' }),
      probe((f) => `/school/documenten/${f.docs.aComplainant}`, cells(404), { label: 'case A document of the complainant, not released to the school' }),
      probe((f) => `/school/documenten/${f.docs.aSecretary}`, cells(404), { label: 'case A document of the secretary, not released' }),
    ],
  },
  'GET /school/brieven/:id': one((f) => `/school/brieven/${f.letters.aComplainant}`, cells(404), { label: 'a letter of case A to the complainant' }),
  'GET /school/brieven/:id/pdf': one((f) => `/school/brieven/${f.letters.aComplainant}/pdf`, cells(404), { label: 'a letter of case A to the complainant' }),
  'GET /school/beschikbaarheid': one(() => '/school/beschikbaarheid', schoolPages()),
  'POST /school/beschikbaarheid': one(() => '/school/beschikbaarheid', schoolPages(), { body: noBody }),
  'GET /school/uitstel': one(() => '/school/uitstel', schoolPages()),
  'POST /school/uitstel': one(() => '/school/uitstel', schoolPages(), { body: noBody }),
  'GET /school/repliek': one(() => '/school/repliek', schoolPages()),
  'POST /school/repliek': one(() => '/school/repliek', schoolPages(), { body: noBody, multipart: true }),
  'GET /school/reactie-advies': one(() => '/school/reactie-advies', schoolPages()),
  'POST /school/reactie-advies': one(() => '/school/reactie-advies', schoolPages(), { body: noBody }),
  'GET /school/naleving': one(() => '/school/naleving', schoolPages()),
  'POST /school/naleving': one(() => '/school/naleving', schoolPages(), { body: noBody, multipart: true }),
  'GET /school/terugverwijzing': one(() => '/school/terugverwijzing', schoolPages()),
  'POST /school/terugverwijzing': one(() => '/school/terugverwijzing', schoolPages(), { body: noBody }),
  'GET /school/meldplicht': one(() => '/school/meldplicht', schoolPages()),
  'POST /school/meldplicht': one(() => '/school/meldplicht', schoolPages(), { body: noBody }),
  'GET /school/niet-meldplichtig': one(() => '/school/niet-meldplichtig', schoolPages()),
  'POST /school/niet-meldplichtig': one(() => '/school/niet-meldplichtig', schoolPages(), { body: noBody }),

  // ---- board accounts (session from /bestuur/inloggen + second factor): a contact reaches only its own board's cases
  'GET /bestuur/inloggen': one(() => '/bestuur/inloggen', everyone()),
  'POST /bestuur/inloggen': one(() => '/bestuur/inloggen', everyone(), { body: noBody }),
  // The code and enrolment steps: only for a login half-way (password right); everyone else to the board login.
  'GET /bestuur/inloggen/code': one(() => '/bestuur/inloggen/code', cells('login')),
  'POST /bestuur/inloggen/code': one(() => '/bestuur/inloggen/code', cells('login'), { body: noBody }),
  'GET /bestuur/tweestapsverificatie': one(() => '/bestuur/tweestapsverificatie', cells('login')),
  'POST /bestuur/tweestapsverificatie': one(() => '/bestuur/tweestapsverificatie', cells('login'), { body: noBody }),
  // The e-mailed login link: asking is open to all (one answer for every address); an unknown link is a plain 404.
  'GET /bestuur/inloggen/link': one(() => '/bestuur/inloggen/link', everyone()),
  'POST /bestuur/inloggen/link': one(() => '/bestuur/inloggen/link', everyone(), { body: noBody }),
  'GET /bestuur/inloggen/link/:token': one(() => `/bestuur/inloggen/link/${'x'.repeat(43)}`, cells(404)),
  'POST /bestuur/inloggen/link/:token': one(() => `/bestuur/inloggen/link/${'x'.repeat(43)}`, cells(404), { body: noBody }),
  'GET /bestuur/uitnodiging/:token': one(() => `/bestuur/uitnodiging/${'x'.repeat(43)}`, cells(404)),
  'POST /bestuur/uitnodiging/:token': one(() => `/bestuur/uitnodiging/${'x'.repeat(43)}`, cells(404), { body: noBody }),
  'GET /bestuur': {
    probes: [probe(() => '/bestuur', boardPages(), { label: 'each board its own cases', absent: { roles: ['boardB'], text: (f) => [f.A.caseNumber] } })],
  },
  'GET /bestuur/zaken/:caseNumber': {
    probes: [
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}`, boardAOnly(), { label: 'case A: only what was released', absent: { roles: ['boardA'], text: () => ['klacht-a.pdf', 'intern-a.pdf', 'anna.devries@example.nl'] } }),
      probe((f) => `/bestuur/zaken/${f.B.caseNumber}`, cells('login', { boardA: 404, boardB: 'ok' }), { label: 'case B: board B only' }),
    ],
  },
  'POST /bestuur/zaken/:caseNumber/verweer': {
    probes: [
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}/verweer`, boardAOnly(), { body: noBody, multipart: true, label: 'case A' }),
      probe((f) => `/bestuur/zaken/${f.B.caseNumber}/verweer`, cells('login', { boardA: 404, boardB: 'ok' }), { body: noBody, multipart: true, label: 'case B' }),
    ],
  },
  'GET /bestuur/zaken/:caseNumber/ontvangstbewijs/:id': {
    probes: [
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}/ontvangstbewijs/${f.receipts.aSchool}`, boardAOnly(), { label: 'the school’s receipt of case A' }),
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}/ontvangstbewijs/${f.receipts.aComplainant}`, boardAOnly({ boardA: 404 }), { label: 'the complainant’s receipt of case A' }),
      probe((f) => `/bestuur/zaken/${f.B.caseNumber}/ontvangstbewijs/${f.receipts.aSchool}`, cells('login', { boards: 404 }), { label: 'case A’s receipt under case B' }),
    ],
  },
  'GET /bestuur/zaken/:caseNumber/documenten/:id': {
    probes: [
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}/documenten/${f.docs.aSchool}`, boardAOnly(), { label: 'case A document released to the school' }),
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}/documenten/${f.docs.aComplainant}`, boardAOnly({ boardA: 404 }), { label: 'case A document of the complainant, not released' }),
      probe((f) => `/bestuur/zaken/${f.A.caseNumber}/documenten/${f.docs.aSecretary}`, boardAOnly({ boardA: 404 }), { label: 'case A document of the secretary, not released' }),
      probe((f) => `/bestuur/zaken/${f.B.caseNumber}/documenten/${f.docs.aSchool}`, cells('login', { boards: 404 }), { label: 'case A’s document under case B' }),
    ],
  },
  'GET /bestuur/zaken/:caseNumber/brieven/:id': one((f) => `/bestuur/zaken/${f.A.caseNumber}/brieven/${f.letters.aComplainant}`, boardAOnly({ boardA: 404 }), { label: 'a letter of case A to the complainant' }),
  'GET /bestuur/zaken/:caseNumber/brieven/:id/pdf': one((f) => `/bestuur/zaken/${f.A.caseNumber}/brieven/${f.letters.aComplainant}/pdf`, boardAOnly({ boardA: 404 }), { label: 'a letter of case A to the complainant' }),
  'GET /bestuur/zaken/:caseNumber/beschikbaarheid': boardCaseRow('/beschikbaarheid'),
  'POST /bestuur/zaken/:caseNumber/beschikbaarheid': boardCaseRow('/beschikbaarheid', { body: noBody }),
  'GET /bestuur/zaken/:caseNumber/uitstel': boardCaseRow('/uitstel'),
  'POST /bestuur/zaken/:caseNumber/uitstel': boardCaseRow('/uitstel', { body: noBody }),
  'GET /bestuur/zaken/:caseNumber/repliek': boardCaseRow('/repliek'),
  'POST /bestuur/zaken/:caseNumber/repliek': boardCaseRow('/repliek', { body: noBody, multipart: true }),
  'GET /bestuur/zaken/:caseNumber/reactie-advies': boardCaseRow('/reactie-advies'),
  'POST /bestuur/zaken/:caseNumber/reactie-advies': boardCaseRow('/reactie-advies', { body: noBody }),
  'GET /bestuur/zaken/:caseNumber/naleving': boardCaseRow('/naleving'),
  'POST /bestuur/zaken/:caseNumber/naleving': boardCaseRow('/naleving', { body: noBody, multipart: true }),
  'GET /bestuur/zaken/:caseNumber/terugverwijzing': boardCaseRow('/terugverwijzing'),
  'POST /bestuur/zaken/:caseNumber/terugverwijzing': boardCaseRow('/terugverwijzing', { body: noBody }),
  'GET /bestuur/zaken/:caseNumber/meldplicht': boardCaseRow('/meldplicht'),
  'POST /bestuur/zaken/:caseNumber/meldplicht': boardCaseRow('/meldplicht', { body: noBody }),
  'GET /bestuur/zaken/:caseNumber/niet-meldplichtig': boardCaseRow('/niet-meldplichtig'),
  'POST /bestuur/zaken/:caseNumber/niet-meldplichtig': boardCaseRow('/niet-meldplichtig', { body: noBody }),
  // A board's own contacts: its managing contacts (both visitors manage their board's).
  'GET /bestuur/contactpersonen': one(() => '/bestuur/contactpersonen', boardPages(), { absent: { roles: ['boardB'], text: () => ['slachtoffer@linde.matrix.example.nl'] } }),
  'POST /bestuur/contactpersonen': one(() => '/bestuur/contactpersonen', boardPages(), { body: noBody }),
  // Disabling board A's contact: board A's manager only; board B's manager gets a 404 (not its board).
  'POST /bestuur/contactpersonen/:id/uitschakelen': one((f) => `/bestuur/contactpersonen/${f.victimContactId}/uitschakelen`, boardPages({ boardB: 404 }), { body: noBody }),

  // ---- staff
  'GET /medewerkers': one(() => '/medewerkers', staffPages()),
  // The secretary console: secretaries and chairs act; an admin reads; a member sees only the cases
  // whose panel they sit on (none here). Releasing and issuing links show a confirmation first, so
  // these probes change nothing.
  'GET /medewerkers/zaken': one(() => '/medewerkers/zaken', staffPages()),
  'GET /medewerkers/zaken/:caseNumber': one((f) => `/medewerkers/zaken/${f.A.caseNumber}`, staffPages({ member: 404 })),
  'GET /medewerkers/zaken/:caseNumber/brieven/:id': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/brieven/${f.letters.aComplainant}`, staffPages({ member: 404 })),
  'GET /medewerkers/zaken/:caseNumber/documenten/:id': {
    probes: [
      probe((f) => `/medewerkers/zaken/${f.A.caseNumber}/documenten/${f.docs.aComplainant}`, staffPages({ member: 404 }), { label: 'case A document' }),
      probe((f) => `/medewerkers/zaken/${f.B.caseNumber}/documenten/${f.docs.aComplainant}`, staffPages({ staff: 404 }), { label: 'case A document under case B' }),
    ],
  },
  'POST /medewerkers/zaken/:caseNumber/documenten/:id/vrijgeven': one(
    (f) => `/medewerkers/zaken/${f.A.caseNumber}/documenten/${f.docs.aSecretary}/vrijgeven`,
    staffPages({ member: 404, admin: 404 }),
    { body: () => ({ to: 'school' }) },
  ),
  // A person complained about's personal link (issue 12): only for respondents of a case; case A has none, so no secretary reaches a form.
  'POST /medewerkers/zaken/:caseNumber/betrokkene/:respondent/link': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/betrokkene/1/link`, staffPages({ staff: 404 }), { body: noBody }),
  'POST /medewerkers/zaken/:caseNumber/betrokkene/:respondent/link/intrekken': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/betrokkene/1/link/intrekken`, staffPages({ staff: 404 }), { body: noBody }),
  'POST /medewerkers/zaken/:caseNumber/schoollink': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/schoollink`, staffPages({ chair: 404, member: 404, admin: 404 }), { body: noBody }),
  // Revoking shows a confirmation first (no step=confirm here): the secretary only.
  'POST /medewerkers/zaken/:caseNumber/schoollink/intrekken': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/schoollink/intrekken`, staffPages({ chair: 404, member: 404, admin: 404 }), { body: noBody }),
  // The admissibility decision is the chair's: a secretary is refused for the role (issue 12).
  'GET /medewerkers/zaken/:caseNumber/acties/:action': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/acties/decideAdmissibility`, staffPages({ member: 404, admin: 404, secretary: 403 })),
  'POST /medewerkers/zaken/:caseNumber/acties/:action': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/acties/decideAdmissibility`, staffPages({ member: 404, admin: 404 }), { body: noBody }),
  // The mail the local capture received: staff who run cases and the admin; not panel members.
  'GET /medewerkers/postvak': one(() => '/medewerkers/postvak', staffPages({ member: 404 })),
  'GET /medewerkers/postvak/:id': one((f) => `/medewerkers/postvak/${f.mailId}`, staffPages({ member: 404 })),
  'GET /medewerkers/postvak/:id/lezen': one((f) => `/medewerkers/postvak/${f.mailId}/lezen`, staffPages({ member: 404 })),
  // The work queue and the print post are the secretariat's; a member (panel scope) does not learn they exist.
  'GET /medewerkers/werkvoorraad': one(() => '/medewerkers/werkvoorraad', staffPages({ member: 404 })),
  'GET /medewerkers/post': one(() => '/medewerkers/post', staffPages({ member: 404 })),
  'GET /medewerkers/post/:date/pdf': one(() => '/medewerkers/post/2020-01-06/pdf', staffPages({ staff: 404 }), { label: 'a day without post letters' }),
  // Marking printed: secretaries and chairs; a day with nothing to mark is a 404 for them too.
  'POST /medewerkers/post/:date/geprint': one(() => '/medewerkers/post/2020-01-06/geprint', staffPages({ staff: 404 }), { body: noBody, label: 'a day without post letters' }),
  'GET /medewerkers/zaken/:caseNumber/brieven/:id/pdf': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/brieven/${f.letters.aComplainant}/pdf`, staffPages({ member: 404 })),
  // The register: linking a case's school is for those who act on cases; affiliation too (others read it).
  'GET /medewerkers/zaken/:caseNumber/school': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/school`, staffPages({ member: 404, admin: 404 })),
  'POST /medewerkers/zaken/:caseNumber/school': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/school`, staffPages({ member: 404, admin: 404 }), { body: noBody }),
  'POST /medewerkers/zaken/:caseNumber/school/handmatig': one((f) => `/medewerkers/zaken/${f.A.caseNumber}/school/handmatig`, staffPages({ member: 404, admin: 404 }), { body: noBody }),
  // Statistics and the annual report: staff with the whole caseload in view; a member (panel scope) does not learn they exist.
  'GET /medewerkers/statistieken': one(() => '/medewerkers/statistieken', staffPages({ member: 404 })),
  'GET /medewerkers/statistieken/export.csv': one(() => '/medewerkers/statistieken/export.csv', staffPages({ member: 404 })),
  'GET /medewerkers/statistieken/export.json': one(() => '/medewerkers/statistieken/export.json', staffPages({ member: 404 })),
  'GET /medewerkers/statistieken/woordenboek.csv': one(() => '/medewerkers/statistieken/woordenboek.csv', staffPages({ member: 404 })),
  'GET /medewerkers/jaarverslag': one(() => '/medewerkers/jaarverslag', staffPages({ member: 404 })),
  // The explanatory texts are the secretary's and the chair's; an administrator only reads them.
  'POST /medewerkers/jaarverslag/teksten': one(() => '/medewerkers/jaarverslag/teksten', staffPages({ member: 404, admin: 404 }), { body: () => ({ year: 'dit jaar' }) }),
  'GET /medewerkers/jaarverslag/:file': one(() => '/medewerkers/jaarverslag/2026.pdf', staffPages({ member: 404 })),
  'GET /medewerkers/publicaties': one(() => '/medewerkers/publicaties', staffPages({ member: 404 })),
  // Preparing and the steps of a publication are the secretary's and the chair's; an administrator only reads.
  'POST /medewerkers/publicaties': one(() => '/medewerkers/publicaties', staffPages({ member: 404, admin: 404 }), { body: () => ({ caseNumber: 'geen zaak' }) }),
  'GET /medewerkers/publicaties/:id': one((f) => `/medewerkers/publicaties/${f.publications.draft}`, staffPages({ member: 404 })),
  'POST /medewerkers/publicaties/:id/:step': one((f) => `/medewerkers/publicaties/${f.publications.draft}/opslaan`, staffPages({ member: 404, admin: 404 }), { body: () => ({ body: '' }) }),
  // Retention: the periods, the dry run and the legal holds for staff; holds set by the secretary and the chair.
  'GET /medewerkers/bewaartermijnen': one(() => '/medewerkers/bewaartermijnen', staffPages({ member: 404 })),
  'POST /medewerkers/bewaartermijnen/bewaarplicht': one(() => '/medewerkers/bewaartermijnen/bewaarplicht', staffPages({ member: 404, admin: 404 }), { body: () => ({ action: 'set', caseNumber: 'geen zaak', reason: '' }) }),
  // The public pages of published advice: everyone; nothing unapproved or withdrawn, for anybody.
  'GET /uitspraken': one(() => '/uitspraken', everyone(), { absent: { roles: ['anonymous'], text: () => ['Concepttekst', 'Wachtende tekst'] } }),
  'GET /uitspraken/:ref': {
    probes: [
      probe((f) => `/uitspraken/${f.publications.published}`, everyone(), { label: 'published' }),
      probe((f) => `/uitspraken/${f.publications.published}.pdf`, everyone(), { label: 'published, as PDF' }),
      probe((f) => `/uitspraken/${f.publications.draft}`, cells(404), { label: 'a draft' }),
      probe((f) => `/uitspraken/${f.publications.awaiting}.pdf`, cells(404), { label: 'awaiting approval, as PDF' }),
    ],
  },
  'GET /medewerkers/besturen': one(() => '/medewerkers/besturen', staffPages({ member: 404 })),
  'GET /medewerkers/besturen/:number': one(() => '/medewerkers/besturen/41001', staffPages({ member: 404 })),
  // A board's contacts and their invitation: secretaries and administrators.
  'GET /medewerkers/besturen/:number/contactpersonen': one(() => '/medewerkers/besturen/41001/contactpersonen', staffPages({ chair: 404, member: 404 })),
  'POST /medewerkers/besturen/:number/contactpersonen': one(() => '/medewerkers/besturen/41001/contactpersonen', staffPages({ chair: 404, member: 404 }), { body: noBody }),
  'POST /medewerkers/besturen/:number': one(() => '/medewerkers/besturen/41001', staffPages({ member: 404, admin: 404 }), { body: () => ({ affiliatedSince: 'geen datum' }) }),
  // New calendar data: staff with the caseload in view read what would move; only the chair applies it.
  'GET /medewerkers/kalender': one(() => '/medewerkers/kalender', staffPages({ member: 404 })),
  'POST /medewerkers/kalender/toepassen': one(() => '/medewerkers/kalender/toepassen', cells('login', { staff: 404, chair: 'ok' }), { body: () => ({ version: 'geen-versie' }) }),
  // Ends every role's session: the very last request of each role.
  'POST /uitloggen': { ...one(() => '/uitloggen', everyone(), { body: noBody }), last: true },

  // ---- panel (committee members; the member and the chair here sit on no panel)
  'GET /panel': one(() => '/panel', cells('login', { staff: 404, chair: 'ok', member: 'ok' }), { absent: { roles: ['member'], text: (f) => [f.C.caseNumber] } }),
  'GET /panel/zaken/:caseNumber': panelRow(''),
  'GET /panel/zaken/:caseNumber/beschikbaarheid': panelRow('/beschikbaarheid'),
  'POST /panel/zaken/:caseNumber/beschikbaarheid': panelRow('/beschikbaarheid', { body: noBody }),
  'GET /panel/zaken/:caseNumber/advies': panelRow('/advies'),
  'POST /panel/zaken/:caseNumber/advies': panelRow('/advies', { body: noBody }),
  'POST /panel/zaken/:caseNumber/goedkeuren': panelRow('/goedkeuren', { body: noBody }),
  'GET /panel/zaken/:caseNumber/documenten/:id': {
    probes: [
      probe((f) => `/panel/zaken/${f.A.caseNumber}/documenten/${f.docs.aComplainant}`, panelCasePages(), { label: 'case A: on no panel' }),
      probe((f) => `/panel/zaken/${f.C.caseNumber}/documenten/${f.docs.cPanel}`, panelSeat(), { label: 'case C document released to the panel' }),
      probe((f) => `/panel/zaken/${f.C.caseNumber}/documenten/${f.docs.cSecretary}`, panelCasePages(), { label: 'case C document not released to the panel' }),
      probe((f) => `/panel/zaken/${f.C.caseNumber}/documenten/${f.docs.aComplainant}`, panelCasePages(), { label: 'case A document under case C' }),
    ],
  },
  'GET /panel/zaken/:caseNumber/brieven/:id': one((f) => `/panel/zaken/${f.C.caseNumber}/brieven/${f.letters.aComplainant}`, panelCasePages(), { label: 'a letter of case A under case C' }),
  'GET /panel/zaken/:caseNumber/brieven/:id/pdf': one((f) => `/panel/zaken/${f.C.caseNumber}/brieven/${f.letters.aComplainant}/pdf`, panelCasePages(), { label: 'a letter of case A under case C' }),

  // ---- administration
  'GET /beheer': one(() => '/beheer', adminPages()),
  'GET /beheer/gebruikers': one(() => '/beheer/gebruikers', adminPages()),
  'GET /beheer/gebruikers/nieuw': one(() => '/beheer/gebruikers/nieuw', adminPages()),
  'POST /beheer/gebruikers/nieuw': one(() => '/beheer/gebruikers/nieuw', adminPages(), { body: noBody }),
  'GET /beheer/gebruikers/:id': one((f) => `/beheer/gebruikers/${f.victimUserId}`, adminPages()),
  'POST /beheer/gebruikers/:id/rol': one((f) => `/beheer/gebruikers/${f.victimUserId}/rol`, adminPages(), { body: () => ({ role: 'koning' }) }),
  'POST /beheer/gebruikers/:id/uitschakelen': one((f) => `/beheer/gebruikers/${f.victimUserId}/uitschakelen`, adminPages(), { body: noBody }),
  'POST /beheer/gebruikers/:id/inschakelen': one((f) => `/beheer/gebruikers/${f.victimUserId}/inschakelen`, adminPages(), { body: noBody }),
  'POST /beheer/gebruikers/:id/wachtwoord': one((f) => `/beheer/gebruikers/${f.victimUserId}/wachtwoord`, adminPages(), { body: noBody }),
  // The victim has no second factor: the reset changes nothing but is audited.
  'POST /beheer/gebruikers/:id/tweestapsverificatie-herstellen': one((f) => `/beheer/gebruikers/${f.victimUserId}/tweestapsverificatie-herstellen`, adminPages(), { body: noBody }),
  'GET /beheer/commissieleden': one(() => '/beheer/commissieleden', adminPages()),
  'GET /beheer/commissieleden/nieuw': one(() => '/beheer/commissieleden/nieuw', adminPages()),
  'POST /beheer/commissieleden/nieuw': one(() => '/beheer/commissieleden/nieuw', adminPages(), { body: noBody }),
  'GET /beheer/commissieleden/:id': one((f) => `/beheer/commissieleden/${f.victimMemberId}`, adminPages()),
  'POST /beheer/commissieleden/:id': one((f) => `/beheer/commissieleden/${f.victimMemberId}`, adminPages(), { body: noBody }),
  'POST /beheer/commissieleden/:id/deactiveren': one((f) => `/beheer/commissieleden/${f.victimMemberId}/deactiveren`, adminPages(), { body: noBody }),
  'POST /beheer/commissieleden/:id/activeren': one((f) => `/beheer/commissieleden/${f.victimMemberId}/activeren`, adminPages(), { body: noBody }),
  'GET /beheer/beleid': one(() => '/beheer/beleid', adminPages()),
  'GET /beheer/beleid/nieuw': one(() => '/beheer/beleid/nieuw', adminPages()),
  // Without fields the admin gets the form back (400): nothing is stored.
  'POST /beheer/beleid/nieuw': one(() => '/beheer/beleid/nieuw', adminPages(), { body: noBody }),
  'GET /beheer/beleid/:version': one(() => '/beheer/beleid/2026.1', adminPages()),
  // The seed version is approved already: an admin gets 409, nothing changes.
  'POST /beheer/beleid/:version/goedkeuren': one(() => '/beheer/beleid/2026.1/goedkeuren', adminPages(), { body: noBody }),
  'POST /beheer/beleid/:version/verwijderen': one(() => '/beheer/beleid/2026.1/verwijderen', adminPages(), { body: noBody }),
  'GET /beheer/wijzigingen': one(() => '/beheer/wijzigingen', adminPages()),
  'GET /beheer/api-sleutels': one(() => '/beheer/api-sleutels', adminPages()),
  'GET /beheer/api-sleutels/:tokenId/intrekken': one((f) => `/beheer/api-sleutels/${f.victimTokenId}/intrekken`, adminPages()),
  // Without the confirmation ticked the admin gets the form back (400): nothing is revoked.
  'POST /beheer/api-sleutels/:tokenId/intrekken': one((f) => `/beheer/api-sleutels/${f.victimTokenId}/intrekken`, adminPages(), { body: noBody }),

  // ---- JSON API
  'POST /api/complaints/': one(() => '/api/complaints', everyoneApi(), { body: noBody }),
  'POST /api/complaints/access-code-requests': one(() => '/api/complaints/access-code-requests', everyoneApi(), { body: noBody }),
  // The complainant's own case by its access code; any other code (or none) is a 404, alike.
  'GET /api/complaints/:caseNumber': one((f) => `/api/complaints/${f.A.caseNumber}`, cells(404, { complainantA: 'ok' }, false)),
  'POST /api/complaints/:caseNumber/actions/:action': one((f) => `/api/complaints/${f.A.caseNumber}/actions/requestPostponement`, cells(404, { complainantA: 'ok' }, false), { body: noBody }),
  'POST /api/cases/:caseNumber/school-links': one((f) => `/api/cases/${f.C.caseNumber}/school-links`, api({ tokenSecretary: 'ok', tokenChair: 403, tokenMember: 403, schoolTokens: 403 }), { body: noBody }),
  // A member's token lists only the cases whose panel the member sits on (none here), as in the console.
  'GET /api/cases/': one(() => '/api/cases', api({ staffTokens: 'ok', schoolTokens: 404 }), { absent: { roles: ['tokenMember'], text: (f) => [f.A.caseNumber, f.B.caseNumber] } }),
  // A member's token reaches only cases whose panel the member sits on, as on the panel pages.
  'GET /api/cases/:caseNumber': one((f) => `/api/cases/${f.A.caseNumber}`, api({ tokenSecretary: 'ok', tokenChair: 'ok', tokenMember: 404, tokenSchoolA: 'ok', tokenSchoolB: 404 })),
  'POST /api/cases/:caseNumber/actions/:action': one(
    // Admissibility is the chair's: a secretary's token is refused for the role (process.md, "Who decides").
    (f) => `/api/cases/${f.A.caseNumber}/actions/decideAdmissibility`,
    api({ tokenSecretary: 403, tokenChair: 'ok', tokenMember: 404, tokenSchoolA: 403, tokenSchoolB: 404 }),
    { body: () => ({ admissible: 'misschien' }) },
  ),
  // Only a chair moves a running case onto new calendar data; the secretary and the chair see what it would change.
  'POST /api/cases/:caseNumber/calendar-release': one((f) => `/api/cases/${f.A.caseNumber}/calendar-release`, api({ tokenSecretary: 403, tokenChair: 'ok', tokenMember: 404, tokenSchoolA: 403, tokenSchoolB: 404 }), { body: noBody }),
  'GET /api/calendar/releases': one(() => '/api/calendar/releases', api({ tokenSecretary: 'ok', tokenChair: 'ok', tokenMember: 404, schoolTokens: 404 })),
  'GET /api/calendar/changes': one(() => '/api/calendar/changes', api({ tokenSecretary: 'ok', tokenChair: 'ok', tokenMember: 404, schoolTokens: 404 })),
  'GET /api/deadlines/': one(() => '/api/deadlines?from=2026-11-02&amount=2&unit=weeks', everyoneApi()),
  'GET /api/register/schools': one(() => '/api/register/schools?q=Linde', everyoneApi()),
  'GET /api/openapi.json': one(() => '/api/openapi.json', everyoneApi()),
  // Only with the development mail capture (npm start, tests); never mounted with a real relay.
  'GET /api/dev/mailbox/': optional(() => '/api/dev/mailbox', api({ tokenSecretary: 'ok', tokenChair: 'ok', tokenMember: 404, schoolTokens: 404 })),
  'GET /api/dev/mailbox/:id/raw': optional((f) => `/api/dev/mailbox/${f.mailId}/raw`, api({ tokenSecretary: 'ok', tokenChair: 'ok', tokenMember: 404, schoolTokens: 404 })),
};

// ------------------------------------------------------------------ running it

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let worker: TestWorker;
let running: Promise<void>;
let server: TestServer;
let app: express.Express;
let taskQueue: string;
let fixture: Fixture;

interface Visitor {
  web: WebClient;
  /** Headers the visitor sends to the JSON API. */
  apiHeaders: Record<string, string>;
}
const visitors = new Map<Role, Visitor>();

const STAFF = {
  secretary: { email: 'secretaris@matrix.example.nl', name: 'Sanne Secretaris', role: 'secretary' as const },
  chair: { email: 'voorzitter@matrix.example.nl', name: 'Carla Voorzitter', role: 'chair' as const },
  member: { email: 'lid@matrix.example.nl', name: 'Lars Lid', role: 'member' as const },
  admin: { email: 'beheer@matrix.example.nl', name: 'Bea Beheer', role: 'admin' as const },
};
const PASSWORD = 'matrix wachtwoord lang genoeg';

async function fileCase(brin: string): Promise<Omit<CaseFixture, 'linkToken'>> {
  const deps = { db: database.db, temporal: env.client, taskQueue, secret: TEST_SECRET };
  const filed = await fileComplaint(deps, sampleComplaint({ school: { brin, name: `School ${brin}`, sector: 'primary' } }));
  await eventually(async () => {
    const s = (await caseState(env.client, filed.caseNumber)).complaint as CaseStateView | undefined;
    return s?.status === 'admissibility' ? s : undefined;
  }, 120_000);
  const row = await database.db('cases').where({ case_number: filed.caseNumber }).first();
  return { caseNumber: filed.caseNumber, accessCode: filed.accessCode, id: String(row.id), brin };
}

async function doc(caseId: string, party: Party, name: string): Promise<{ id: string; meta: Awaited<ReturnType<typeof storeDocument>> }> {
  const meta = await storeDocument(database.db, { caseId, party, actor: 'matrix', kind: 'evidence', file: { field: 'f', clientName: name, content: samplePdf(name), truncated: false } });
  return { id: meta.id, meta };
}

/** The CSRF token of a visitor's session, read from the session row (the cookie holds the id). */
async function csrfOfSession(web: WebClient): Promise<string> {
  const id = web.cookies.get('kf_session');
  if (!id) throw new Error('visitor has no session');
  const row = await database.db('web_sessions').where({ id_hash: crypto.createHash('sha256').update(id).digest('hex') }).first('csrf_token');
  if (!row) throw new Error('session row gone');
  return row.csrf_token;
}

async function anonymousVisitor(headers: Record<string, string> = {}): Promise<Visitor> {
  const web = new WebClient(server.url);
  await web.get('/zaak');
  return { web, apiHeaders: headers };
}

async function complainant(c: CaseFixture): Promise<Visitor> {
  const v = await anonymousVisitor({ 'X-Access-Code': c.accessCode });
  const res = await v.web.postForm('/zaak', { _csrf: await csrfOfSession(v.web), caseNumber: c.caseNumber, accessCode: c.accessCode });
  expect(res.location).toBe('/zaak/overzicht');
  return v;
}

async function school(c: CaseFixture): Promise<Visitor> {
  const web = new WebClient(server.url);
  const res = await web.get(`/school/${c.linkToken}`);
  expect(res.location).toBe('/school');
  return { web, apiHeaders: {} };
}

/** A board's managing contact, invited, with a password and an enrolled second factor: logged in. */
async function boardContact(boardNumber: string, email: string): Promise<Visitor> {
  const { token } = await inviteContact(database.db, { boardNumber, email, name: `Contact ${boardNumber}`, role: 'board', canManage: true, invitedBy: 'matrix' });
  const web = new WebClient(server.url);
  await acceptBoardInvitation(web, `/bestuur/uitnodiging/${token}`, email, PASSWORD);
  return { web, apiHeaders: {} };
}

async function staff(email: string): Promise<Visitor> {
  const v = await anonymousVisitor();
  // Chair and admin must use a second factor: enrolled for real on this first login.
  const res = await logInStaff(v.web, email, PASSWORD);
  expect(STAFF_LANDINGS, `login ${email}`).toContain(res.location);
  return v;
}

beforeAll(async () => {
  database = await createTestDatabase();
  env = await devServerEnvironment();
  taskQueue = uniqueTaskQueue('matrix');
  worker = await createTestWorker(env, database.appDb, taskQueue);
  running = worker.run();
  app = createApp({ db: database.appDb, temporal: env.client, taskQueue, secret: TEST_SECRET });
  server = await listen(app);

  const db = database.db;
  // A board of the register, for its affiliation page.
  await db('boards').insert({ number: '41001', name: 'Stichting De Linde Scholen' });
  const [a, b, c] = await Promise.all([fileCase('11AA'), fileCase('22BB'), fileCase('33CC')]);
  const tokenSecretary = (await staffToken(db, { name: 'Sanne', role: 'secretary' })).token;
  const link = async (caseNumber: string) => {
    const res = await postJson(`${server.url}/api/cases/${caseNumber}/school-links`, {}, { Authorization: `Bearer ${tokenSecretary}` });
    expect(res.status).toBe(201);
    return String(res.body.url).split('/').pop()!;
  };
  // Case A's school belongs to board 41001, case B's to board 41002 (each board's account sees its own).
  await db('boards').insert({ number: '41002', name: 'Stichting Andere Scholen' });
  await db('schools').insert([
    { brin: a.brin, name: `School ${a.brin}`, board_name: 'Stichting De Linde Scholen', board_number: '41001', source: 'register' },
    { brin: b.brin, name: `School ${b.brin}`, board_name: 'Stichting Andere Scholen', board_number: '41002', source: 'register' },
  ]).onConflict('brin').merge(['board_number']);
  const victimContact = await inviteContact(db, { boardNumber: '41001', email: 'slachtoffer@linde.matrix.example.nl', name: 'Slachtoffer', role: 'lawyer', canManage: false, invitedBy: 'matrix' });
  const A = { ...a, linkToken: await link(a.caseNumber) };
  const B = { ...b, linkToken: await link(b.caseNumber) };
  const C = { ...c, linkToken: await link(c.caseNumber) };

  const aComplainant = await doc(A.id, 'complainant', 'klacht-a.pdf');
  const aSchool = await doc(A.id, 'school', 'verweer-a.pdf');
  const aSecretary = await doc(A.id, 'secretary', 'intern-a.pdf');
  const cSecretary = await doc(C.id, 'secretary', 'intern-c.pdf');
  const cPanel = await doc(C.id, 'secretary', 'stukken-c.pdf');
  await db('documents').where({ id: cPanel.id }).update({ released_to: JSON.stringify(['secretary', 'panel']) });
  const receiptC = await issueReceipt(db, { caseId: A.id, party: 'complainant', purpose: 'reply', documents: [aComplainant.meta] });
  const receiptS = await issueReceipt(db, { caseId: A.id, party: 'school', purpose: 'defence', documents: [aSchool.meta] });
  const letter: { id: string } = await eventually(async () => db('letters').where({ case_id: A.id }).whereIn('addressee_role', ['complainant', 'representative']).first('id'), 60_000);
  const [mail] = await db('dev_mailbox').insert({ envelope_from: 'a@b.nl', envelope_to: JSON.stringify(['c@d.nl']), subject: 'matrix', raw: Buffer.from('Subject: matrix\r\n\r\nbody') }).returning('id');

  for (const s of Object.values(STAFF)) await createUser(db, { ...s, password: PASSWORD });
  const victim = await createUser(db, { email: 'doelwit@matrix.example.nl', name: 'Doel Wit', role: 'secretary', password: PASSWORD });
  // The chair and the member are committee members (matched by e-mail). The member sits on no panel;
  // the chair sits on case C's (and on no other). One more member for the admin rows to edit.
  const [chairMember] = await db('committee_members')
    .insert([
      { name: STAFF.chair.name, email: STAFF.chair.email, role: 'chair' },
      { name: STAFF.member.name, email: STAFF.member.email, role: 'member' },
    ])
    .returning('id');
  await db('hearing_panel_assignments').insert({ case_id: C.id, member_id: chairMember.id, role: 'chair' });
  const [victimMember] = await db('committee_members').insert({ name: 'Mia Doelwit', email: 'mia@panel.example.nl', role: 'member' }).returning('id');
  const publication = async (caseId: string, status: string, body: string) => {
    const [row] = await db('advice_publications')
      .insert({ case_id: caseId, status, advice_year: 2026, advice_month: 3, category: 'pesten', sector: 'primary', finding: 'gegrond', body, prepared_by: 'matrix', editors: ['matrix'] })
      .returning('id');
    return String(row.id);
  };

  fixture = {
    A,
    B,
    C,
    docs: { aComplainant: aComplainant.id, aSchool: aSchool.id, aSecretary: aSecretary.id, cSecretary: cSecretary.id, cPanel: cPanel.id },
    letters: { aComplainant: String(letter.id) },
    receipts: { aComplainant: receiptC.id, aSchool: receiptS.id },
    victimUserId: victim.id,
    victimTokenId: crypto.createHash('sha256').update(await createApiToken(db, { staffUserId: victim.id })).digest('hex').slice(0, 16),
    victimMemberId: String(victimMember.id),
    mailId: String(mail.id),
    publications: { draft: await publication(A.id, 'draft', 'Concepttekst'), awaiting: await publication(B.id, 'awaiting-approval', 'Wachtende tekst'), published: await publication(C.id, 'published', 'Gepubliceerde tekst') },
    victimContactId: victimContact.contact.id,
  };

  visitors.set('anonymous', await anonymousVisitor());
  visitors.set('complainantA', await complainant(A));
  visitors.set('complainantB', await complainant(B));
  visitors.set('schoolA', await school(A));
  visitors.set('schoolB', await school(B));
  visitors.set('boardA', await boardContact('41001', 'bestuur@linde.matrix.example.nl'));
  visitors.set('boardB', await boardContact('41002', 'bestuur@andere.matrix.example.nl'));
  for (const role of ['secretary', 'chair', 'member', 'admin'] as const) visitors.set(role, await staff(STAFF[role].email));
  const bearer = async (t: string) => anonymousVisitor({ Authorization: `Bearer ${t}` });
  visitors.set('tokenSecretary', await bearer(tokenSecretary));
  visitors.set('tokenChair', await bearer((await staffToken(db, { name: 'Carla', role: 'chair' })).token));
  visitors.set('tokenMember', await bearer((await staffToken(db, { name: 'Lars', role: 'member' })).token));
  visitors.set('tokenSchoolA', await bearer(await schoolToken(db, { subject: 'matrix-school-a', name: 'Bestuur A', brin: A.brin })));
  visitors.set('tokenSchoolB', await bearer(await schoolToken(db, { subject: 'matrix-school-b', name: 'Bestuur B', brin: B.brin })));
}, 600_000);

afterAll(async () => {
  await server?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

const LOGIN_PAGES = new Set(['/inloggen', '/zaak', '/bestuur/inloggen']);

function outcomeOf(res: PageResponse): Outcome | `status ${number}` {
  if (res.status === 401 || res.status === 403 || res.status === 404) return res.status;
  if (res.status >= 300 && res.status < 400) {
    const target = new URL(res.location ?? '/', 'http://x').pathname;
    return LOGIN_PAGES.has(target) ? 'login' : 'ok';
  }
  if (res.status < 300 || res.status === 400 || res.status === 409 || res.status === 422) return 'ok';
  return `status ${res.status}`;
}

async function send(role: Role, p: Probe): Promise<PageResponse> {
  const v = visitors.get(role)!;
  const path = p.path(fixture);
  const isApi = path.startsWith('/api/') || path === '/health';
  const method = p.body ? 'POST' : 'GET';
  if (isApi) {
    const headers: Record<string, string> = { ...v.apiHeaders };
    if (method === 'GET') return v.web.request(path, { headers });
    return v.web.request(path, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(p.body!(fixture)) });
  }
  // Pages: the visitor's own session and its CSRF token, as its browser would send them.
  if (method === 'GET') return v.web.get(path);
  const fields = { _csrf: await csrfOfSession(v.web).catch(() => ''), ...p.body!(fixture) };
  if (p.multipart) return v.web.postMultipart(path, fields, []);
  return v.web.postForm(path, fields);
}

interface Miss {
  route: string;
  probe?: string;
  role: Role;
  expected: Outcome;
  got: string;
}

async function runRows(keys: string[]): Promise<{ misses: Miss[]; cellsChecked: number }> {
  const misses: Miss[] = [];
  let cellsChecked = 0;
  for (const key of keys) {
    const row = MATRIX[key];
    for (const p of row.probes) {
      for (const role of ROLES) {
        // The matrix asks who may, not how often (that is abuseLimits.test.ts): every cell starts
        // with fresh rate-limit counters, though all its visitors share 127.0.0.1.
        await database.db('rate_limits').delete();
        const res = await send(role, p);
        const got = outcomeOf(res);
        cellsChecked++;
        if (got !== p.expect[role]) misses.push({ route: key, probe: p.label, role, expected: p.expect[role], got: `${got} (${res.status}${res.location ? ` → ${res.location}` : ''})` });
        else if (got === 'ok' && p.absent?.roles.includes(role)) {
          const leaked = p.absent.text(fixture).filter((t) => res.text.includes(t));
          if (leaked.length) misses.push({ route: key, probe: p.label, role, expected: p.expect[role], got: `ok, but the answer shows ${leaked.join(', ')}` });
        }
      }
    }
  }
  return { misses, cellsChecked };
}

function report(misses: Miss[]): string {
  return misses.map((m) => `${m.route}${m.probe ? ` [${m.probe}]` : ''} as ${m.role}: expected ${m.expected}, got ${m.got}`).join('\n');
}

let cellsChecked = 0;

describe('authorisation matrix', () => {
  it('classifies every route of the app, and names no route that does not exist', () => {
    const routes = appRoutes(app);
    expect(routes.length).toBeGreaterThan(50);
    const unclassified = routes.filter((r) => !(r in MATRIX));
    expect(unclassified, `routes without a row in the authorisation matrix:\n${unclassified.join('\n')}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((k) => !routes.includes(k) && !MATRIX[k].optional);
    expect(stale, `rows for routes the app no longer has:\n${stale.join('\n')}`).toEqual([]);
  });

  const present = () => {
    const routes = new Set(appRoutes(app));
    return Object.keys(MATRIX).filter((k) => routes.has(k));
  };

  it('answers every route × role as the matrix says; a party never reaches another case or what was not released to it', async () => {
    const { misses, cellsChecked: n } = await runRows(present().filter((k) => !MATRIX[k].last));
    cellsChecked += n;
    expect(misses.length, `cells that differ from the matrix:\n${report(misses)}`).toBe(0);
  });

  /**
   * The portal checks the CSRF token of urlencoded forms itself and leaves multipart bodies to the
   * upload routes; a route that takes no upload must not then act on a multipart request that
   * carries no token. Each POST page route is sent such a request by a role the matrix lets through.
   */
  it('refuses, on every POST page, a multipart request without the session’s CSRF token', async () => {
    const bypassed: string[] = [];
    for (const key of present().filter((k) => k.startsWith('POST ') && !k.startsWith('POST /api/') && k !== 'POST /uitloggen')) {
      for (const p of MATRIX[key].probes) {
        const role = ROLES.find((r) => p.expect[r] === 'ok');
        if (!role) continue;
        const res = await visitors.get(role)!.web.postMultipart(p.path(fixture), p.body ? Object.fromEntries(Object.entries(p.body(fixture))) : {}, []);
        if (res.status !== 403) bypassed.push(`${key} as ${role}: ${res.status}${res.location ? ` → ${res.location}` : ''}`);
      }
    }
    const anonymous = await anonymousVisitor();
    const out = await anonymous.web.postMultipart('/uitloggen', {}, []);
    if (out.status !== 403) bypassed.push(`POST /uitloggen as anonymous: ${out.status}${out.location ? ` → ${out.location}` : ''}`);
    expect(bypassed.length, `POST routes that acted on a multipart request without a CSRF token:\n${bypassed.join('\n')}`).toBe(0);
  });

  it('answers the rows that change state for good (withdrawing, logging out) as the matrix says, last', async () => {
    // Withdrawal before logout: logging out ends the sessions the other rows need.
    const keys = present()
      .filter((k) => MATRIX[k].last)
      .sort((a, b) => (a === 'POST /uitloggen' ? 1 : b === 'POST /uitloggen' ? -1 : 0));
    const { misses, cellsChecked: n } = await runRows(keys);
    cellsChecked += n;
    console.log(`authorisation matrix: ${present().length} routes × ${ROLES.length} roles, ${cellsChecked} cells checked`);
    expect(misses.length, `cells that differ from the matrix:\n${report(misses)}`).toBe(0);
  });
});
