/**
 * The OpenAPI 3.1 description of klachtflow's JSON API, served at /api/openapi.json. Its schemas
 * are JSON Schema 2020-12: tests validate real responses against them, and request bodies of new
 * endpoints are validated with the same schemas (see validate.ts), so the document cannot drift
 * from what the server does without a test failing.
 */
import { COMPLAINANT_ROLES, COMPLAINT_CATEGORIES, MAX_PARTIES, REPRESENTATIVE_RELATIONS, RESPONDENT_ROLES, SECTORS } from '../../domain/intake';
import { CLOSED_OUTCOMES, OPEN_STATUSES } from '../../domain/caseStatus';
import { STAGES } from '../../domain/caseStage';
import { ACTION_NAMES } from '../../contracts/actions';
import { REFUSAL_CODES } from '../../contracts/refusals';
import { MAX_LINK_DAYS } from '../portal/schoolLinks';
import { actionBodySchemas, actionBodySchemaName, actionsOperation } from './actions';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const CASE_NUMBER = { type: 'string', pattern: '^\\d{4}-\\d{6}$', examples: ['2026-000123'] };
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const DATETIME = { type: 'string', format: 'date-time' };

const caseNumberParam = { name: 'caseNumber', in: 'path', required: true, schema: CASE_NUMBER };
const langParam = { name: 'lang', in: 'query', required: false, schema: { enum: ['nl', 'en'], default: 'nl' }, description: 'Language of the labels and explanations.' };
const actionParam = {
  name: 'action',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: ACTION_NAMES },
  description: 'The action; its request body is the schema <Action>Body (x-actions lists each action’s body, roles and refusal codes).',
};
const actionBody = {
  required: false,
  description: 'The body of the action named in the path: one of the <Action>Body schemas (see x-actions). Who acts is the caller; the API adds it.',
  content: { 'application/json': { schema: { anyOf: ACTION_NAMES.map((name) => ref(actionBodySchemaName(name))) } } },
};
const langQuery = { name: 'lang', in: 'query', required: false, schema: { enum: ['nl', 'en'] }, description: 'Language of refusal messages; without it Accept-Language decides, else Dutch.' };
const actionRefused = json(ref('Refusals'), 'Refused with codes: 403 for a role that may not take the action, 409 when the procedure refuses it now (see x-actions for each action’s codes).');
const actionBadRequest = json(ref('ValidationErrors'), 'Bad request: a body that is not a JSON object (code not-object) or cannot be read.');

