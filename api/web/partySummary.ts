/**
 * The parties of a case as lines for a page (the console's case page, the parties' own pages): who
 * is complained about, who represents whom and in what relation, and the one-year filing term.
 * Staff see contact details and who gets letters by post; parties see names and roles.
 */
import type { Complainant } from '../../domain/intake';
import type { RepresentativeView } from '../../domain/parties';
import type { LateFilingView } from '../services/caseParties';
import { longDate } from '../../domain/calendar/words';
import { translate, translateKnown, type Lang } from './i18n';

export interface SummaryLine {
  label: string;
  text: string;
}

interface PartiesInput extends LateFilingView {
  complainants?: Complainant[];
  respondents: Array<{ name: string; role: string; email?: string; postalAddress?: string }>;
  representatives: Array<Pick<RepresentativeView, 'name' | 'relation' | 'forComplainant'> & Partial<RepresentativeView>>;
}

function contact(lang: Lang, p: { email?: string; postalAddress?: string }): string {
  if (p.email) return `, ${p.email}`;
  if (p.postalAddress) return `, ${p.postalAddress.replace(/\n/g, ', ')} (${translate(lang, 'parties.byPost')})`;
  return '';
}

/** The complainants' names in order: 1 is the complainant, 2 the first co-complainant… */
export function complainantNames(complaint: { complainant: { name: string }; coComplainants?: Array<{ name: string }> }): string[] {
  return [complaint.complainant.name, ...(complaint.coComplainants ?? []).map((c) => c.name)];
}

export function partySummary(lang: Lang, parties: PartiesInput, opts: { staff: boolean; complainantNames?: string[] }): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const names = opts.complainantNames ?? parties.complainants?.map((c) => c.name) ?? [];
  if (opts.staff) {
    parties.complainants?.forEach((c, i) => {
      if (i === 0 && !c.minor && c.email) return; // the complainant has its own line on the page
      const minor = c.minor ? ` (${translate(lang, 'parties.minor')})` : '';
      lines.push({ label: translate(lang, i === 0 ? 'console.case.complainant' : 'parties.coComplainant'), text: `${c.name}${contact(lang, c)}${minor}` });
    });
  }
  const reps = parties.representatives.map((r) => {
    const relation = r.relation ? (translateKnown(lang, `parties.relation.${r.relation}`) ?? r.relation) : null;
    const whose = names.length > 1 && names[r.forComplainant - 1] ? ` ${translate(lang, 'parties.forComplainant', { name: names[r.forComplainant - 1] })}` : '';
    const informed = opts.staff && r.relation === 'confidential-counsellor' ? `; ${translate(lang, r.keepInformed ? 'parties.keptInformed' : 'parties.notKeptInformed')}` : '';
    return `${r.name}${relation ? ` (${relation}${whose}${informed})` : ''}${opts.staff ? contact(lang, r) : ''}`;
  });
  if (reps.length) lines.push({ label: translate(lang, 'parties.representatives'), text: reps.join('; ') });
  const respondents = parties.respondents.map((r) => `${r.name} (${translateKnown(lang, `parties.role.${r.role}`) ?? r.role})${opts.staff ? contact(lang, r) : ''}`);
  lines.push({ label: translate(lang, 'parties.respondents'), text: respondents.length ? respondents.join('; ') : translate(lang, 'parties.respondentsNone') });
  if (parties.filingTermEnd) {
    // Written out like every date a party reads ("vrijdag 1 oktober 2027"), not as ISO.
    const date = longDate(parties.filingTermEnd, lang);
    const decision = parties.lateFilingDecision;
    const text = decision
      ? translate(lang, decision.excused ? 'parties.lateFiling.excused' : 'parties.lateFiling.notExcused', { reason: decision.reason })
      : translate(lang, parties.lateFiling ? 'parties.lateFiling.late' : 'parties.lateFiling.inTime', { date });
    lines.push({ label: translate(lang, 'parties.lateFiling'), text });
  }
  return lines;
}
