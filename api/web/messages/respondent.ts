import type { Messages } from './types';

/** Texts of the page of a person complained about (/betrokkene) and the console's link for them. */
export const RESPONDENT_MESSAGES = {
  'respondent.title': { nl: 'Klacht {caseNumber} — over u', en: 'Complaint {caseNumber} — about you' },
  'respondent.youAre': {
    nl: 'U bent degene over wie geklaagd is (de verweerder) in deze zaak. Op deze pagina ziet u wat de commissie u over de klacht laat weten, en u kunt er schriftelijk op reageren.',
    en: 'You are the person complained about (the respondent) in this case. This page shows what the committee tells you about the complaint, and you can answer it in writing.',
  },
  'respondent.intro': {
    nl: 'U bekijkt deze zaak met de persoonlijke link uit de brief van de commissie. Deel deze link niet.',
    en: 'You are viewing this case through the personal link in the committee’s letter. Do not share it.',
  },
  'respondent.linkInvalid': {
    nl: 'Deze link werkt niet (meer). Vraag het secretariaat om een nieuwe link.',
    en: 'This link does not work (any more). Ask the secretariat for a new link.',
  },
  'respondent.statementTitle': { nl: 'Uw schriftelijke reactie (verweer)', en: 'Your written statement (defence)' },
  'respondent.statementIntro': {
    nl: 'U mag schriftelijk op de klacht reageren. Typ uw reactie of voeg een bestand toe. Uw reactie gaat naar de commissie en het panel van de hoorzitting, en de klager krijgt er een afschrift van, net als van het verweer van het bevoegd gezag.',
    en: 'You may answer the complaint in writing. Type your statement or add a file. It goes to the committee and the hearing panel, and the complainant receives a copy, as of the school board’s defence.',
  },
  'respondent.statementText': { nl: 'Uw reactie', en: 'Your statement' },
  'respondent.statementFiles': { nl: 'Bestanden (niet verplicht)', en: 'Files (optional)' },
  'respondent.statementSend': { nl: 'Reactie versturen', en: 'Send statement' },
  'respondent.statementRequired': { nl: 'Typ uw reactie of voeg een bestand toe.', en: 'Type your statement or add a file.' },
  'respondent.statementReceived': { nl: 'Uw schriftelijke reactie is ontvangen.', en: 'Your written statement has been received.' },
  'respondent.statementNotNow': {
    nl: 'Een schriftelijke reactie kan alleen zolang de termijn voor het verweer loopt.',
    en: 'A written statement can be sent only while the term for the defence runs.',
  },
  'respondent.statementDefaultText': { nl: 'Reactie bijgevoegd als document.', en: 'Statement attached as a document.' },
  'respondent.hearingOn': { nl: 'De hoorzitting is op {date} om {time}, {location}. U bent daarvoor uitgenodigd.', en: 'The hearing is on {date} at {time}, {location}. You are invited.' },
  'respondent.letters': { nl: 'Brieven aan u', en: 'Letters to you' },
  'respondent.lettersHint': {
    nl: 'Hier staan de kennisgeving van de klacht, de uitnodiging voor de hoorzitting en het advies zodra de commissie ze u stuurt.',
    en: 'Here you find the notice of the complaint, the invitation to the hearing and the advice once the committee sends them to you.',
  },
  'respondent.backToCase': { nl: 'Terug naar de zaak', en: 'Back to the case' },
  'task.respondent-statement': {
    nl: 'U heeft tot en met {date} om schriftelijk op de klacht te reageren. Dat hoeft niet: zonder reactie gaat de procedure verder.',
    en: 'You have until {date} to answer the complaint in writing. You need not: without a statement the procedure goes on.',
  },
  'task.respondent-statement.open': { nl: 'U kunt schriftelijk op de klacht reageren.', en: 'You can answer the complaint in writing.' },
  'event.respondent.statement-received': { nl: 'Schriftelijke reactie ontvangen van iemand over wie geklaagd is', en: 'Written statement received from a person complained about' },
  'console.event.respondent-link.issued': { nl: 'Persoonlijke link voor iemand over wie geklaagd is uitgegeven', en: 'Personal link issued to a person complained about' },
  'console.event.respondent-link.revoked': { nl: 'Persoonlijke link van iemand over wie geklaagd is ingetrokken', en: 'Personal link of a person complained about revoked' },
  'console.respondentLink.title': { nl: 'Nieuwe persoonlijke link voor {name}', en: 'New personal link for {name}' },
  'console.respondentLink.intro': {
    nl: 'De vorige link van deze persoon werkt daarna niet meer. De nieuwe link gaat per e-mail naar het adres dat bij de zaak bekend is; zonder e-mailadres ziet u hem hier, om per post te sturen.',
    en: 'This person’s previous link stops working. The new link is e-mailed to the address on file; without an e-mail address you see it here, to send by post.',
  },
  'console.respondentLink.confirm': { nl: 'Nieuwe link maken en versturen', en: 'Make and send a new link' },
  'console.respondentLink.issuedTitle': { nl: 'Nieuwe link gemaakt', en: 'New link made' },
  'console.respondentLink.mailed': { nl: 'De link is per e-mail verstuurd naar {address}.', en: 'The link was e-mailed to {address}.' },
  'console.respondentLink.byPost': { nl: 'Geen e-mailadres bekend: stuur deze link per post.', en: 'No e-mail address on file: send this link by post.' },
  'console.respondentLink.revokeTitle': { nl: 'Link van {name} intrekken', en: 'Revoke the link of {name}' },
  'console.respondentLink.revokeIntro': { nl: 'De link werkt daarna direct niet meer, ook niet in een geopende sessie.', en: 'The link stops working at once, in an open session too.' },
  'console.respondentLink.revokeConfirm': { nl: 'Link intrekken', en: 'Revoke the link' },
  'console.respondentLink.mail.subject': { nl: 'Uw persoonlijke link voor klacht {caseNumber}', en: 'Your personal link for complaint {caseNumber}' },
  'console.respondentLink.mail.text': {
    nl: 'Beste {name},\n\nHet secretariaat van de Landelijke Klachtencommissie Onderwijs stuurt u een nieuwe persoonlijke link voor klacht {caseNumber}. Daarmee ziet u de klacht, de brieven aan u en de termijnen, en kunt u schriftelijk reageren:\n\n{url}\n\nDe vorige link werkt niet meer. Deel deze link niet.',
    en: 'Dear {name},\n\nThe secretariat of the National Complaints Committee for Education sends you a new personal link for complaint {caseNumber}. With it you see the complaint, the letters to you and the terms, and you can answer in writing:\n\n{url}\n\nThe previous link no longer works. Do not share this link.',
  },
  'console.respondentLink.label': { nl: 'Persoonlijke link', en: 'Personal link' },
  'console.respondentLink.active': { nl: 'actief sinds {date}', en: 'active since {date}' },
  'console.respondentLink.none': { nl: 'geen actieve link', en: 'no active link' },
  'console.respondentLink.send': { nl: 'Nieuwe link sturen', en: 'Send a new link' },
  'console.respondentLink.revoke': { nl: 'Intrekken', en: 'Revoke' },
} satisfies Messages;