const errors400 = json(ref('ValidationErrors'), 'Bad request: every bad field is named.');
const notFound = json(ref('NotFound'), 'Not found (also for a case the caller may not see).');
const unauthorized = json(ref('Unauthorized'), 'No valid API token.');
const tooMany = json(ref('ValidationErrors'), 'Rate limit reached (see Retry-After): the error names the field (client, X-Access-Code) and the reason.');
const refused = json(ref('ValidationErrors'), 'Refused: 403 for a role that may not act, 409 when the procedure refuses the action now, with its reason.');

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'klachtflow API',
    version: '1.0.0',
    description: 'Case system of the Landelijke Klachtencommissie Onderwijs: intake of complaints, the case API for staff and schools, legal terms, and school access links.',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'API token of a staff member or school (kf_…).' },
      accessCode: { type: 'apiKey', in: 'header', name: 'X-Access-Code', description: 'The access code given to the complainant at intake.' },
    },
    schemas: {
      FieldError: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' }, code: ref('RefusalCode') },
        additionalProperties: false,
      },
      RefusalCode: { type: 'string', enum: [...REFUSAL_CODES], description: 'Why a case action was refused; the message words it in the request’s language.' },
      Refusal: {
        type: 'object',
        required: ['code', 'field', 'message'],
        properties: { code: ref('RefusalCode'), field: { type: 'string', description: 'The input field, e.g. reasons or measures[0].termWeeks; action for the action as a whole.' }, message: { type: 'string' } },
        additionalProperties: false,
      },
      Refusals: { type: 'object', required: ['errors'], properties: { errors: { type: 'array', minItems: 1, items: ref('Refusal') } }, additionalProperties: false },
      ...actionBodySchemas(),
      ValidationErrors: { type: 'object', required: ['errors'], properties: { errors: { type: 'array', minItems: 1, items: ref('FieldError') } }, additionalProperties: false },
      NotFound: { type: 'object', required: ['error'], properties: { error: { type: 'string' } }, additionalProperties: false },
      Unauthorized: { type: 'object', required: ['error'], properties: { error: { type: 'string' } }, additionalProperties: false },
      Status: { type: 'string', enum: [...OPEN_STATUSES, ...CLOSED_OUTCOMES] },
      Label: { type: 'object', required: ['nl', 'en'], properties: { nl: { type: 'string' }, en: { type: 'string' } } },
      Contact: {
        type: 'object',
        required: ['name'],
        description: 'An e-mail address or a postal address (or both): whoever has no e-mail address gets the letters by post.',
        anyOf: [{ required: ['email'] }, { required: ['postalAddress'] }],
        properties: {
          name: { type: 'string', maxLength: 200 },
          email: { type: 'string', format: 'email' },
          phone: { type: 'string' },
          postalAddress: { type: 'string', maxLength: 500, description: '2 to 6 lines separated by newlines: street and number, postcode and place.' },
        },
      },
      ComplainantInput: {
        allOf: [ref('Contact')],
        required: ['role'],
        properties: {
          role: { enum: [...COMPLAINANT_ROLES] },
          minor: { type: 'boolean', description: 'A minor’s letters go to the parent or guardian (a representative with relation parent-or-guardian, required then).' },
          lettersToSelf: { type: 'boolean', description: 'A minor who chose to get the letters at their own address too.' },
        },
      },
      RepresentativeInput: {
        allOf: [ref('Contact')],
        required: ['relation'],
        properties: {
          relation: { enum: [...REPRESENTATIVE_RELATIONS], description: 'Decides how letters address them; a confidential counsellor gets letters only with keepInformed.' },
          forComplainant: { type: 'integer', minimum: 1, description: 'Whose representative: 1 is complainant (default), 2 the first of coComplainants…' },
          keepInformed: { type: 'boolean', description: 'For a confidential counsellor: the complainant wants them to get the letters.' },
        },
      },
      RespondentInput: {
        type: 'object',
        required: ['name', 'role'],
        description: 'A person complained about. Without e-mail or postal address, letters reach them care of the school board.',
        properties: {
          name: { type: 'string', maxLength: 200 },
          role: { enum: [...RESPONDENT_ROLES] },
          email: { type: 'string', format: 'email' },
          postalAddress: { type: 'string', maxLength: 500 },
        },
      },
      Respondent: {
        type: 'object',
        required: ['name', 'role'],
        properties: { name: { type: 'string' }, role: { enum: [...RESPONDENT_ROLES] }, email: { type: 'string' }, postalAddress: { type: 'string' } },
        additionalProperties: false,
      },
      Representative: {
        type: 'object',
        required: ['name', 'relation', 'forComplainant'],
        properties: {
          name: { type: 'string' },
          relation: { type: ['string', 'null'], description: 'One of parent-or-guardian, confidential-counsellor, lawyer, other-authorised (free text for a representative filed before the list).' },
          forComplainant: { type: 'integer' },
          email: { type: 'string' },
          postalAddress: { type: 'string' },
          phone: { type: 'string' },
          keepInformed: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      LateFilingDecision: {
        type: ['object', 'null'],
        required: ['excused', 'reason'],
        description: 'What the admissibility decision said about a complaint filed after the one-year term.',
        properties: { excused: { type: 'boolean' }, reason: { type: 'string' } },
        additionalProperties: false,
      },
      ComplaintInput: {
        type: 'object',
        required: ['complainant', 'school', 'category', 'description', 'occurredOn', 'raisedWithSchool'],
        properties: {
          complainant: ref('ComplainantInput'),
          coComplainants: { type: 'array', maxItems: MAX_PARTIES, items: ref('ComplainantInput'), description: 'More complainants in the same case; each gets the complainant’s letters.' },
          representative: { allOf: [ref('Contact')], properties: { relation: { type: 'string', maxLength: 100 } }, description: 'One representative with a free-text relation (the first version); not together with representatives.' },
          representatives: { type: 'array', maxItems: MAX_PARTIES, items: ref('RepresentativeInput') },
          respondents: { type: 'array', maxItems: MAX_PARTIES, items: ref('RespondentInput'), description: 'The persons complained about, when known; the secretary may add them later (action addRespondent).' },
          school: {
            type: 'object',
            required: ['name'],
            description: 'Find the BRIN code with GET /api/register/schools: a known school takes its name, place and sector from the register; without a BRIN code (or with one the register lacks) the case is flagged for the secretary.',
            properties: { brin: { type: 'string', pattern: '^[0-9]{2}[A-Za-z0-9]{2}$' }, name: { type: 'string' }, place: { type: 'string', maxLength: 100 }, sector: { enum: [...SECTORS] } },
          },
          category: {
            type: 'string',
            pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
            examples: [...COMPLAINT_CATEGORIES],
            description: 'One of the categories of the policy version valid on the filing day (the examples: every category klachtflow knows; 2026.1 has the first eight, 2026.2 all). A committee may add categories in a later version (README, "Changing the committee’s policy").',
          },
          discriminationGround: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', examples: ['afkomst', 'godsdienst-of-levensovertuiging'], description: 'For a category that asks for it (discriminatie): the ground, from the same policy version.' },
          description: { type: 'string', minLength: 20, maxLength: 20000 },
          occurredOn: DATE,
          raisedWithSchool: { type: 'boolean' },
          notRaisedReason: { type: 'string', maxLength: 5000 },
          language: { enum: ['nl', 'en'] },
        },
      },
      ComplaintFiled: {
        type: 'object',
        required: ['caseNumber', 'accessCode', 'status'],
        properties: { caseNumber: CASE_NUMBER, accessCode: { type: 'string', pattern: '^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$' }, status: ref('Status') },
        additionalProperties: false,
      },
      TimelineEntry: {
        type: 'object',
        required: ['at', 'type', 'actor', 'data'],
        properties: { at: DATETIME, type: { type: 'string' }, actor: { type: 'string' }, data: { type: 'object' } },
        additionalProperties: false,
      },
      PartyTimelineEntry: {
        type: 'object',
        description: 'A step of the procedure as the party’s portal page shows it: no actor, no internal data.',
        required: ['type', 'label', 'at'],
        properties: { type: { type: 'string' }, label: { type: 'string' }, at: DATETIME },
        additionalProperties: false,
      },
      ComplaintView: {
        type: 'object',
        description: 'A party’s view of its case: the same as its portal page shows (letters to it, documents released to it, the steps it understands). A school also gets the complaint’s description and date.',
        required: ['caseNumber', 'status', 'statusLabel', 'closed', 'receivedOn', 'nextDeadline', 'category', 'school', 'nextStep', 'stage', 'nextTask', 'terms', 'allowedActions', 'timeline', 'letters', 'documents', 'respondents', 'representatives', 'lateFiling', 'filingTermEnd', 'lateFilingDecision'],
        properties: {
          caseNumber: CASE_NUMBER,
          status: ref('Status'),
          statusLabel: ref('Label'),
          closed: { type: 'boolean' },
          receivedOn: DATE,
          nextDeadline: nullable('string', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
          category: { type: 'string', description: 'A category of the case’s policy version.' },
          school: { type: 'object', required: ['brin', 'name'], properties: { brin: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
          respondents: { type: 'array', items: { type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: { type: 'string' } }, additionalProperties: false } },
          representatives: {
            type: 'array',
            items: { type: 'object', required: ['name', 'relation', 'forComplainant'], properties: { name: { type: 'string' }, relation: { type: ['string', 'null'] }, forComplainant: { type: 'integer' } }, additionalProperties: false },
          },
          lateFiling: { type: 'boolean', description: 'Filed more than a year after the facts (flagged at intake).' },
          filingTermEnd: nullable('string', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
          lateFilingDecision: ref('LateFilingDecision'),
          nextStep: { type: 'string' },
          stage: { enum: [...STAGES], description: 'The stage bar’s current stage (domain/caseStage.ts).' },
          nextTask: {
            type: 'object',
            description: 'This party’s open task: what to do by when, in plain language, with the legal explanation of its term.',
            required: ['kind', 'text', 'due', 'explanation'],
            properties: { kind: { type: 'string' }, text: { type: 'string' }, due: nullable('string', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), explanation: nullable('string') },
            additionalProperties: false,
          },
          terms: {
            type: 'array',
            items: { type: 'object', required: ['label', 'due', 'explanation'], properties: { label: { type: 'string' }, due: { type: 'string' }, explanation: { type: 'string' } }, additionalProperties: false },
          },
          allowedActions: { type: 'array', items: { type: 'string' } },
          timeline: { type: 'array', items: ref('PartyTimelineEntry') },
          letters: {
            type: 'array',
            items: { type: 'object', required: ['id', 'kind', 'subject', 'createdAt'], properties: { id: { type: 'string' }, kind: { type: 'string', description: 'The letter kind (templates/registry.json), e.g. ontvangstbevestiging.' }, subject: { type: 'string' }, createdAt: DATETIME }, additionalProperties: false },
          },
          documents: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'kind', 'name', 'mimeType', 'sizeBytes', 'uploadedBy', 'createdAt'],
              properties: { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, mimeType: { type: 'string' }, sizeBytes: { type: 'integer' }, uploadedBy: { type: 'string' }, createdAt: DATETIME },
              additionalProperties: false,
            },
          },
          complaint: { type: 'object', required: ['description', 'occurredOn'], properties: { description: { type: 'string' }, occurredOn: DATE }, additionalProperties: false, description: 'Only for a school.' },
        },
        additionalProperties: false,
      },
      CaseSummary: {
        type: 'object',
        required: ['caseNumber', 'status', 'category', 'school', 'receivedOn', 'nextDeadline'],
        properties: {
          caseNumber: CASE_NUMBER,
          status: ref('Status'),
          category: { type: 'string' },
          school: { type: 'object', required: ['brin', 'name'], properties: { brin: { type: 'string' }, name: { type: 'string' } } },
          receivedOn: DATE,
          nextDeadline: nullable('string'),
        },
        additionalProperties: false,
      },
      CaseList: {
        type: 'object',
        required: ['cases', 'next'],
        properties: { cases: { type: 'array', items: ref('CaseSummary') }, next: nullable('string') },
        additionalProperties: false,
      },
      Term: {
        type: 'object',
        required: ['id', 'key', 'label', 'due', 'explanation', 'status'],
        properties: { id: { type: 'string' }, key: { type: 'string' }, label: ref('Label'), due: nullable('string'), explanation: ref('Label'), status: { enum: ['running', 'met', 'expired', 'cancelled'] } },
      },
      CaseState: {
        type: 'object',
        description: 'The complaint workflow’s state: status, running terms and the actions it accepts now.',
        required: ['caseNumber', 'status', 'closed', 'terms', 'nextDeadline', 'allowedActions'],
        properties: {
          caseNumber: CASE_NUMBER,
          status: ref('Status'),
          closed: { type: 'boolean' },
          policyVersion: { type: 'string' },
          terms: { type: 'array', items: ref('Term') },
          nextDeadline: nullable('string'),
          allowedActions: { type: 'array', items: { type: 'string' } },
        },
      },
      CalendarReleases: {
        type: 'object',
        description: 'The calendar releases (royal decrees, school holidays) a case can be pinned to, and the one new cases get.',
        required: ['current', 'released'],
        properties: { current: { type: 'string' }, released: { type: 'array', items: { type: 'string' } } },
      },
      CaseCalendarChanges: {
        type: 'object',
        description: 'The running terms of one case that a calendar release moves (or would move): old and new last day.',
        required: ['caseNumber', 'calendarVersion', 'changes'],
        properties: {
          caseNumber: CASE_NUMBER,
          calendarVersion: { type: 'string' },
          changes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['workflow', 'id', 'key', 'label', 'oldDue', 'newDue'],
              properties: { workflow: { enum: ['complaint', 'hearing', 'compliance'] }, id: { type: 'string' }, key: { type: 'string' }, label: ref('Label'), oldDue: nullable('string'), newDue: nullable('string') },
            },
          },
        },
      },
      CaseDetail: {
        type: 'object',
        required: ['caseNumber', 'status', 'statusLabel', 'receivedOn', 'nextDeadline', 'policyVersion', 'calendarVersion', 'category', 'school', 'complaint', 'complainants', 'respondents', 'representatives', 'lateFiling', 'filingTermEnd', 'lateFilingDecision', 'workflow', 'timeline', 'letters', 'adviceRegime'],
        properties: {
          caseNumber: CASE_NUMBER,
          status: ref('Status'),
          statusLabel: ref('Label'),
          receivedOn: DATE,
          nextDeadline: nullable('string'),
          policyVersion: { type: 'string' },
          calendarVersion: { type: 'string', description: 'The calendar release (royal decrees, school holidays) the case’s terms are computed with; it changes only when a chair applies a newer one.' },
          adviceRegime: {
            type: 'object',
            description: 'Whether an advice given today binds the school board: the regime of the case’s policy version in force today, with its legal basis and the sector’s complaint article (advisory until the bill is law).',
            required: ['kind', 'binding', 'effectiveFrom', 'legalBasis'],
            properties: {
              kind: { type: 'string', enum: ['advisory', 'binding'] },
              binding: { type: 'boolean' },
              effectiveFrom: { type: 'string', format: 'date' },
              legalBasis: { type: 'object', required: ['nl', 'en'], properties: { nl: { type: 'string' }, en: { type: 'string' } } },
            },
          },
          category: { type: 'string' },
          school: { type: 'object', required: ['brin', 'name', 'sector'], properties: { brin: { type: 'string' }, name: { type: 'string' }, sector: nullable('string') } },
          complaint: { type: 'object', description: 'The complaint; a school sees only its description and date.' },
          complainants: { type: 'array', items: { type: 'object' }, description: 'The complainant and the co-complainants, with contact details.' },
          respondents: { type: 'array', items: ref('Respondent'), description: 'The persons complained about (from intake or added by the secretary).' },
          representatives: { type: 'array', items: ref('Representative') },
          lateFiling: { type: 'boolean', description: 'Filed more than a year after the facts (flagged at intake); the admissibility decision must then say whether the lateness is excused.' },
          filingTermEnd: nullable('string'),
          lateFilingDecision: ref('LateFilingDecision'),
          workflow: { type: 'object', properties: { complaint: ref('CaseState'), hearing: { type: 'object' }, compliance: { type: 'object' } } },
          timeline: { type: 'array', items: ref('TimelineEntry') },
          letters: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'kind', 'to', 'subject', 'status', 'templateVersion', 'createdAt'],
              properties: { id: { type: 'string' }, kind: { type: 'string' }, to: { type: 'string' }, subject: { type: 'string' }, status: { type: 'string' }, templateVersion: { type: 'integer' }, createdAt: DATETIME },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      ActionResult: { type: 'object', description: 'The state of the workflow that took the action (CaseState, or the hearing or compliance view).', required: ['caseNumber', 'status', 'allowedActions'] },
      SchoolLinkRequest: {
        type: 'object',
        properties: { expiresInDays: { type: 'integer', minimum: 1, maximum: MAX_LINK_DAYS, description: 'Days the link stays valid; when absent, until the case is closed.' } },
        additionalProperties: false,
      },
      SchoolLink: {
        type: 'object',
        required: ['url', 'linkId', 'expiresAt', 'revokedPrevious'],
        properties: {
          url: { type: 'string', format: 'uri', description: 'Shown once: only its hash is stored.' },
          linkId: { type: 'string' },
          expiresAt: { type: ['string', 'null'], format: 'date-time', description: 'Null: the link holds until the case is closed.' },
          revokedPrevious: { type: 'integer', minimum: 0, description: 'How many earlier links of this case were revoked.' },
        },
        additionalProperties: false,
      },
      Deadline: {
        type: 'object',
        required: ['due', 'provisional', 'calendarVersion', 'trace', 'explanation'],
        properties: { due: nullable('string'), provisional: { type: 'boolean' }, calendarVersion: { type: 'string' }, trace: { type: 'array' }, explanation: { type: 'object', required: ['nl', 'en'] } },
        additionalProperties: false,
      },
      Probe: { type: 'object', required: ['ok', 'latencyMs'], properties: { ok: { type: 'boolean' }, latencyMs: { type: 'number' }, error: { type: 'string' } }, additionalProperties: false },
      Health: {
        type: 'object',
        description: 'Anonymous callers get the status only; the probes (with their errors) need a staff API token.',
        required: ['status'],
        properties: { status: { enum: ['ok', 'unavailable'] }, postgres: ref('Probe'), temporal: ref('Probe') },
        additionalProperties: false,
      },
    },
  },
  paths: {
    '/api/complaints': {
      post: {
        summary: 'File a complaint (the public intake contract). Anonymous filing is rate-limited per client; a staff API token (secretary, chair, member) is not.',
        security: [{}, { bearer: [] }],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,200}$' } }],
        requestBody: { required: true, content: { 'application/json': { schema: ref('ComplaintInput') } } },
        responses: {
          201: json(ref('ComplaintFiled'), 'Filed: case number and access code (shown once).'),
          200: json(ref('ComplaintFiled'), 'A retry with the same Idempotency-Key: the same case and code.'),
          400: errors400,
          401: unauthorized,
          422: json(ref('ValidationErrors'), 'The Idempotency-Key was used for a different complaint.'),
          429: tooMany,
        },
      },
    },
    '/api/complaints/access-code-requests': {
      post: {
        summary: 'A complainant who lost the access code asks for a new one: it is mailed to the address on file (for a minor: the parent or guardian), and the old code stops working. The answer is the same whether the case exists or not. Rate-limited per client (5 an hour) and per case number (3 a day).',
        security: [{}],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['caseNumber'], properties: { caseNumber: { type: 'string', maxLength: 20, examples: ['2026-000123'] } } } } },
        },
        responses: {
          202: json({ type: 'object', required: ['message'], properties: { message: { type: 'string' } }, additionalProperties: false }, 'Taken: the same answer for every case number.'),
          400: errors400,
          429: tooMany,
        },
      },
    },
    '/api/complaints/{caseNumber}': {
      get: {
        summary: 'The complainant reads the case with the access code.',
        security: [{ accessCode: [] }],
        parameters: [caseNumberParam, langParam],
        responses: { 200: json(ref('ComplaintView'), 'The case as the complainant’s portal page shows it. Cache-Control: no-store.'), 404: notFound, 429: tooMany },
      },
    },
    '/api/complaints/{caseNumber}/actions/{action}': {
      post: {
        summary: 'The complainant takes an action (e.g. withdraw, submitReply).',
        security: [{ accessCode: [] }],
        parameters: [caseNumberParam, actionParam, langQuery],
        requestBody: actionBody,
        responses: { 200: json(ref('ActionResult'), 'Accepted.'), 400: actionBadRequest, 403: actionRefused, 404: notFound, 409: actionRefused, 429: tooMany },
        'x-actions': actionsOperation('complainant'),
      },
    },
    '/api/cases': {
      get: {
        summary: 'List cases (staff).',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'status', in: 'query', schema: ref('Status') },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'after', in: 'query', schema: CASE_NUMBER },
        ],
        responses: { 200: json(ref('CaseList'), 'One page of cases, by case number.'), 400: errors400, 401: unauthorized, 404: notFound },
      },
    },
    '/api/cases/{caseNumber}': {
      get: {
        summary: 'A case with its live workflow state (staff); a school gets only its own cases, as its portal page shows them (ComplaintView).',
        security: [{ bearer: [] }],
        parameters: [caseNumberParam, langParam],
        responses: { 200: json({ oneOf: [ref('CaseDetail'), ref('ComplaintView')] }, 'The case (staff: CaseDetail; school: ComplaintView). Cache-Control: no-store.'), 401: unauthorized, 404: notFound },
      },
    },
    '/api/cases/{caseNumber}/actions/{action}': {
      post: {
        summary: 'Take an action on the case; the workflow’s validator decides whether it is allowed now.',
        security: [{ bearer: [] }],
        parameters: [caseNumberParam, actionParam, langQuery],
        requestBody: actionBody,
        responses: { 200: json(ref('ActionResult'), 'Accepted.'), 400: actionBadRequest, 401: unauthorized, 403: actionRefused, 404: notFound, 409: actionRefused },
        'x-actions': actionsOperation(),
      },
    },
    '/api/cases/{caseNumber}/school-links': {
      post: {
        summary: 'Issue the school board’s secure link to this case (secretary). Revokes earlier links; the URL is shown once.',
        security: [{ bearer: [] }],
        parameters: [caseNumberParam],
        requestBody: { required: false, content: { 'application/json': { schema: ref('SchoolLinkRequest') } } },
        responses: { 201: json(ref('SchoolLink'), 'Issued.'), 400: errors400, 401: unauthorized, 403: refused, 404: notFound },
      },
    },
    '/api/cases/{caseNumber}/calendar-release': {
      post: {
        summary: 'Apply another calendar release to the running terms of this case (chair). Answers the terms it moved.',
        security: [{ bearer: [] }],
        parameters: [caseNumberParam],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['version'], properties: { version: { type: 'string' } } } } } },
        responses: { 200: json(ref('CaseCalendarChanges'), 'Applied.'), 400: errors400, 401: unauthorized, 403: refused, 404: notFound, 409: refused },
      },
    },
    '/api/calendar/releases': {
      get: {
        summary: 'The calendar releases and the one new cases are pinned to (secretary, chair).',
        security: [{ bearer: [] }],
        responses: { 200: json(ref('CalendarReleases'), 'The releases.'), 401: unauthorized, 404: notFound },
      },
    },
    '/api/calendar/changes': {
      get: {
        summary: 'Open cases on another calendar release, each with the running terms the given release (default: the current) would move (secretary, chair).',
        security: [{ bearer: [] }],
        parameters: [{ name: 'version', in: 'query', schema: { type: 'string' } }],
        responses: { 200: json({ type: 'object', required: ['version', 'cases'], properties: { version: { type: 'string' }, cases: { type: 'array', items: ref('CaseCalendarChanges') } } }, 'The cases and their changes.'), 400: errors400, 401: unauthorized, 404: notFound },
      },
    },
    '/api/deadlines': {
      get: {
        summary: 'Compute a legal term (Algemene termijnenwet, holidays), with a Dutch and English explanation.',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: DATE },
          { name: 'days', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'weeks', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'months', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'working-days', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'atw', in: 'query', schema: { type: 'boolean' } },
          { name: 'direction', in: 'query', schema: { enum: ['forward', 'backward'] } },
          { name: 'region', in: 'query', schema: { enum: ['noord', 'midden', 'zuid'] } },
        ],
        responses: { 200: json(ref('Deadline'), 'The due date and how it was computed.'), 400: errors400 },
      },
    },
    '/api/register/schools': {
      get: {
        summary: 'Find open schools in the register (DUO) by name, place or BRIN code: every word must match. At most 20; `more` says there are others.',
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 2, maxLength: 100 } }],
        responses: {
          200: json(
            {
              type: 'object',
              required: ['schools', 'more'],
              additionalProperties: false,
              properties: {
                more: { type: 'boolean' },
                schools: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['brin', 'name', 'place', 'sector', 'board'],
                    additionalProperties: false,
                    properties: {
                      brin: { type: 'string' },
                      name: { type: 'string' },
                      place: nullable('string'),
                      sector: { enum: [...SECTORS, null] },
                      board: { type: 'object', required: ['number', 'name', 'affiliatedSince'], additionalProperties: false, properties: { number: nullable('string'), name: { type: 'string' }, affiliatedSince: { oneOf: [DATE, { type: 'null' }] } } },
                    },
                  },
                },
              },
            },
            'The schools found.',
          ),
          400: errors400,
        },
      },
    },
    '/health': {
      get: {
        summary: 'Whether PostgreSQL and Temporal answer. The details only with a staff API token (optional bearer).',
        security: [{}, { bearer: [] }],
        responses: { 200: json(ref('Health'), 'Both answer.'), 503: json(ref('Health'), 'One or both do not (named).') },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'This document.', responses: { 200: { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
  },
} as const;
