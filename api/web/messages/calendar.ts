import type { Messages } from './types';

/** Texts of the console page on which the chair applies new calendar data to running cases. */
export const CALENDAR_MESSAGES = {
  'console.nav.calendar': { nl: 'Kalender', en: 'Calendar' },
  'calendar.title': { nl: 'Nieuwe kalendergegevens', en: 'New calendar data' },
  'calendar.intro': {
    nl: 'Een zaak berekent haar termijnen met de kalendergegevens (koninklijke besluiten onder art. 3 lid 3 Atw, schoolvakanties) die golden toen de klacht binnenkwam. Nieuwere gegevens gelden voor een lopende zaak pas als de voorzitter dat besluit; dit overzicht toont welke lopende termijnen daardoor verschuiven.',
    en: 'A case computes its terms with the calendar data (royal decrees under art. 3(3) Atw, school holidays) that applied when the complaint came in. Newer data applies to a running case only when the chair decides so; this list shows which running terms would move.',
  },
  'calendar.current': { nl: 'Nieuwste kalenderversie:', en: 'Newest calendar release:' },
  'calendar.caption': { nl: 'Open zaken op een oudere kalenderversie', en: 'Open cases on an older calendar release' },
  'calendar.col.case': { nl: 'Zaak', en: 'Case' },
  'calendar.col.version': { nl: 'Rekent nu met', en: 'Computes with' },
  'calendar.col.changes': { nl: 'Wat verschuift', en: 'What moves' },
  'calendar.change': { nl: '{label}: van {oldDue} naar {newDue}', en: '{label}: from {oldDue} to {newDue}' },
  'calendar.noChange': { nl: 'Geen lopende termijn verschuift.', en: 'No running term moves.' },
  'calendar.apply': { nl: 'Toepassen', en: 'Apply' },
  'calendar.apply.case': { nl: 'Toepassen op {caseNumber}', en: 'Apply to {caseNumber}' },
  'calendar.apply.all': { nl: 'Toepassen op alle {count} zaken', en: 'Apply to all {count} cases' },
  'calendar.chairOnly': { nl: 'Alleen de voorzitter kan nieuwe kalendergegevens op een lopende zaak toepassen.', en: 'Only the chair can apply new calendar data to a running case.' },
  'calendar.none': { nl: 'Alle open zaken rekenen al met de nieuwste kalenderversie.', en: 'All open cases already compute with the newest calendar release.' },
  'calendar.applied.one': { nl: 'De nieuwe kalendergegevens gelden nu voor 1 zaak.', en: 'The new calendar data now applies to 1 case.' },
  'calendar.applied.many': { nl: 'De nieuwe kalendergegevens gelden nu voor {count} zaken.', en: 'The new calendar data now applies to {count} cases.' },
  'calendar.failures': { nl: 'Niet overal toegepast', en: 'Not applied everywhere' },
  'calendar.back': { nl: 'Terug naar het overzicht', en: 'Back to the list' },
} satisfies Messages;
