/**
 * The intake web form: its steps and fields, how the flat form answers become the JSON body the
 * intake contract takes (so the form and POST /api/complaints share validateComplaint), and the
 * Dutch (or English) message for each of its field errors.
 */
import { COMPLAINANT_ROLES, COMPLAINT_CATEGORIES, REPRESENTATIVE_RELATIONS, RESPONDENT_ROLES, SECTORS, type FieldError } from '../../domain/intake';
import { messageKey, translate, type Lang } from './i18n';
import type { FieldSpec } from './forms';
import type { PolicyVersion } from '../../domain/policy';

export const INTAKE_STEPS: ReadonlyArray<{ titleKey: string; fields: FieldSpec[] }> = [
  {
    titleKey: 'intake.step1',
    fields: [
      { name: 'complainant.name', kind: 'text', labelKey: 'field.complainant.name', autocomplete: 'name' },
      { name: 'complainant.email', kind: 'email', labelKey: 'field.complainant.email', hintKey: 'field.complainant.email.hint', autocomplete: 'email' },
      { name: 'complainant.postalAddress', kind: 'textarea', labelKey: 'field.complainant.postalAddress', hintKey: 'field.postalAddress.hint', optional: true, rows: 3 },
      { name: 'complainant.phone', kind: 'tel', labelKey: 'field.complainant.phone', optional: true, autocomplete: 'tel' },
      { name: 'complainant.role', kind: 'radios', labelKey: 'field.complainant.role', options: COMPLAINANT_ROLES.map((r) => ({ value: r, labelKey: `role.${r}` })) },
      { name: 'complainant.minor', kind: 'radios', labelKey: 'field.complainant.minor', hintKey: 'field.complainant.minor.hint', optional: true, options: [{ value: 'yes', labelKey: 'common.yes' }, { value: 'no', labelKey: 'common.no' }] },
      { name: 'representative.name', kind: 'text', labelKey: 'field.representative.name', optional: true },
      { name: 'representative.relation', kind: 'radios', labelKey: 'field.representative.relation', optional: true, options: REPRESENTATIVE_RELATIONS.map((r) => ({ value: r, labelKey: `parties.relation.${r}` })) },
      { name: 'representative.email', kind: 'email', labelKey: 'field.representative.email', optional: true },
      { name: 'representative.postalAddress', kind: 'textarea', labelKey: 'field.representative.postalAddress', hintKey: 'field.postalAddress.hint', optional: true, rows: 3 },
      { name: 'representative.phone', kind: 'tel', labelKey: 'field.representative.phone', optional: true },
      { name: 'respondent.name', kind: 'text', labelKey: 'field.respondent.name', hintKey: 'field.respondent.name.hint', optional: true },
      { name: 'respondent.role', kind: 'radios', labelKey: 'field.respondent.role', optional: true, options: RESPONDENT_ROLES.map((r) => ({ value: r, labelKey: `parties.role.${r}` })) },
    ],
  },
  {
    titleKey: 'intake.step2',
    fields: [
      { name: 'school.name', kind: 'text', labelKey: 'field.school.name', autocomplete: 'organization' },
      { name: 'school.place', kind: 'text', labelKey: 'field.school.place', optional: true },
      { name: 'school.brin', kind: 'text', labelKey: 'field.school.brin', hintKey: 'field.school.brin.hint', optional: true },
      { name: 'school.sector', kind: 'radios', labelKey: 'field.school.sector', optional: true, options: [...SECTORS.map((s) => ({ value: s, labelKey: `sector.${s}` })), { value: '', labelKey: 'sector.unknown' }] },
    ],
  },
  {
    titleKey: 'intake.step3',
    fields: [
      { name: 'category', kind: 'radios', labelKey: 'field.category', options: COMPLAINT_CATEGORIES.map((c) => ({ value: c, labelKey: `category.${c}` })) },
      { name: 'discriminationGround', kind: 'radios', labelKey: 'field.discriminationGround', hintKey: 'field.discriminationGround.hint', optional: true, options: [] },
      { name: 'description', kind: 'textarea', labelKey: 'field.description', hintKey: 'field.description.hint', rows: 10 },
      { name: 'occurredOn', kind: 'text', labelKey: 'field.occurredOn', hintKey: 'field.occurredOn.hint', inputmode: 'numeric' },
      { name: 'raisedWithSchool', kind: 'radios', labelKey: 'field.raisedWithSchool', options: [{ value: 'yes', labelKey: 'common.yes' }, { value: 'no', labelKey: 'common.no' }] },
      { name: 'notRaisedReason', kind: 'textarea', labelKey: 'field.notRaisedReason', hintKey: 'field.notRaisedReason.hint', optional: true, rows: 4 },
      { name: 'language', kind: 'radios', labelKey: 'field.language', options: [{ value: 'nl', labelKey: 'language.nl' }, { value: 'en', labelKey: 'language.en' }] },
    ],
  },
];

