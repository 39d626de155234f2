/**
 * What the pages say, in Dutch (the default) and English. Formal "u" throughout. Keys are grouped
 * by page; `{name}` placeholders are filled by `translate`.
 */
export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];

import { CATEGORY_LABELS } from '../../domain/committee';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../domain/intake';
import { currentConfig } from '../../platform/config';
import { ADMIN_MESSAGES } from './messages/admin';
import { CONSOLE_MESSAGES } from './messages/console';
import { PARTY_MESSAGES } from './messages/parties';
import { STAFF_SECURITY_MESSAGES } from './messages/staffSecurity';
import { CALENDAR_MESSAGES } from './messages/calendar';
import { STAGE_MESSAGES } from './messages/stages';
import { CONSOLE_WORK_MESSAGES } from './messages/consoleWork';
import { REGISTER_MESSAGES } from './messages/register';
import { BOARD_MESSAGES } from './messages/boards';
import { STATISTICS_MESSAGES } from './messages/statistics';
import { PUBLICATION_MESSAGES } from './messages/publications';
import { CASE_PARTY_MESSAGES } from './messages/caseParties';
import { RESPONDENT_MESSAGES } from './messages/respondent';
import type { Message, Messages } from './messages/types';

/** The public pages' texts; each portal area keeps its own in messages/ and they are merged here. */
const CORE_MESSAGES = {
  'site.name': { nl: 'Landelijke Klachtencommissie Onderwijs', en: 'National Complaints Committee for Education' },
  'site.skip': { nl: 'Naar de inhoud', en: 'Skip to content' },
  'site.langSwitch': { nl: 'English', en: 'Nederlands' },
  'site.langSwitchLabel': { nl: 'Read this page in English', en: 'Lees deze pagina in het Nederlands' },
  'site.mainNav': { nl: 'Hoofdmenu', en: 'Main menu' },
  'nav.home': { nl: 'Home', en: 'Home' },
  'nav.file': { nl: 'Klacht indienen', en: 'File a complaint' },
  'nav.track': { nl: 'Mijn zaak', en: 'My case' },
  'nav.staff': { nl: 'Inloggen medewerkers', en: 'Staff login' },
  'site.footer': { nl: 'Vragen? Bel {phone} of mail {email}.', en: 'Questions? Call {phone} or e-mail {email}.' },
  'common.continue': { nl: 'Volgende stap', en: 'Next step' },
  'common.back': { nl: 'Vorige stap', en: 'Previous step' },
  'common.optional': { nl: '(niet verplicht)', en: '(optional)' },
  'common.yes': { nl: 'Ja', en: 'Yes' },
  'common.no': { nl: 'Nee', en: 'No' },
  'common.change': { nl: 'Wijzigen', en: 'Change' },
  'common.logout': { nl: 'Uitloggen', en: 'Log out' },
  'common.errorSummary': { nl: 'Er is een probleem', en: 'There is a problem' },
  'common.errorPrefix': { nl: 'Fout:', en: 'Error:' },
  'common.stepOf': { nl: 'Stap {step} van {total}', en: 'Step {step} of {total}' },
  'common.none': { nl: 'Nog niets.', en: 'Nothing yet.' },
  'common.bytes': { nl: '{kb} kB', en: '{kb} kB' },

  'home.title': { nl: 'Een klacht over uw school', en: 'A complaint about your school' },
  'home.intro': {
    nl: 'Bent u, of is uw kind, op school gepest, gediscrimineerd, bedreigd of seksueel geïntimideerd, en komt u er met de school niet uit? Dan kunt u een klacht indienen bij de Landelijke Klachtencommissie Onderwijs.',
    en: 'Have you or your child been bullied, discriminated against, threatened or sexually harassed at school, and could the school not resolve it? Then you can file a complaint with the National Complaints Committee for Education.',
  },
  'home.fileTitle': { nl: 'Klacht indienen', en: 'File a complaint' },
  'home.fileText': { nl: 'Het invullen duurt ongeveer 10 minuten. U krijgt direct een zaaknummer en een toegangscode.', en: 'It takes about 10 minutes. You get a case number and an access code straight away.' },
  'home.fileButton': { nl: 'Start met uw klacht', en: 'Start your complaint' },
  'home.trackTitle': { nl: 'Uw zaak volgen', en: 'Follow your case' },
  'home.trackText': { nl: 'Met uw zaaknummer en toegangscode ziet u hoe het met uw klacht staat.', en: 'With your case number and access code you can see how your complaint is progressing.' },
  'home.trackButton': { nl: 'Naar mijn zaak', en: 'Go to my case' },

  'intake.title': { nl: 'Klacht indienen', en: 'File a complaint' },
  'intake.step1': { nl: 'Over u', en: 'About you' },
  'intake.step2': { nl: 'Over de school', en: 'About the school' },
  'intake.step3': { nl: 'Wat is er gebeurd', en: 'What happened' },
  'intake.step4': { nl: 'Controleer uw klacht', en: 'Check your complaint' },
  'intake.complainantLegend': { nl: 'Uw gegevens', en: 'Your details' },
  'intake.representativeLegend': { nl: 'Dient u de klacht in voor iemand anders, of helpt iemand u? Vul dan hier de gegevens van de vertegenwoordiger in.', en: 'Are you filing for someone else, or is someone helping you? Then enter the representative’s details here.' },
  'field.complainant.name': { nl: 'Uw naam', en: 'Your name' },
  'field.complainant.email': { nl: 'Uw e-mailadres', en: 'Your e-mail address' },
  'field.complainant.email.hint': { nl: 'Hierop ontvangt u de brieven over uw klacht.', en: 'We send the letters about your complaint here.' },
  'field.complainant.phone': { nl: 'Uw telefoonnummer', en: 'Your phone number' },
  'field.complainant.role': { nl: 'U bent', en: 'You are' },
  'role.pupil': { nl: 'leerling of student', en: 'a pupil or student' },
  'role.parent': { nl: 'ouder of verzorger', en: 'a parent or guardian' },
  'role.staff': { nl: 'medewerker van de school', en: 'a member of staff' },
  'role.other': { nl: 'iemand anders', en: 'someone else' },
  'field.representative.name': { nl: 'Naam vertegenwoordiger', en: 'Representative’s name' },
  'field.representative.email': { nl: 'E-mailadres vertegenwoordiger', en: 'Representative’s e-mail address' },
  'field.representative.phone': { nl: 'Telefoonnummer vertegenwoordiger', en: 'Representative’s phone number' },
  'field.representative.relation': { nl: 'Relatie tot u', en: 'Relation to you' },
  'field.representative.relation.hint': { nl: 'Bijvoorbeeld ouder, advocaat of vertrouwenspersoon.', en: 'For example parent, lawyer or confidential counsellor.' },
  'field.school.name': { nl: 'Naam van de school', en: 'Name of the school' },
  'field.school.brin': { nl: 'BRIN-code van de school', en: 'School code (BRIN)' },
  'field.school.brin.hint': { nl: 'Vier tekens, bijvoorbeeld 12AB. U vindt de code op de website van de school of van DUO.', en: 'Four characters, for example 12AB. You find it on the school’s website or at DUO.' },
  'field.school.sector': { nl: 'Soort onderwijs', en: 'Type of education' },
  'sector.primary': { nl: 'basisonderwijs', en: 'primary education' },
  'sector.secondary': { nl: 'voortgezet onderwijs', en: 'secondary education' },
  'sector.vocational': { nl: 'middelbaar beroepsonderwijs', en: 'vocational education' },
  'sector.special': { nl: 'speciaal onderwijs', en: 'special education' },
  'sector.unknown': { nl: 'weet ik niet', en: 'I do not know' },
  'field.category': { nl: 'Waar gaat uw klacht over?', en: 'What is your complaint about?' },
  'field.discriminationGround': { nl: 'Grond van de discriminatie', en: 'Ground of the discrimination' },
  'field.discriminationGround.hint': { nl: 'Alleen als uw klacht over discriminatie gaat: waarom werd u (of uw kind) anders behandeld?', en: 'Only if your complaint is about discrimination: why were you (or your child) treated differently?' },
  'field.description': { nl: 'Beschrijf wat er is gebeurd', en: 'Describe what happened' },
  'field.description.hint': { nl: 'Wie was erbij, wat gebeurde er, en wat heeft u al met de school besproken? Minstens 20 tekens.', en: 'Who was involved, what happened, and what have you discussed with the school? At least 20 characters.' },
  'field.occurredOn': { nl: 'Wanneer gebeurde het?', en: 'When did it happen?' },
  'field.occurredOn.hint': { nl: 'De (laatste) datum waarop het gebeurde, bijvoorbeeld 01-10-2026. Een klacht moet binnen een jaar worden ingediend.', en: 'The (last) date it happened, for example 01-10-2026. A complaint must be filed within one year.' },
  'field.raisedWithSchool': { nl: 'Heeft u de klacht eerst met de school besproken?', en: 'Did you raise the complaint with the school first?' },
  'field.notRaisedReason': { nl: 'Waarom niet?', en: 'Why not?' },
  'field.notRaisedReason.hint': { nl: 'Alleen invullen als u de klacht niet eerst met de school heeft besproken.', en: 'Only if you did not raise the complaint with the school first.' },
  'field.language': { nl: 'In welke taal wilt u de brieven ontvangen?', en: 'In which language do you want the letters?' },
  'language.nl': { nl: 'Nederlands', en: 'Dutch' },
  'language.en': { nl: 'Engels', en: 'English' },
  'intake.summaryIntro': { nl: 'Kijk uw klacht na. Klopt alles? Verstuur de klacht dan.', en: 'Please check your complaint. Is everything right? Then send it.' },
  'intake.send': { nl: 'Klacht versturen', en: 'Send complaint' },
  'intake.sent': { nl: 'Uw klacht is ontvangen', en: 'Your complaint has been received' },
  'intake.caseNumber': { nl: 'Uw zaaknummer', en: 'Your case number' },
  'intake.accessCode': { nl: 'Uw toegangscode', en: 'Your access code' },
  'intake.codeWarning': {
    nl: 'Schrijf de toegangscode nu op of bewaar deze pagina. U ziet de code maar één keer, en u heeft hem samen met het zaaknummer nodig om uw zaak te volgen.',
    en: 'Write the access code down now or keep this page. You see the code only once, and you need it with the case number to follow your case.',
  },
  'intake.nextSteps': { nl: 'U ontvangt een ontvangstbevestiging per e-mail. Het secretariaat beoordeelt daarna of de commissie uw klacht kan behandelen.', en: 'You will receive an acknowledgement by e-mail. The secretariat then checks whether the committee can handle your complaint.' },
  'intake.expired': { nl: 'Uw sessie is verlopen. Begin opnieuw.', en: 'Your session has expired. Please start again.' },

  'track.loginTitle': { nl: 'Uw zaak bekijken', en: 'View your case' },
  'track.loginIntro': { nl: 'Vul het zaaknummer en de toegangscode in die u kreeg toen u de klacht indiende.', en: 'Enter the case number and the access code you received when you filed the complaint.' },
  'field.caseNumber': { nl: 'Zaaknummer', en: 'Case number' },
  'field.caseNumber.hint': { nl: 'Bijvoorbeeld 2026-000123.', en: 'For example 2026-000123.' },
  'field.accessCode': { nl: 'Toegangscode', en: 'Access code' },
  'field.accessCode.hint': { nl: 'Twaalf letters en cijfers, bijvoorbeeld ABCD-EFGH-JKLM.', en: 'Twelve letters and digits, for example ABCD-EFGH-JKLM.' },
  'track.login': { nl: 'Bekijk mijn zaak', en: 'View my case' },
  'track.loginFailed': { nl: 'Dit zaaknummer en deze toegangscode horen niet bij elkaar. Controleer beide en probeer het opnieuw.', en: 'This case number and access code do not match. Check both and try again.' },
  'track.title': { nl: 'Zaak {caseNumber}', en: 'Case {caseNumber}' },
  'track.status': { nl: 'Stand van zaken', en: 'Current state' },
  'track.next': { nl: 'Wat gebeurt er nu?', en: 'What happens next?' },
  'track.deadline': { nl: 'Uiterlijk {date}: {label}', en: 'By {date}: {label}' },
  'track.noDeadline': { nl: 'Er loopt op dit moment geen termijn.', en: 'No term is running at the moment.' },
  'track.timeline': { nl: 'Verloop', en: 'History' },
  'track.letters': { nl: 'Brieven', en: 'Letters' },
  'track.documents': { nl: 'Documenten', en: 'Documents' },
  'track.replyTitle': { nl: 'Uw reactie op het verweer (repliek)', en: 'Your reply to the defence' },
  'field.replyText': { nl: 'Uw reactie', en: 'Your reply' },
  'field.replyFiles': { nl: 'Bijlagen', en: 'Attachments' },
  'field.files.hint': { nl: 'PDF, Word, Excel, OpenDocument, JPEG of PNG, per bestand hoogstens 10 MB.', en: 'PDF, Word, Excel, OpenDocument, JPEG or PNG, at most 10 MB per file.' },
  'track.replySend': { nl: 'Reactie versturen', en: 'Send reply' },
  'track.withdrawTitle': { nl: 'Klacht intrekken', en: 'Withdraw the complaint' },
  'track.withdrawText': { nl: 'Wilt u niet verder met uw klacht? Dan kunt u de klacht intrekken. De commissie behandelt de klacht daarna niet meer.', en: 'Do you not want to continue? Then you can withdraw the complaint. The committee will then stop handling it.' },
  'track.withdrawLink': { nl: 'Klacht intrekken', en: 'Withdraw complaint' },
  'track.withdrawConfirmTitle': { nl: 'Weet u zeker dat u de klacht wilt intrekken?', en: 'Are you sure you want to withdraw the complaint?' },
  'track.withdrawConfirmText': { nl: 'Dit kunt u niet ongedaan maken. U en de school krijgen een bevestiging per brief.', en: 'This cannot be undone. You and the school will receive a confirmation letter.' },
  'field.withdrawReason': { nl: 'Reden', en: 'Reason' },
  'track.withdrawConfirm': { nl: 'Ja, trek de klacht in', en: 'Yes, withdraw the complaint' },
  'track.withdrawCancel': { nl: 'Nee, terug naar mijn zaak', en: 'No, back to my case' },
  'track.withdrawn': { nl: 'Uw klacht is ingetrokken.', en: 'Your complaint has been withdrawn.' },
  'track.refused': { nl: 'Dit kan nu niet: {reason}', en: 'This is not possible now: {reason}' },
  'track.closed': { nl: 'Deze zaak is afgesloten.', en: 'This case is closed.' },

  'school.title': { nl: 'Klacht {caseNumber} — voor het bevoegd gezag', en: 'Complaint {caseNumber} — for the school board' },
  'school.intro': { nl: 'U bekijkt deze zaak via de beveiligde link die het secretariaat u stuurde. Deel deze link niet.', en: 'You are viewing this case through the secure link the secretariat sent you. Do not share it.' },
  'school.complaint': { nl: 'De klacht', en: 'The complaint' },
  'school.occurredOn': { nl: 'Datum van het voorval', en: 'Date of the incident' },
  'school.category': { nl: 'Onderwerp', en: 'Subject' },
  'school.defenceTitle': { nl: 'Verweerschrift indienen', en: 'Submit the defence' },
  'school.defenceIntro': { nl: 'Stuur uw verweerschrift als bestand mee. U kunt ook een toelichting typen en bijlagen toevoegen.', en: 'Attach your defence as a file. You may also type an explanation and add attachments.' },
  'field.defenceFile': { nl: 'Verweerschrift', en: 'Defence' },
  'field.attachments': { nl: 'Bijlagen', en: 'Attachments' },
  'field.defenceText': { nl: 'Toelichting', en: 'Explanation' },
  'school.defenceSend': { nl: 'Verweerschrift versturen', en: 'Send defence' },
  'school.defenceNotNow': { nl: 'Er wordt op dit moment geen verweerschrift gevraagd.', en: 'No defence is requested at the moment.' },
  'school.defenceReceived': { nl: 'Uw verweerschrift is ontvangen op {date}.', en: 'Your defence was received on {date}.' },
  'school.defenceDefaultText': { nl: 'Verweerschrift bijgevoegd als document.', en: 'Defence attached as a document.' },
  'school.linkInvalid': { nl: 'Deze link werkt niet (meer). Vraag het secretariaat om een nieuwe link.', en: 'This link does not work (any more). Ask the secretariat for a new link.' },

  'receipt.title': { nl: 'Ontvangstbewijs', en: 'Receipt' },
  'receipt.intro': { nl: 'Wij hebben uw stukken ontvangen. Bewaar dit ontvangstbewijs.', en: 'We have received your documents. Keep this receipt.' },
  'receipt.reference': { nl: 'Kenmerk', en: 'Reference' },
  'receipt.receivedAt': { nl: 'Ontvangen op', en: 'Received at' },
  'receipt.case': { nl: 'Zaak', en: 'Case' },
  'receipt.file': { nl: 'Bestand', en: 'File' },
  'receipt.size': { nl: 'Grootte', en: 'Size' },
  'receipt.fingerprint': { nl: 'Vingerafdruk (SHA-256)', en: 'Fingerprint (SHA-256)' },
  'receipt.back': { nl: 'Terug naar de zaak', en: 'Back to the case' },

  'staff.loginTitle': { nl: 'Inloggen voor medewerkers', en: 'Staff login' },
  'field.email': { nl: 'E-mailadres', en: 'E-mail address' },
  'field.password': { nl: 'Wachtwoord', en: 'Password' },
  'staff.login': { nl: 'Inloggen', en: 'Log in' },
  'staff.loginFailed': { nl: 'Het e-mailadres of het wachtwoord klopt niet.', en: 'The e-mail address or the password is not right.' },
  'staff.password.title': { nl: 'Wachtwoord wijzigen', en: 'Change password' },
  'staff.password.link': { nl: 'Wachtwoord wijzigen', en: 'Change password' },
  'staff.password.current': { nl: 'Huidig wachtwoord', en: 'Current password' },
  'staff.password.new': { nl: 'Nieuw wachtwoord', en: 'New password' },
  'staff.password.hint': { nl: 'Ten minste {min} tekens. Een zin van een paar woorden is sterk en goed te onthouden.', en: 'At least {min} characters. A sentence of a few words is strong and easy to remember.' },
  'staff.password.repeat': { nl: 'Herhaal het nieuwe wachtwoord', en: 'Repeat the new password' },
  'staff.password.submit': { nl: 'Wachtwoord wijzigen', en: 'Change password' },
  'staff.password.currentMissing': { nl: 'Vul uw huidige wachtwoord in.', en: 'Enter your current password.' },
  'staff.password.wrong': { nl: 'Het huidige wachtwoord klopt niet.', en: 'The current password is not right.' },
  'staff.password.tooShort': { nl: 'Het nieuwe wachtwoord moet ten minste {min} tekens hebben.', en: 'The new password must have at least {min} characters.' },
  'staff.password.guessable': { nl: 'Dit wachtwoord is te bekend of te makkelijk te raden (het staat in lijsten van veelgebruikte of gelekte wachtwoorden, of lijkt erop). Kies een langere zin van gewone woorden.', en: 'This password is too common or too easy to guess (it is on lists of common or breached passwords, or close to one). Choose a longer phrase of ordinary words.' },
  'staff.password.same': { nl: 'Kies een ander wachtwoord dan het huidige.', en: 'Choose a password other than the current one.' },
  'staff.password.mismatch': { nl: 'De twee nieuwe wachtwoorden zijn niet gelijk.', en: 'The two new passwords are not the same.' },
  'staff.password.done': { nl: 'Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.', en: 'Your password has been changed. You have been logged out on other devices.' },

  'error.notFound': { nl: 'Pagina niet gevonden', en: 'Page not found' },
  'error.notFoundText': { nl: 'Deze pagina bestaat niet, of u heeft er geen toegang toe.', en: 'This page does not exist, or you do not have access to it.' },
  'error.tooMany': { nl: 'Te veel pogingen', en: 'Too many attempts' },
  'error.tooManyText': { nl: 'U heeft het te vaak geprobeerd. Wacht {minutes} minuten en probeer het dan opnieuw.', en: 'You have tried too often. Wait {minutes} minutes and try again.' },
  'error.csrf': { nl: 'Het formulier is verlopen', en: 'The form has expired' },
  'error.csrfText': { nl: 'Uw sessie is verlopen of het formulier is al gebruikt. Ga terug, laad de pagina opnieuw en probeer het nog eens.', en: 'Your session has expired or the form was already used. Go back, reload the page and try again.' },
  'error.server': { nl: 'Er ging iets mis', en: 'Something went wrong' },
  'error.serverText': { nl: 'Er ging aan onze kant iets mis. Uw gegevens zijn niet verloren; probeer het over een paar minuten opnieuw.', en: 'Something went wrong on our side. Nothing you entered is lost; try again in a few minutes.' },
  'error.badRequest': { nl: 'Dit verzoek kunnen wij niet lezen', en: 'We cannot read this request' },
  'error.badRequestText': { nl: 'Het formulier of adres kwam onleesbaar aan. Ga terug, laad de pagina opnieuw en probeer het nog eens.', en: 'The form or address arrived unreadable. Go back, reload the page and try again.' },
  'error.tooLarge': { nl: 'Te veel of te grote bestanden', en: 'Too many or too large files' },
  'error.tooLargeText': { nl: 'Per keer kunt u hoogstens 10 bestanden van elk hoogstens 10 MB versturen.', en: 'You can send at most 10 files of at most 10 MB each at a time.' },


  'next.received': { nl: 'Het secretariaat beoordeelt of de commissie uw klacht kan behandelen.', en: 'The secretariat checks whether the committee can handle your complaint.' },
  'next.admissibility': { nl: 'Het secretariaat beoordeelt of de commissie uw klacht kan behandelen (de ontvankelijkheid).', en: 'The secretariat checks whether the committee can handle your complaint (admissibility).' },
  'next.awaiting-completion': { nl: 'Het secretariaat heeft u gevraagd uw klacht aan te vullen. Stuur de ontbrekende gegevens voordat de termijn verloopt.', en: 'The secretariat has asked you to complete your complaint. Send the missing information before the term ends.' },
  'next.referred-to-school': { nl: 'Uw klacht ligt eerst bij de school. De school laat de commissie weten of de klacht is opgelost.', en: 'Your complaint is first with the school. The school tells the committee whether it has been resolved.' },
  'next.mediation': { nl: 'Er loopt een bemiddeling tussen u en de school.', en: 'Mediation between you and the school is under way.' },
  'next.defence': { nl: 'De school is gevraagd schriftelijk op uw klacht te reageren (het verweerschrift).', en: 'The school has been asked to answer your complaint in writing (the defence).' },
  'next.reply-round': { nl: 'U en de school kunnen nog één keer op elkaars stukken reageren.', en: 'You and the school can respond to each other’s documents once more.' },
  'next.hearing-scheduling': { nl: 'De commissie plant de hoorzitting en vraagt wanneer u kunt.', en: 'The committee is planning the hearing and asks when you are available.' },
  'next.hearing-scheduled': { nl: 'De hoorzitting is gepland. U ontvangt een uitnodiging met de datum en de plaats.', en: 'The hearing has been scheduled. You receive an invitation with the date and place.' },
  'next.deliberation': { nl: 'De commissie beraadslaagt en stelt haar advies op.', en: 'The committee is deliberating and drafting its advice.' },
  'next.advice-issued': { nl: 'De commissie heeft advies uitgebracht. Het bevoegd gezag laat weten wat het met het advies doet.', en: 'The committee has issued its advice. The school board states what it will do with it.' },
  'next.compliance': { nl: 'De school voert de maatregelen uit het advies uit; het secretariaat controleert dat.', en: 'The school carries out the measures of the advice; the secretariat checks this.' },
  'next.closed': { nl: 'Deze zaak is afgesloten. U hoeft niets meer te doen.', en: 'This case is closed. You need not do anything more.' },

  'event.complaint.received': { nl: 'Klacht ontvangen', en: 'Complaint received' },
  'event.complaint.acknowledged': { nl: 'Ontvangstbevestiging verstuurd', en: 'Acknowledgement sent' },
  'event.completion.requested': { nl: 'Gevraagd de klacht aan te vullen', en: 'Asked to complete the complaint' },
  'event.complaint.completed': { nl: 'Klacht aangevuld', en: 'Complaint completed' },
  'event.admissibility.decided': { nl: 'Besluit over de ontvankelijkheid', en: 'Decision on admissibility' },
  'event.complaint.referred': { nl: 'Klacht teruggelegd bij de school', en: 'Complaint referred to the school' },
  'event.mediation.started': { nl: 'Bemiddeling gestart', en: 'Mediation started' },
  'event.mediation.settled': { nl: 'Schikking bereikt', en: 'Settlement reached' },
  'event.defence.requested': { nl: 'School gevraagd om een verweerschrift', en: 'School asked for a defence' },
  'event.defence.received': { nl: 'Verweerschrift ontvangen', en: 'Defence received' },
  'event.defence.forwarded': { nl: 'Verweerschrift aan u doorgestuurd', en: 'Defence forwarded to you' },
  'event.defence.not-received': { nl: 'Geen verweerschrift ontvangen binnen de termijn', en: 'No defence received within the term' },
  'event.reply.received': { nl: 'Uw reactie ontvangen', en: 'Your reply received' },
  'event.rejoinder.received': { nl: 'Reactie van de school ontvangen', en: 'School’s rejoinder received' },
  'event.hearing.scheduled': { nl: 'Hoorzitting gepland', en: 'Hearing scheduled' },
  'event.advice.issued': { nl: 'Advies uitgebracht', en: 'Advice issued' },
  'event.complaint.withdrawn': { nl: 'Klacht ingetrokken', en: 'Complaint withdrawn' },
  'event.case.closed': { nl: 'Zaak afgesloten', en: 'Case closed' },
  'event.term.extended': { nl: 'Termijn verlengd', en: 'Term extended' },

  'file.tooLarge': { nl: 'Het bestand {name} is groter dan 10 MB.', en: 'The file {name} is larger than 10 MB.' },
  'file.empty': { nl: 'Het bestand {name} is leeg.', en: 'The file {name} is empty.' },
  'file.type': { nl: 'Het bestand {name} is geen PDF, Word-, Excel- of OpenDocument-bestand, JPEG of PNG.', en: 'The file {name} is not a PDF, Word, Excel or OpenDocument file, JPEG or PNG.' },
  'file.required': { nl: 'Kies het bestand met uw verweerschrift.', en: 'Choose the file with your defence.' },
  'reply.required': { nl: 'Typ uw reactie of voeg een bestand toe.', en: 'Type your reply or add a file.' },
} satisfies Messages;

