/**
 * Who the parties of a case are, read from its stored complaint: the persons complained about and
 * the complainants' representatives, whichever intake version stored them (the first version kept
 * one `representative` with a free-text relation and, in tests of letters, one `respondent`).
 */
import type { CaseRespondent, ComplaintInput, RepresentativeRelation } from './intake';

/** A stored complaint, with the single respondent of the first letters tests. */
export type StoredComplaint = ComplaintInput & { respondent?: { name: string; email?: string; role?: string } };

export function respondentsOf(complaint: StoredComplaint): CaseRespondent[] {
  const legacy = complaint.respondent ? [{ name: complaint.respondent.name, role: 'other' as const, ...(complaint.respondent.email ? { email: complaint.respondent.email } : {}) }] : [];
  return [...legacy, ...(complaint.respondents ?? [])];
}

export interface RepresentativeView {
  name: string;
  /** One of REPRESENTATIVE_RELATIONS; free text for a representative of the first intake version. */
  relation: RepresentativeRelation | string | null;
  /** Whose representative: 1 is the complainant, 2 the first co-complainant… */
  forComplainant: number;
  email?: string;
  postalAddress?: string;
  phone?: string;
  keepInformed?: boolean;
}

export function representativesOf(complaint: StoredComplaint): RepresentativeView[] {
  const legacy = complaint.representative
    ? [{ name: complaint.representative.name, relation: complaint.representative.relation ?? null, forComplainant: 1, ...contact(complaint.representative) }]
    : [];
  const listed = (complaint.representatives ?? []).map((r) => ({
    name: r.name,
    relation: r.relation,
    forComplainant: r.forComplainant ?? 1,
    ...contact(r),
    ...(r.keepInformed !== undefined ? { keepInformed: r.keepInformed } : {}),
  }));
  return [...legacy, ...listed];
}

function contact(p: { email?: string; postalAddress?: string; phone?: string }) {
  return { ...(p.email ? { email: p.email } : {}), ...(p.postalAddress ? { postalAddress: p.postalAddress } : {}), ...(p.phone ? { phone: p.phone } : {}) };
}

/** What a party's page shows of the others: names and roles, never their contact details. */
export function partiesForParty(complaint: StoredComplaint) {
  return {
    respondents: respondentsOf(complaint).map((r) => ({ name: r.name, role: r.role })),
    representatives: representativesOf(complaint).map((r) => ({ name: r.name, relation: r.relation, forComplainant: r.forComplainant })),
  };
}
