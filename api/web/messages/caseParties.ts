import type { Messages } from './types';

/** Texts of the parties of a case (persons complained about, representatives) and the filing term. */
export const CASE_PARTY_MESSAGES: Messages = {
  'parties.title': { nl: 'Wie bij de zaak betrokken zijn', en: 'Who is involved in the case' },
  'parties.coComplainant': { nl: 'Mede-klager', en: 'Co-complainant' },
  'parties.respondents': { nl: 'Over wie de klacht gaat', en: 'Complained about' },
  'parties.respondentsNone': { nl: 'Nog niet bekend', en: 'Not known yet' },
  'parties.representatives': { nl: 'Vertegenwoordigers', en: 'Representatives' },
  'parties.byPost': { nl: 'brieven per post', en: 'letters by post' },
  'parties.forComplainant': { nl: 'voor {name}', en: 'for {name}' },
  'parties.keptInformed': { nl: 'ontvangt de brieven', en: 'receives the letters' },
  'parties.notKeptInformed': { nl: 'ontvangt geen brieven', en: 'receives no letters' },
  'parties.minor': { nl: 'minderjarig; brieven gaan naar de ouder of voogd', en: 'a minor; letters go to the parent or guardian' },
  'parties.relation.parent-or-guardian': { nl: 'ouder of voogd', en: 'parent or guardian' },
  'parties.relation.confidential-counsellor': { nl: 'vertrouwenspersoon', en: 'confidential counsellor' },
  'parties.relation.lawyer': { nl: 'advocaat', en: 'lawyer' },
  'parties.relation.other-authorised': { nl: 'gemachtigde', en: 'authorised representative' },
  'parties.role.teacher': { nl: 'leraar', en: 'teacher' },
  'parties.role.staff': { nl: 'medewerker', en: 'staff member' },
  'parties.role.management': { nl: 'schoolleiding', en: 'school management' },
  'parties.role.pupil': { nl: 'leerling', en: 'pupil' },
  'parties.role.other': { nl: 'anders', en: 'other' },
  'parties.lateFiling': { nl: 'Termijn van een jaar', en: 'One-year term' },
  'parties.lateFiling.late': {
    nl: 'Ingediend meer dan een jaar na de feiten (de termijn liep tot en met {date}). De beslissing over de ontvankelijkheid moet zeggen of dat verschoonbaar is.',
    en: 'Filed more than a year after the facts (the term ran until {date}). The admissibility decision must say whether that is excused.',
  },
  'parties.lateFiling.excused': { nl: 'Te laat ingediend; verschoonbaar geacht: {reason}', en: 'Filed late; excused: {reason}' },
  'parties.lateFiling.notExcused': { nl: 'Te laat ingediend; niet verschoonbaar: {reason}', en: 'Filed late; not excused: {reason}' },
  'parties.lateFiling.inTime': { nl: 'Binnen de termijn ingediend (tot en met {date}).', en: 'Filed within the term (until {date}).' },
  'event.respondent.added': { nl: 'Iemand over wie de klacht gaat is toegevoegd', en: 'A person complained about was added' },
  'event.complaint.late-filing-flagged': { nl: 'Klacht ingediend na de termijn van een jaar', en: 'Complaint filed after the one-year term' },
};