// Category labels live with the committee's policy data; the form shows them capitalised.
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const CATEGORY_MESSAGES = Object.fromEntries(
  COMPLAINT_CATEGORIES.map((c) => [`category.${c}`, { nl: capitalised(CATEGORY_LABELS[c].nl), en: capitalised(CATEGORY_LABELS[c].en) }]),
) as Record<`category.${ComplaintCategory}`, Message>;

const CATALOGUES = [CORE_MESSAGES, CATEGORY_MESSAGES, CONSOLE_MESSAGES, PARTY_MESSAGES, ADMIN_MESSAGES, STATISTICS_MESSAGES, REGISTER_MESSAGES, STAFF_SECURITY_MESSAGES, CALENDAR_MESSAGES, PUBLICATION_MESSAGES, BOARD_MESSAGES, CONSOLE_WORK_MESSAGES, STAGE_MESSAGES, CASE_PARTY_MESSAGES, RESPONDENT_MESSAGES] as const;

/** Every text's key: the type checker refuses a literal key that no catalogue defines. */
export type MessageKey = keyof typeof CORE_MESSAGES | keyof typeof CATEGORY_MESSAGES | keyof typeof CONSOLE_MESSAGES | keyof typeof PARTY_MESSAGES | keyof typeof ADMIN_MESSAGES | keyof typeof STATISTICS_MESSAGES | keyof typeof REGISTER_MESSAGES | keyof typeof STAFF_SECURITY_MESSAGES | keyof typeof CALENDAR_MESSAGES | keyof typeof PUBLICATION_MESSAGES | keyof typeof BOARD_MESSAGES | keyof typeof CONSOLE_WORK_MESSAGES | keyof typeof STAGE_MESSAGES | keyof typeof CASE_PARTY_MESSAGES | keyof typeof RESPONDENT_MESSAGES;