export const ALL_INTAKE_FIELDS = INTAKE_STEPS.flatMap((s) => s.fields.map((f) => f.name));

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The choices the policy version valid today offers (issue 13): its categories, grounds and
 * sectors, in the page's language. Other fields are returned as they are.
 */
export function withPolicyOptions(spec: FieldSpec, policy: Pick<PolicyVersion, 'categories' | 'grounds' | 'sectors'>, lang: Lang): FieldSpec {
  if (spec.name === 'category') return { ...spec, options: policy.categories.map((c) => ({ value: c.key, label: capitalised(c.label[lang]) })) };
  if (spec.name === 'discriminationGround') return { ...spec, options: policy.grounds.map((g) => ({ value: g.key, label: capitalised(g.label[lang]) })) };
  if (spec.name === 'school.sector') return { ...spec, options: [...policy.sectors.map((s) => ({ value: s.key, label: s.label[lang] })), { value: '', labelKey: 'sector.unknown' }] };
  return spec;
}

/** Keeps only the form's own fields, as trimmed strings of a sane length. */
export function pickIntakeFields(body: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = body[name];
    if (typeof v === 'string') out[name] = v.slice(0, 25_000);
  }
  return out;
}

/** "1-10-2026", "01-10-2026", "1/10/2026" and "2026-10-01" all mean 1 October 2026. */
export function parseDutchDate(text: string): string {
  const t = text.trim();
  const dmy = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(t);
  if (dmy) return `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
  return t;
}

export function isoToDutch(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** The JSON body of the intake contract, from the form's flat answers. */
export function toComplaintBody(f: Record<string, string>): Record<string, unknown> {
  const v = (name: string) => (f[name]?.trim() ? f[name].trim() : undefined);
  const hasRep = ['representative.name', 'representative.email', 'representative.phone', 'representative.relation', 'representative.postalAddress'].some((n) => v(n));
  const hasRespondent = ['respondent.name', 'respondent.role'].some((n) => v(n));
  const minor = f['complainant.minor'] === 'yes';
  return {
    complainant: { name: v('complainant.name'), email: v('complainant.email'), postalAddress: v('complainant.postalAddress'), phone: v('complainant.phone'), role: v('complainant.role'), ...(minor ? { minor } : {}) },
    ...(hasRep
      ? { representatives: [{ name: v('representative.name'), email: v('representative.email'), postalAddress: v('representative.postalAddress'), phone: v('representative.phone'), relation: v('representative.relation') }] }
      : {}),
    ...(hasRespondent ? { respondents: [{ name: v('respondent.name'), role: v('respondent.role') }] } : {}),
    school: { name: v('school.name'), brin: v('school.brin')?.toUpperCase(), place: v('school.place'), sector: v('school.sector') },
    category: v('category'),
    ...(v('discriminationGround') ? { discriminationGround: v('discriminationGround') } : {}),
    description: v('description'),
    occurredOn: v('occurredOn') === undefined ? undefined : parseDutchDate(v('occurredOn')!),
    raisedWithSchool: f.raisedWithSchool === 'yes' ? true : f.raisedWithSchool === 'no' ? false : undefined,
    notRaisedReason: v('notRaisedReason'),
    language: v('language'),
  };
}

const REQUIRED: Record<string, { nl: string; en: string }> = {
  'complainant.name': { nl: 'Vul uw naam in.', en: 'Enter your name.' },
  'complainant.email': { nl: 'Vul uw e-mailadres in, of uw postadres als u geen e-mail heeft.', en: 'Enter your e-mail address, or your postal address if you have no e-mail.' },
  'representative.relation': { nl: 'Kies hoe de vertegenwoordiger bij u hoort.', en: 'Choose how the representative relates to you.' },
  'respondent.name': { nl: 'Vul de naam in van wie de klacht gaat, of laat beide velden leeg.', en: 'Enter the name of the person complained about, or leave both fields empty.' },
  'respondent.role': { nl: 'Kies wat deze persoon op school is.', en: 'Choose what this person is at the school.' },
  'complainant.role': { nl: 'Kies wie u bent.', en: 'Choose who you are.' },
  'representative.name': { nl: 'Vul de naam van de vertegenwoordiger in.', en: 'Enter the representative’s name.' },
  'representative.email': { nl: 'Vul het e-mailadres of het postadres van de vertegenwoordiger in.', en: 'Enter the representative’s e-mail or postal address.' },
  'school.name': { nl: 'Vul de naam van de school in.', en: 'Enter the name of the school.' },
  'school.brin': { nl: 'Vul de BRIN-code van de school in.', en: 'Enter the school code (BRIN).' },
  category: { nl: 'Kies waar uw klacht over gaat.', en: 'Choose what your complaint is about.' },
  description: { nl: 'Beschrijf wat er is gebeurd.', en: 'Describe what happened.' },
  occurredOn: { nl: 'Vul de datum in waarop het gebeurde.', en: 'Enter the date it happened.' },
  raisedWithSchool: { nl: 'Geef aan of u de klacht eerst met de school heeft besproken.', en: 'Say whether you raised the complaint with the school first.' },
  language: { nl: 'Kies de taal van de brieven.', en: 'Choose the language of the letters.' },
};

/** The form field of an error of the intake contract: the form has one representative and one respondent. */
export function formFieldOf(field: string): string {
  return field.replace(/^representatives\[0\]\./, 'representative.').replace(/^respondents\[0\]\./, 'respondent.');
}

/** The message a person reads for one of validateComplaint's field errors. */
export function intakeMessage(lang: Lang, e: FieldError): string {
  const m = e.message;
  const say = (nl: string, en: string) => (lang === 'en' ? en : nl);
  if (m.startsWith('is required')) return REQUIRED[e.field]?.[lang] ?? say('Vul dit veld in.', 'Fill in this field.');
  if (m === 'must be an e-mail address') return say('Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.', 'Enter a valid e-mail address, like name@example.com.');
  if (m.startsWith('must be a phone number')) return say('Vul een geldig telefoonnummer in, zoals 06 12345678.', 'Enter a valid phone number, like +31 6 12345678.');
  if (m.startsWith('must be a BRIN code')) return say('Een BRIN-code bestaat uit twee cijfers en twee letters of cijfers, zoals 12AB.', 'A school code (BRIN) is two digits and two letters or digits, like 12AB.');
  const min = /^must be at least (\d+) characters$/.exec(m);
  if (min) return e.field === 'description' ? say(`Beschrijf wat er is gebeurd in minstens ${min[1]} tekens.`, `Describe what happened in at least ${min[1]} characters.`) : say(`Gebruik minstens ${min[1]} tekens.`, `Use at least ${min[1]} characters.`);
  const max = /^must be at most (\d+) characters$/.exec(m);
  if (max) return say(`Gebruik hoogstens ${max[1]} tekens.`, `Use at most ${max[1]} characters.`);
  if (m === 'must be a date as YYYY-MM-DD') return say('Vul een bestaande datum in, zoals 01-10-2026.', 'Enter a real date, like 01-10-2026.');
  if (m.startsWith('must be 2 to 6 lines')) return say('Vul een postadres in op twee tot zes regels: straat en huisnummer, postcode en plaats.', 'Enter a postal address on two to six lines: street and number, postcode and place.');
  if (m.startsWith('a minor complainant needs')) return say('Vul bij een minderjarige klager een ouder of voogd in als vertegenwoordiger.', 'For a minor complainant, enter a parent or guardian as representative.');
  if (m === 'cannot be in the future') return say('De datum kan niet in de toekomst liggen.', 'The date cannot be in the future.');
  if (m.startsWith('must be one of')) return say('Kies een van de mogelijkheden.', 'Choose one of the options.');
  if (m.startsWith('is only given for a category')) return say('Een grond van discriminatie geeft u alleen op bij een klacht over discriminatie.', 'Give a ground of discrimination only for a complaint about discrimination.');
  return translate(lang, messageKey(m));
}
