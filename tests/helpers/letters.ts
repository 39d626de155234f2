/** Letters as the procedure writes them, for tests: sample details per kind and fixed snapshots. */
import type { LetterDetails, PanelAddressees } from '../../domain/letterDetails';
import { LETTER_KINDS, type LetterKind } from '../../domain/letterKinds';
import { addresseesOf, buildLetterSnapshot, type Addressee, type AddresseeContext, type Language, type LetterSnapshot } from '../../domain/letters';
import { INSPECTORATE } from '../../domain/committee';
import { sampleComplaint } from './fixtures';

export const ALL_KINDS = Object.keys(LETTER_KINDS) as LetterKind[];

const PANEL = [
  { name: 'mr. drs. J.A. van Dijk', role: 'chair' as const, email: 'j.vandijk@panel.example.nl' },
  { name: 'mw. dr. S. Bakker', role: 'member' as const, email: 's.bakker@panel.example.nl' },
  { name: 'dhr. P. de Groot', role: 'member' as const, email: 'p.degroot@panel.example.nl' },
];

export const SAMPLE_DETAILS: { [K in LetterKind]: LetterDetails<K> & PanelAddressees } = {
  ontvangstbevestiging: {},
  'verzoek-om-aanvulling': { missing: ['de naam van de groepsleerkracht', 'een kopie van uw e-mail aan de directeur van 3 oktober'] },
  'beslissing-niet-ontvankelijk': {
    reasons: 'De klacht gaat over gedragingen in schooljaar 2024-2025 en is ingediend op 20 november 2026, ruim een jaar later.\n\nEr zijn geen redenen aangevoerd waarom de klacht niet eerder kon worden ingediend.',
    decidedBy: 'chair',
    objectionPossible: true,
  },
  'beslissing-ontvankelijk': {},
  terugverwijzing: {},
  'uitnodiging-bemiddeling': { mediator: 'mw. L. Visser' },
  'bevestiging-schikking': { summary: 'De school stelt vóór 1 februari 2027 een pestprotocol op en bespreekt dit met de ouders.\n\nDe klager trekt de klacht in.' },
  'kennisgeving-klacht': { complaintText: 'Mijn dochter wordt sinds september dagelijks gepest in de klas en op het plein.\nDe leerkracht grijpt niet in.', occurredOn: '2026-10-01' },
  'herinnering-verweer': {},
  'toezending-verweer': { replyRound: true },
  'toezending-reactie': {},
  'verzoek-beschikbaarheid': { candidateDates: ['2027-01-12', '2027-01-14', '2027-01-19'] },
  'uitnodiging-hoorzitting': {
    hearingDate: '2027-01-14',
    startTime: '13:30',
    location: 'Kantoor van de commissie, Catharijnesingel 60, Utrecht',
    videoLink: 'https://video.example.nl/zaak-2026-000042',
    panel: PANEL,
  },
  'bevestiging-uitstel': { requestedBy: 'het bevoegd gezag', reason: 'De directeur is op de geplande datum met verlof.', oldDate: '2027-01-14', newDate: '2027-01-28' },
  'verdaging-advies': { reason: 'De commissie wacht nog op aanvullende stukken van de school over het pestprotocol.' },
  'wijziging-termijn': { changes: [{ label: 'termijn voor het verweer', oldDate: '2027-03-15', newDate: '2027-03-16' }] },
  advies: {
    finding: 'deels-gegrond',
    reasons: 'De school heeft de meldingen van pesten geregistreerd maar niet opgevolgd.\n\nDe klacht over de communicatie met de ouders is niet aannemelijk geworden.',
    recommendations: 'Betrek de ouders bij de evaluatie van het pestprotocol.',
    binding: true,
    measures: [
      { id: 'M1', description: 'Stel een pestprotocol vast en maak het bekend aan ouders.', due: '2027-03-01' },
      { id: 'M2', description: 'Train de leerkrachten van groep 6 in het signaleren van pesten.', due: '2027-04-15' },
    ],
  },
  'doorzending-reactie-advies': { acceptsFinding: true, plan: 'Wij nemen het oordeel over.\n\nHet pestprotocol wordt vóór 1 maart 2027 vastgesteld en met de ouders besproken; de leerkrachten van groep 6 volgen in maart een training.' },
  'herinnering-reactie': {},
  'herinnering-naleving': { measures: [{ description: 'Stel een pestprotocol vast en maak het bekend aan ouders.', due: '2027-03-01' }] },
  'bevestiging-naleving': { measures: [{ description: 'Stel een pestprotocol vast en maak het bekend aan ouders.', verifiedOn: '2027-03-04' }] },
  'melding-niet-naleving': { measures: [{ description: 'Train de leerkrachten van groep 6 in het signaleren van pesten.', due: '2027-04-15', status: 'niet uitgevoerd; geen reactie op herinnering' }] },
  'kennisgeving-meldplicht': { category: 'seksuele intimidatie' },
  'melding-inspectie': { category: 'seksuele intimidatie', noticeSentOn: '2026-11-23', confirmationDue: '2026-11-30' },
  'melding-advies-onbeantwoord': { adviceSentOn: '2027-03-01', answerDue: '2027-03-29', remindedOn: '2027-03-30', graceDue: '2027-04-06' },
  'bevestiging-intrekking': { reason: 'Het probleem is in goed overleg met de school opgelost.' },
  afsluiting: { outcome: 'Het advies is nageleefd: de school heeft beide maatregelen uitgevoerd.' },
};