export const MESSAGES: Readonly<Record<MessageKey, Message>> = mergeMessages(CATALOGUES);

/** A key defined twice is a mistake that would silently change a page; refuse it at load. */
function mergeMessages(catalogues: readonly Messages[]): Record<MessageKey, Message> {
  const merged: Messages = {};
  for (const catalogue of catalogues) {
    for (const [key, value] of Object.entries(catalogue)) {
      if (key in merged) throw new Error(`message key ${key} is defined twice`);
      merged[key] = value;
    }
  }
  return merged as Record<MessageKey, Message>;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/**
 * A key put together at run time (`console.action.${name}`), checked. Outside production a missing
 * text throws, so a test that renders the page fails; in production the page shows the key rather
 * than fail the person reading it.
 */
export function messageKey(key: string): MessageKey {
  if (isMessageKey(key)) return key;
  if (!currentConfig().production) throw new Error(`no text for message key "${key}" in api/web/messages`);
  return key as MessageKey;
}

/** The text of a key that may have none (an event type without a label): undefined then, never the key. */
export function translateKnown(lang: Lang, key: string, params: Record<string, unknown> = {}): string | undefined {
  return isMessageKey(key) ? translate(lang, key, params) : undefined;
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, unknown> = {}): string {
  const entry: Message | undefined = MESSAGES[messageKey(key)];
  const text = entry ? entry[lang] : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (params[name] === undefined ? `{${name}}` : String(params[name])));
}

const PLURAL_RULES: Record<Lang, Intl.PluralRules> = { nl: new Intl.PluralRules('nl-NL'), en: new Intl.PluralRules('en-GB') };

/**
 * A text about a number of things, in the right grammatical number: the key's `.one` or `.other`
 * form (Intl's plural rules for the language), with `{count}` filled ("1 zaak wacht", "2 zaken wachten").
 */
export function translateCount(lang: Lang, key: string, count: number, params: Record<string, unknown> = {}): string {
  const form = PLURAL_RULES[lang].select(count) === 'one' ? 'one' : 'other';
  return translate(lang, messageKey(`${key}.${form}`), { ...params, count });
}