/** Whom each kind's golden file addresses: the main addressee of that letter (process.md, "Letters"). */
export const GOLDEN_ADDRESSEE: Record<LetterKind, 'complainant' | 'school-board' | 'inspectorate'> = {
  ontvangstbevestiging: 'complainant',
  'verzoek-om-aanvulling': 'complainant',
  'beslissing-niet-ontvankelijk': 'complainant',
  'beslissing-ontvankelijk': 'complainant',
  terugverwijzing: 'complainant',
  'uitnodiging-bemiddeling': 'complainant',
  'bevestiging-schikking': 'complainant',
  'kennisgeving-klacht': 'school-board',
  'herinnering-verweer': 'school-board',
  'toezending-verweer': 'complainant',
  'toezending-reactie': 'school-board',
  'verzoek-beschikbaarheid': 'complainant',
  'uitnodiging-hoorzitting': 'complainant',
  'bevestiging-uitstel': 'complainant',
  'verdaging-advies': 'complainant',
  'wijziging-termijn': 'school-board',
  advies: 'school-board',
  'doorzending-reactie-advies': 'complainant',
  'herinnering-reactie': 'school-board',
  'herinnering-naleving': 'school-board',
  'bevestiging-naleving': 'complainant',
  'melding-niet-naleving': 'inspectorate',
  'kennisgeving-meldplicht': 'school-board',
  'melding-inspectie': 'inspectorate',
  'melding-advies-onbeantwoord': 'inspectorate',
  'bevestiging-intrekking': 'complainant',
  afsluiting: 'complainant',
};

export const SCHOOL_BOARD = { boardName: 'Stichting Openbaar Onderwijs De Linde', email: 'bestuur@delinde.example.nl', postalAddress: 'Postbus 123\n3500 AA Utrecht' };

export function addresseeContext(overrides: Partial<AddresseeContext> = {}): AddresseeContext {
  return { complaint: sampleComplaint(), schoolBoard: SCHOOL_BOARD, inspectorate: INSPECTORATE, panel: PANEL, ...overrides };
}

export function goldenAddressee(kind: LetterKind, language: Language): Addressee {
  const ctx = addresseeContext();
  const role = GOLDEN_ADDRESSEE[kind];
  const group = role === 'complainant' ? 'complainant-side' : role === 'school-board' ? 'school-board' : 'inspectorate';
  return { ...addresseesOf(group, ctx)[0], language };
}

/** A fixed snapshot: the same input always, so golden files compare byte for byte. */
export function goldenSnapshot(kind: LetterKind, language: Language, subject: string, addressee = goldenAddressee(kind, language), complaint = sampleComplaint()): LetterSnapshot {
  return buildLetterSnapshot({
    caseNumber: '2026-000042',
    complaint: { ...complaint, language },
    receivedOn: '2026-11-20',
    letterDate: '2026-12-01',
    subject,
    addressee,
    term: {
      due: '2026-12-15',
      explanation: language === 'en' ? 'The term of 2 weeks runs from 2 December 2026 and ends on Tuesday 15 December 2026.' : 'De termijn van 2 weken loopt vanaf 2 december 2026 en eindigt op dinsdag 15 december 2026.',
    },
    kind,
    details: SAMPLE_DETAILS[kind],
  });
}
